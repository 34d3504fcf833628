/**
 * What a GitHub Actions OIDC token carries and an Entra ID federated identity credential must match
 * exactly: GitHub's issuer, the audience Entra ID expects, and the subject claim of the two kinds of
 * job cync runs — a pull request's plan and the reconcile in a protected environment.
 *
 * Subject formats: https://docs.github.com/en/actions/deployment/security-hardening-your-deployments/about-security-hardening-with-openid-connect#example-subject-claims
 * Entra ID's side: https://learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust
 */
export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

/** The audience Entra ID recommends for workload identity federation (GitHub's azure/login requests it). */
export const ENTRA_TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

/** Every job of a workflow run for a pull request gets this subject, whatever its branch. */
export function pullRequestSubject(repository: string): string {
  return `repo:${repository}:pull_request`;
}

/** A job that runs in the named environment, whose protection rules (reviewers, branches) gate it. */
export function environmentSubject(repository: string, environment: string): string {
  return `repo:${repository}:environment:${environment}`;
}

/**
 * Which Azure credential cync signs in with, chosen from the standard environment variables —
 * EnvironmentCredential's and DefaultAzureCredential's conventions, but spelled out, so that a
 * missing or half-done configuration gets a message naming exactly what is missing instead of a
 * chain of "credential unavailable" errors (secret values are never printed).
 *
 * In order (the first whose variables are present wins):
 * 1. client secret:        AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET
 * 2. client certificate:   AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_CERTIFICATE_PATH
 *                          [+ AZURE_CLIENT_CERTIFICATE_PASSWORD]
 * 3. federated token file: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_FEDERATED_TOKEN_FILE
 *                          (Kubernetes workload identity, or a GitHub OIDC token written to a file)
 * 4. GitHub Actions OIDC:  AZURE_TENANT_ID, AZURE_CLIENT_ID and the runner's
 *                          ACTIONS_ID_TOKEN_REQUEST_URL / _TOKEN (`permissions: id-token: write`)
 * 5. managed identity:     IDENTITY_ENDPOINT or MSI_ENDPOINT (App Service, Functions, Container
 *                          Apps, Arc); AZURE_CLIENT_ID selects a user-assigned identity
 * `CYNC_CREDENTIAL` forces one kind — required for `managed-identity` on a VM (IMDS sets no
 * variable) and for `azure-cli` (a developer's `az login`).
 *
 * AZURE_AUTHORITY_HOST selects the Entra authority (sovereign clouds, or the embedded tenant).
 */
import {
  AzureAuthorityHosts,
  AzureCliCredential,
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  WorkloadIdentityCredential,
  type TokenCredential,
} from "@azure/identity";
import { CredentialConfigError } from "./errors/credential-config-error";

const credentialKinds = [
  "client-secret",
  "client-certificate",
  "federated-token-file",
  "github-oidc",
  "managed-identity",
  "azure-cli",
] as const;
export type CredentialKind = (typeof credentialKinds)[number];

type Env = Readonly<Record<string, string | undefined>>;

/** The chosen kind and the variables it reads (values stay in `env`). */
export interface CredentialPlan {
  readonly kind: CredentialKind;
  /** Names of the environment variables the credential uses, for `--verbose` output and tests. */
  readonly uses: readonly string[];
}

const needs: Readonly<Record<CredentialKind, readonly string[]>> = {
  "client-secret": ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"],
  "client-certificate": ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_CERTIFICATE_PATH"],
  "federated-token-file": ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_FEDERATED_TOKEN_FILE"],
  "github-oidc": ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"],
  "managed-identity": [],
  "azure-cli": [],
};

const labels: Readonly<Record<CredentialKind, string>> = {
  "client-secret": "a client secret",
  "client-certificate": "a client certificate",
  "federated-token-file": "a federated token file",
  "github-oidc": "GitHub Actions OIDC",
  "managed-identity": "a managed identity",
  "azure-cli": "the Azure CLI",
};

/** Decides which credential the environment describes (pure). Throws CredentialConfigError. */
export function planCredential(env: Env): CredentialPlan {
  const has = (name: string) => (env[name] ?? "").trim() !== "";
  const forced = env.CYNC_CREDENTIAL?.trim();
  if (forced) {
    if (!(credentialKinds as readonly string[]).includes(forced)) {
      throw new CredentialConfigError(
        `CYNC_CREDENTIAL is "${forced}"; expected one of: ${credentialKinds.join(", ")}.`,
      );
    }
    return complete(forced as CredentialKind, has);
  }
  if (has("AZURE_CLIENT_SECRET")) return complete("client-secret", has);
  if (has("AZURE_CLIENT_CERTIFICATE_PATH")) return complete("client-certificate", has);
  if (has("AZURE_FEDERATED_TOKEN_FILE")) return complete("federated-token-file", has);
  if (has("ACTIONS_ID_TOKEN_REQUEST_URL") && has("AZURE_CLIENT_ID")) return complete("github-oidc", has);
  if (has("IDENTITY_ENDPOINT") || has("MSI_ENDPOINT")) return complete("managed-identity", has);
  throw new CredentialConfigError(
    "No Azure credential is configured for Microsoft Graph. Set one of:\n" +
      "  - AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (client secret)\n" +
      "  - AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_CERTIFICATE_PATH [+ AZURE_CLIENT_CERTIFICATE_PASSWORD]\n" +
      "  - AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_FEDERATED_TOKEN_FILE (workload identity / OIDC token file)\n" +
      "  - AZURE_TENANT_ID and AZURE_CLIENT_ID in a GitHub Actions job with `permissions: id-token: write`\n" +
      "  - CYNC_CREDENTIAL=managed-identity (Azure-hosted) or CYNC_CREDENTIAL=azure-cli (after `az login`)",
  );
}

function complete(kind: CredentialKind, has: (name: string) => boolean): CredentialPlan {
  const missing = needs[kind].filter((name) => !has(name));
  if (missing.length > 0) {
    throw new CredentialConfigError(
      `Signing in with ${labels[kind]} needs ${needs[kind].join(", ")}; missing: ${missing.join(", ")}.`,
    );
  }
  const optional = kind === "client-certificate" ? ["AZURE_CLIENT_CERTIFICATE_PASSWORD"] : kind === "managed-identity" ? ["AZURE_CLIENT_ID"] : [];
  const authority = has("AZURE_AUTHORITY_HOST") ? ["AZURE_AUTHORITY_HOST"] : [];
  return { kind, uses: [...needs[kind], ...optional.filter(has), ...authority] };
}

/**
 * Authority options for @azure/identity. Instance discovery asks login.microsoftonline.com whether
 * an authority is genuine; an authority host that is not one of Microsoft's clouds (the embedded
 * tenant, Azure Stack) cannot be vouched for that way, so discovery is turned off for it.
 */
export function authorityOptions(env: Env): { authorityHost?: string; disableInstanceDiscovery?: boolean } {
  const host = env.AZURE_AUTHORITY_HOST?.trim().replace(/\/+$/, "");
  if (!host) return {};
  const known = (Object.values(AzureAuthorityHosts) as string[]).includes(host);
  return known ? { authorityHost: host } : { authorityHost: host, disableInstanceDiscovery: true };
}

/** Builds the credential `planCredential` chose. Throws CredentialConfigError. */
export function credentialFromEnv(env: Env = process.env): { plan: CredentialPlan; credential: TokenCredential } {
  const plan = planCredential(env);
  const value = (name: string) => env[name]!.trim();
  const authority = authorityOptions(env);
  switch (plan.kind) {
    case "client-secret":
      return {
        plan,
        credential: new ClientSecretCredential(value("AZURE_TENANT_ID"), value("AZURE_CLIENT_ID"), value("AZURE_CLIENT_SECRET"), authority),
      };
    case "client-certificate":
      return {
        plan,
        credential: new ClientCertificateCredential(
          value("AZURE_TENANT_ID"),
          value("AZURE_CLIENT_ID"),
          {
            certificatePath: value("AZURE_CLIENT_CERTIFICATE_PATH"),
            ...(env.AZURE_CLIENT_CERTIFICATE_PASSWORD ? { certificatePassword: env.AZURE_CLIENT_CERTIFICATE_PASSWORD } : {}),
          },
          authority,
        ),
      };
    case "federated-token-file":
      // WorkloadIdentityCredential re-reads the file as it rotates and sends it as client assertion.
      return {
        plan,
        credential: new WorkloadIdentityCredential({
          tenantId: value("AZURE_TENANT_ID"),
          clientId: value("AZURE_CLIENT_ID"),
          tokenFilePath: value("AZURE_FEDERATED_TOKEN_FILE"),
          ...authority,
        }),
      };
    case "github-oidc":
      return {
        plan,
        credential: new ClientAssertionCredential(
          value("AZURE_TENANT_ID"),
          value("AZURE_CLIENT_ID"),
          () => githubOidcToken(value("ACTIONS_ID_TOKEN_REQUEST_URL"), value("ACTIONS_ID_TOKEN_REQUEST_TOKEN")),
          authority,
        ),
      };
    case "managed-identity":
      return {
        plan,
        credential: env.AZURE_CLIENT_ID?.trim()
          ? new ManagedIdentityCredential({ clientId: value("AZURE_CLIENT_ID") })
          : new ManagedIdentityCredential(),
      };
    case "azure-cli":
      return {
        plan,
        credential: new AzureCliCredential(env.AZURE_TENANT_ID?.trim() ? { tenantId: value("AZURE_TENANT_ID") } : {}),
      };
  }
}

/**
 * GitHub's OIDC token for Entra's federated credential: the audience Entra expects is
 * `api://AzureADTokenExchange` (Microsoft's "workload identity federation" docs; azure/login does
 * the same). Fetched on each token refresh, since the runner's tokens live minutes.
 */
async function githubOidcToken(requestUrl: string, requestToken: string): Promise<string> {
  const url = new URL(requestUrl);
  url.searchParams.set("audience", "api://AzureADTokenExchange");
  const response = await fetch(url, { headers: { authorization: `bearer ${requestToken}` } });
  if (!response.ok) {
    throw new CredentialConfigError(`GitHub Actions OIDC token request failed with status ${response.status}.`);
  }
  const { value } = (await response.json()) as { value?: unknown };
  if (typeof value !== "string") throw new CredentialConfigError("GitHub Actions OIDC token response has no token.");
  return value;
}

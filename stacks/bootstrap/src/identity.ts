/**
 * One of cync's identities: an Entra ID application with no credential of its own, trusted only for
 * the GitHub Actions jobs whose OIDC subject it names, and granted (admin-consented) exactly the
 * Microsoft Graph application permissions it is given.
 */
import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { ENTRA_TOKEN_EXCHANGE_AUDIENCE, GITHUB_ISSUER } from "./github-oidc";
import { appRoleId, MICROSOFT_GRAPH_APP_ID, type GraphPermission } from "./permissions";

/** Microsoft Graph's service principal in the tenant, as azuread.getServicePrincipal reads it. */
export interface GraphServicePrincipal {
  readonly objectId: string;
  /** App role ids by permission name (User.Read.All → its id). */
  readonly appRoleIds: Readonly<Record<string, string>>;
}

export interface CyncIdentityArgs {
  readonly displayName: string;
  readonly description: string;
  /** The GitHub OIDC subject allowed to sign in as this identity. */
  readonly subject: string;
  readonly permissions: readonly GraphPermission[];
  readonly graph: pulumi.Output<GraphServicePrincipal>;
}

export class CyncIdentity extends pulumi.ComponentResource {
  readonly clientId: pulumi.Output<string>;
  readonly servicePrincipalObjectId: pulumi.Output<string>;

  constructor(name: string, args: CyncIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("cync:bootstrap:Identity", name, {}, opts);
    const child = { parent: this };
    const roleId = (permission: GraphPermission): pulumi.Output<string> => args.graph.apply((graph) => appRoleId(graph.appRoleIds, permission));

    // No owners: an owner could add a client secret to the application.
    const application = new azuread.Application(name, {
      displayName: args.displayName,
      description: args.description,
      signInAudience: "AzureADMyOrg",
      preventDuplicateNames: true,
      // What the portal shows as the app's API permissions; the assignments below are the consent.
      requiredResourceAccesses: [{
        resourceAppId: MICROSOFT_GRAPH_APP_ID,
        resourceAccesses: args.permissions.map((permission) => ({ id: roleId(permission), type: "Role" })),
      }],
    }, child);
    const servicePrincipal = new azuread.ServicePrincipal(name, { clientId: application.clientId }, child);
    new azuread.ApplicationFederatedIdentityCredential(name, {
      applicationId: application.id,
      displayName: "github-actions",
      description: `GitHub Actions jobs with subject ${args.subject}`,
      issuer: GITHUB_ISSUER,
      audiences: [ENTRA_TOKEN_EXCHANGE_AUDIENCE],
      subject: args.subject,
    }, child);
    for (const permission of args.permissions) {
      new azuread.AppRoleAssignment(`${name}-${permission}`, {
        appRoleId: roleId(permission),
        principalObjectId: servicePrincipal.objectId,
        resourceObjectId: args.graph.objectId,
      }, child);
    }

    this.clientId = application.clientId;
    this.servicePrincipalObjectId = servicePrincipal.objectId;
    this.registerOutputs({ clientId: this.clientId, servicePrincipalObjectId: this.servicePrincipalObjectId });
  }
}

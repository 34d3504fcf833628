/**
 * The bootstrap stack (README "Bootstrap the identities"): Microsoft Graph's service principal is
 * looked up, the planner and the applier are created, and the outputs are what the repository's
 * variables take — AZURE_TENANT_ID, CYNC_PLANNER_CLIENT_ID, CYNC_APPLIER_CLIENT_ID. No output, and
 * no resource, holds a secret: none exists.
 */
import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { exchangeScopeCommands } from "./exchange-scope";
import { environmentSubject, pullRequestSubject } from "./github-oidc";
import { CyncIdentity } from "./identity";
import { graphPermissions, MICROSOFT_GRAPH_APP_ID } from "./permissions";
import type { BootstrapSettings } from "./settings";

export interface BootstrapOutputs {
  readonly tenantId: pulumi.Output<string>;
  readonly plannerClientId: pulumi.Output<string>;
  readonly applierClientId: pulumi.Output<string>;
  /** Only with `exchangeScope` set: the PowerShell that grants the applier its scoped contact access. */
  readonly exchangeScopeCommands?: pulumi.Output<string>;
}

export function bootstrap(settings: BootstrapSettings): BootstrapOutputs {
  const graph = azuread.getServicePrincipalOutput({ clientId: MICROSOFT_GRAPH_APP_ID });
  const planner = new CyncIdentity("planner", {
    displayName: `${settings.namePrefix}-planner`,
    description: `cync: plans pull requests of ${settings.githubRepository} (read-only)`,
    subject: pullRequestSubject(settings.githubRepository),
    permissions: graphPermissions("planner", settings),
    graph,
  });
  const applierName = `${settings.namePrefix}-applier`;
  const applier = new CyncIdentity("applier", {
    displayName: applierName,
    description: `cync: applies ${settings.githubRepository} in its ${settings.environment} environment`,
    subject: environmentSubject(settings.githubRepository, settings.environment),
    permissions: graphPermissions("applier", settings),
    graph,
  });
  const outputs = {
    tenantId: azuread.getClientConfigOutput().tenantId,
    plannerClientId: planner.clientId,
    applierClientId: applier.clientId,
  };
  const recipientFilter = settings.exchangeScope;
  if (recipientFilter === undefined) return outputs;
  return {
    ...outputs,
    exchangeScopeCommands: pulumi.all([applier.clientId, applier.servicePrincipalObjectId]).apply(([clientId, servicePrincipalObjectId]) =>
      exchangeScopeCommands({ clientId, servicePrincipalObjectId, displayName: applierName, scopeName: `${applierName}-mailboxes`, recipientFilter }),
    ),
  };
}

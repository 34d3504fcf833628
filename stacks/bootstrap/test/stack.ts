/**
 * Runs the bootstrap program as `pulumi up` would, against Pulumi's mocks instead of the engine
 * (https://www.pulumi.com/docs/iac/guides/testing/unit/): every resource the program registers is
 * recorded with its inputs, and the two data sources answer from the named fixtures below.
 */
import * as pulumi from "@pulumi/pulumi";

const PROJECT = "cync-bootstrap";

/** Microsoft Graph's service principal as a tenant lists it — with more roles than cync may hold. */
export const GRAPH_SERVICE_PRINCIPAL = {
  objectId: "graph-sp-object-id",
  appRoleIds: Object.fromEntries(
    ["User.Read.All", "GroupMember.Read.All", "Contacts.Read", "Contacts.ReadWrite", "MailboxSettings.Read", "MailboxSettings.ReadWrite", "Mail.Read", "Directory.ReadWrite.All", "Application.ReadWrite.All"]
      .map((name) => [name, `role-id-of-${name}`]),
  ),
};

export const TENANT_ID = "tenant-id-of-contoso";

/** The permission whose app role id this is (the inverse of GRAPH_SERVICE_PRINCIPAL.appRoleIds). */
export function permissionOf(roleId: unknown): string {
  const entry = Object.entries(GRAPH_SERVICE_PRINCIPAL.appRoleIds).find(([, id]) => id === roleId);
  if (entry === undefined) throw new Error(`not a Microsoft Graph app role id: ${String(roleId)}`);
  return entry[0];
}

export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  /** What the mock answered: inputs plus the ids Entra ID would assign. */
  readonly state: Record<string, unknown>;
}

export interface StackRun {
  readonly resources: readonly RecordedResource[];
  /** The stack outputs as `pulumi stack output` shows them. */
  readonly outputs: Record<string, unknown>;
  /** The program's own return value, to ask of each output whether it is secret. */
  readonly returned: object;
}

/** Ids Entra ID assigns, made from the resource's name: the client id of "planner" is "planner-client-id". */
function assignedIds(type: string, name: string): { id: string; state: Record<string, unknown> } {
  switch (type) {
    case "azuread:index/application:Application":
      return { id: `/applications/${name}-object-id`, state: { clientId: `${name}-client-id`, objectId: `${name}-object-id` } };
    case "azuread:index/servicePrincipal:ServicePrincipal":
      return { id: `${name}-sp-object-id`, state: { objectId: `${name}-sp-object-id` } };
    default:
      return { id: `${name}-id`, state: {} };
  }
}

/** Points Pulumi's runtime at the mocks, recording into `resources`, with this stack config. */
export async function configure(config: Record<string, string>, resources: RecordedResource[] = []): Promise<void> {
  await pulumi.runtime.setMocks(
    {
      newResource({ type, name, inputs }) {
        const { id, state } = assignedIds(type, name);
        const full = { ...inputs, ...state };
        resources.push({ type, name, inputs, state: full });
        return { id, state: full };
      },
      call({ token }) {
        switch (token) {
          case "azuread:index/getServicePrincipal:getServicePrincipal":
            return GRAPH_SERVICE_PRINCIPAL;
          case "azuread:index/getClientConfig:getClientConfig":
            return { tenantId: TENANT_ID, clientId: "deploying-admin-client-id", objectId: "deploying-admin-object-id" };
          default:
            throw new Error(`unexpected call ${token}`);
        }
      },
    },
    PROJECT,
    "test",
    false,
  );
  pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(config).map(([key, value]) => [`${PROJECT}:${key}`, value])));
}

export async function runStack(program: () => object, config: Record<string, string>): Promise<StackRun> {
  const resources: RecordedResource[] = [];
  await configure(config, resources);
  let returned: object = {};
  const outputs = await pulumi.runtime.runInPulumiStack(async () => {
    returned = program();
    return returned;
  });
  // Resources whose inputs wait on others register after the outputs resolve: wait for every
  // registration, as the engine does before it ends an update.
  await pulumi.runtime.disconnect();
  return { resources, outputs: outputs ?? {}, returned };
}

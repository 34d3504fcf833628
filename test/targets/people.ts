/** Named directory fixtures for source and target selection. */
import type { GroupRef, Membership } from "../../src/conditions";
import type { DirectoryUser } from "../../src/model/directory-user";
import { resolvePolicy, type PolicySpec, type ResolvedPolicy } from "../../src/policy";

const exchange = [{ service: "exchange", capabilityStatus: "Enabled", servicePlanId: "efb87545-963c-4e0d-99df-69c6916d9eb0" }];
const exchangeSuspended = [{ service: "exchange", capabilityStatus: "Suspended", servicePlanId: "efb87545-963c-4e0d-99df-69c6916d9eb0" }];
const teamsOnly = [{ service: "TeamspaceAPI", capabilityStatus: "Enabled" }];

function person(id: string, extra: Record<string, unknown> = {}): DirectoryUser {
  return {
    id,
    userPrincipalName: `${id}@contoso.com`,
    mail: `${id}@contoso.com`,
    accountEnabled: true,
    userType: "Member",
    assignedPlans: exchange,
    department: "Sales",
    ...extra,
  };
}

const alice = person("alice");
const bob = person("bob", { department: "Engineering", mail: "Bob.Builder@Contoso.com" });
const legacy = person("legacy", { userType: undefined });
const guest = person("guest", { userType: "Guest", userPrincipalName: "guest_fabrikam.com#EXT#@contoso.com" });
const disabled = person("disabled", { accountEnabled: false });
const noMail = person("nomail", { mail: null });
const blankMail = person("blankmail", { mail: " " });
const unlicensed = person("unlicensed", { assignedPlans: [] });
const suspended = person("suspended", { assignedPlans: exchangeSuspended });
const teamsUser = person("teams", { assignedPlans: teamsOnly });
const optedOut = person("optedout");
const shared = person("shared-info", { accountEnabled: false, assignedPlans: [], userType: "Member" });
const room = person("room-1", { accountEnabled: false, assignedPlans: [], mail: "room-1@contoso.com" });
const serviceAccount = person("svc", { accountEnabled: true, assignedPlans: [] });

const everyone = [alice, bob, legacy, guest, disabled, noMail, blankMail, unlicensed, suspended, teamsUser, optedOut, shared, room, serviceAccount];

export const users = new Map(everyone.map((u) => [u.id, u]));

/** "Opt-out" (g-optout) holds optedOut; "Executives" (g-exec) holds bob. */
export const membership: Membership = {
  isMember(userId: string, group: GroupRef): boolean {
    const id = "id" in group ? group.id : { "Opt-out": "g-optout", Executives: "g-exec" }[group.displayName];
    return (id === "g-optout" && userId === "optedout") || (id === "g-exec" && userId === "bob");
  },
};

export function policy(spec: PolicySpec = {}): ResolvedPolicy {
  return resolvePolicy({ apiVersion: "cync/v1", kind: "ContactSyncPolicy", metadata: { name: "test" }, spec });
}

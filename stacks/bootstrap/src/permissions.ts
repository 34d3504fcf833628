/**
 * The Microsoft Graph application permissions each of cync's identities holds: README
 * "Permissions" states them, docs/graph-behaviour.md#application-permissions says which request
 * needs which.
 */
import type { BootstrapSettings } from "./settings";

/** Microsoft Graph's application (client) id, the same in every tenant. */
export const MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

export type GraphPermission = "User.Read.All" | "GroupMember.Read.All" | "Contacts.Read" | "Contacts.ReadWrite" | "MailboxSettings.Read";

export type IdentityRole = "planner" | "applier";

/**
 * The planner reads; the applier writes contacts. Both plan, so both read mailbox kinds when
 * `mailboxSettings` is on (src/targets/kinds.ts). With an Exchange management scope the applier
 * gets its contact access from Exchange RBAC instead: grants add up, so the tenant-wide
 * Contacts.ReadWrite must then not be held as well (docs/graph-behaviour.md#mailbox-scoping).
 */
export function graphPermissions(role: IdentityRole, settings: Pick<BootstrapSettings, "mailboxSettings" | "exchangeScope">): readonly GraphPermission[] {
  const contacts: readonly GraphPermission[] = role === "planner" ? ["Contacts.Read"] : settings.exchangeScope === undefined ? ["Contacts.ReadWrite"] : [];
  return ["User.Read.All", "GroupMember.Read.All", ...contacts, ...(settings.mailboxSettings ? (["MailboxSettings.Read"] as const) : [])];
}

/**
 * The id of a permission's app role on Microsoft Graph's service principal, as the tenant lists it
 * (`appRoleIds`), so no id is copied into this program.
 */
export function appRoleId(appRoleIds: Readonly<Record<string, string>>, permission: GraphPermission): string {
  const id = appRoleIds[permission];
  if (id === undefined) throw new Error(`Microsoft Graph's service principal lists no app role named ${permission}`);
  return id;
}

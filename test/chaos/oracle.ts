/**
 * The chaos suite's oracle: what each mailbox should hold, computed from the tenant's own export
 * (`GET /_sim/tenant`) with none of cync's code — not its planner, mapping, conditions or target
 * filters — so a bug there cannot hide itself. It knows only the README's rules for the suite's
 * one policy (STAFF_POLICY: the defaults; README "PolicySpec", "SourceSelector", "TargetSelector"):
 *
 * - sources: enabled (`accountEnabled` true) members (`userType` Member or unset) with a `mail`;
 * - targets: enabled owners of a `user` mailbox with an enabled Exchange plan (`assignedPlans`);
 * - every target gets every source but itself (`includeSelf` is off).
 *
 * Key fields checked per contact: the marker's source user id, `displayName` (the user's, else
 * "{givenName} {surname}") and the first e-mail address (the user's `mail`). Other fields follow
 * the mapping's transforms (phones, truncation), which is the mapping's own suite's business.
 */
import type { TenantFile, TenantUser } from "@cync/simulator";

export interface DesiredContact {
  readonly displayName: string;
  readonly mail: string;
}

/** Mailbox owner id → source user id → key fields. */
export type DesiredState = ReadonlyMap<string, ReadonlyMap<string, DesiredContact>>;

const live = (u: TenantUser): boolean => u.accountEnabled === true && !u.deletedDateTime;

const isSource = (u: TenantUser): boolean => live(u) && (u.userType ?? "Member") === "Member" && typeof u.mail === "string" && u.mail !== "";

const isTarget = (u: TenantUser): boolean =>
  live(u) && u.mailbox === "user" && (u.assignedPlans ?? []).some((p) => p.service.toLowerCase() === "exchange" && p.capabilityStatus === "Enabled");

function nameOf(u: TenantUser): string {
  if (typeof u.displayName === "string" && u.displayName.trim() !== "") return u.displayName;
  return [u.givenName, u.surname].filter((x): x is string => typeof x === "string" && x !== "").join(" ");
}

export function desiredState(tenant: TenantFile): DesiredState {
  const sources = tenant.users.filter(isSource).map((u) => [u.id, { displayName: nameOf(u), mail: u.mail! }] as const);
  return new Map(tenant.users.filter(isTarget).map((t) => [t.id, new Map(sources.filter(([id]) => id !== t.id))]));
}

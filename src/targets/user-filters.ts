/**
 * Filters shared by source selection and target selection: exclusions by user and by group, and
 * the built-in tests on Graph user properties.
 */
import type { GroupRef, Membership } from "../conditions";
import type { DirectoryUser } from "../model/directory-user";

/** True when the account is enabled (`accountEnabled`; absent counts as not enabled). */
export function isEnabled(user: DirectoryUser): boolean {
  return user.accountEnabled === true;
}

/**
 * True when an Exchange Online service plan is assigned and enabled: an `assignedPlans` entry with
 * service "exchange" and capabilityStatus "Enabled" (docs/graph-behaviour.md#exchange-license).
 * Users without one have no Exchange Online mailbox cync could write to.
 */
export function hasExchangeLicense(user: DirectoryUser): boolean {
  const plans = user.assignedPlans;
  if (!Array.isArray(plans)) return false;
  return plans.some((p: unknown) => {
    const plan = p as { service?: unknown; capabilityStatus?: unknown } | null;
    return typeof plan?.service === "string" && plan.service.toLowerCase() === "exchange" && plan.capabilityStatus === "Enabled";
  });
}

/**
 * A test for "this user is one of these", each entry an object id, a user principal name or a
 * mail address, compared without case (Entra treats all three case-insensitively).
 */
export function userListMatcher(entries: readonly string[]): (user: DirectoryUser) => boolean {
  const wanted = new Set(entries.map((e) => e.toLowerCase()));
  if (wanted.size === 0) return () => false;
  const has = (v: unknown): boolean => typeof v === "string" && wanted.has(v.toLowerCase());
  return (user) => has(user.id) || has(user.userPrincipalName) || has(user.mail);
}

/** A test for "member of any of these groups" (transitively). */
export function groupListMatcher(groups: readonly GroupRef[]): (user: DirectoryUser, membership: Membership) => boolean {
  if (groups.length === 0) return () => false;
  return (user, membership) => groups.some((g) => membership.isMember(user.id, g));
}

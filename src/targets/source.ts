/**
 * Source selection: the users of a policy that become contacts (`spec.source`):
 * enabled accounts (enabledOnly), of the listed user types (userTypes, default [Member]), with a
 * mail address (requireMail), matching `where`, and neither listed in `exclude.users` nor members
 * of `exclude.groups`.
 */
import { compileCondition, type Membership } from "../conditions";
import type { DirectoryUser } from "../model/directory-user";
import type { ResolvedPolicy } from "../policy";
import { groupListMatcher, isEnabled, userListMatcher } from "./user-filters";

export type SourceFilter = (user: DirectoryUser, membership: Membership) => boolean;

/**
 * Compiles a policy's source selector once. A user without `userType` counts as a Member: guests
 * always carry "Guest" (set when they are invited), older member accounts may carry nothing.
 */
function compileSourceFilter(source: ResolvedPolicy["source"]): SourceFilter {
  const where = source.where === null ? undefined : compileCondition(source.where);
  const types = new Set(source.userTypes.map((t) => t.toLowerCase()));
  const excludedUser = userListMatcher(source.exclude.users);
  const excludedGroup = groupListMatcher(source.exclude.groups);
  return (user, membership) => {
    if (source.enabledOnly && !isEnabled(user)) return false;
    const type = typeof user.userType === "string" && user.userType !== "" ? user.userType : "Member";
    if (!types.has(type.toLowerCase())) return false;
    if (source.requireMail && (typeof user.mail !== "string" || user.mail.trim() === "")) return false;
    if (where !== undefined && !where(user, membership)) return false;
    return !excludedUser(user) && !excludedGroup(user, membership);
  };
}

export interface DirectoryView {
  readonly users: ReadonlyMap<string, DirectoryUser>;
  readonly membership: Membership;
}

/** The users that become contacts under `policy`, ordered by id (a stable plan order). */
export function selectSourceUsers(policy: ResolvedPolicy, directory: DirectoryView): DirectoryUser[] {
  const accept = compileSourceFilter(policy.source);
  return [...directory.users.values()].filter((u) => accept(u, directory.membership)).sort(byId);
}

export function byId(a: DirectoryUser, b: DirectoryUser): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * `readDirectory`: the users the policies read (users delta) and, when policies name groups, their
 * transitive membership (groups delta). Both halves raise on any failure and only then leave their
 * state untouched; the result is complete or absent, never partial, because the applier deletes
 * contacts of users missing from it.
 */
import type { Membership } from "../conditions";
import type { DirectoryUser } from "../model/directory-user";
import type { ResolvedPolicy } from "../policy";
import { conditionGroups } from "../policy";
import type { StateStore } from "../state";
import type { DirectoryGraph } from "./graph";
import { readGroups, type GroupUse } from "./groups";
import { readUsers, type FullRoundReason } from "./users";
import type { RemovedUsers } from "./user-delta";

export interface ReadDirectoryOptions {
  readonly graph: DirectoryGraph;
  readonly state: StateStore;
  /** User properties to `$select`: requiredUserAttributes(policies). */
  readonly attributes: readonly string[];
  /** Groups the policies name (see {@link groupUses}); none: no membership read. */
  readonly groups?: readonly GroupUse[];
  /** Clock for the group-name cache. @default Date.now */
  readonly now?: () => number;
}

export interface Directory {
  /** Every user of the tenant that is not (soft-)deleted, by object id, with the selected properties. */
  readonly users: ReadonlyMap<string, DirectoryUser>;
  readonly round: "full" | "incremental";
  readonly fullRoundReason?: FullRoundReason;
  /** Users delta pages requested. */
  readonly pages: number;
  readonly removed: RemovedUsers;
  readonly changed: number;
  /** Transitive membership of the groups the policies name. */
  readonly membership: Membership;
  /** Group requests made (name look-ups and groups delta pages). */
  readonly groupRequests: number;
}

/** Membership when no policy names a group: asking is a programming error. */
const NO_GROUPS: Membership = {
  isMember: () => {
    throw new Error("group membership was not read: no group was passed to readDirectory");
  },
};

export async function readDirectory(options: ReadDirectoryOptions): Promise<Directory> {
  const users = await readUsers(options);
  const uses = options.groups ?? [];
  if (uses.length === 0) return { ...users, membership: NO_GROUPS, groupRequests: 0 };
  const groups = await readGroups({ graph: options.graph, state: options.state, uses, now: options.now });
  return { ...users, membership: groups.membership, groupRequests: groups.requests };
}

/** Every group a policy names: memberOf conditions, exclusion groups and the opt-out group. */
export function groupUses(policies: readonly ResolvedPolicy[]): GroupUse[] {
  return policies.flatMap((p) => {
    const refs = [
      ...(p.source.where === null ? [] : conditionGroups(p.source.where)),
      ...p.source.exclude.groups,
      ...(p.targets.where === null ? [] : conditionGroups(p.targets.where)),
      ...p.targets.exclude.groups,
      ...(p.targets.optOutGroup === null ? [] : [p.targets.optOutGroup]),
    ];
    return refs.map((ref) => ({ policy: p.name, ref }));
  });
}

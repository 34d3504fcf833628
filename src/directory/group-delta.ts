/**
 * Pure merging of groups delta rounds (`GET /groups/delta?$select=displayName,members`) into a
 * membership snapshot (docs/graph-behaviour.md#groups-delta-members):
 * - `members@delta` lists member ids with their `@odata.type`; a member carrying `@removed` left
 *   the group (or was deleted); only users and groups matter to membership;
 * - a large group is split over several pages: the same group repeats and its parts add up;
 * - a group with `@removed` was deleted;
 * - a group without `members@delta` in an initial round has no members.
 */

export interface GroupEntry {
  readonly displayName: string | undefined;
  /** Direct user members. */
  readonly users: readonly string[];
  /** Direct group members (nested groups), flattened client-side. */
  readonly groups: readonly string[];
}

interface MutableGroup {
  displayName: string | undefined;
  users: Set<string>;
  groups: Set<string>;
}

const USER_TYPE = "#microsoft.graph.user";
const GROUP_TYPE = "#microsoft.graph.group";

/**
 * Applies a round's items to `snapshot` (mutated). For a full round, pass the ids the round covers
 * in `resetIds`: their previous entries are dropped first, so members removed while the token was
 * unusable do not linger.
 */
export function applyGroupRound(
  snapshot: Map<string, GroupEntry>,
  items: readonly Record<string, unknown>[],
  resetIds: readonly string[] = [],
): void {
  for (const id of resetIds) snapshot.delete(id);
  const touched = new Map<string, MutableGroup>();
  const removed = new Set<string>();
  for (const item of items) {
    // Group ids are GUIDs; policies may write them in upper case.
    const id = typeof item.id === "string" ? item.id.toLowerCase() : undefined;
    if (id === undefined) continue;
    if (item["@removed"] !== undefined) {
      removed.add(id);
      touched.delete(id);
      continue;
    }
    removed.delete(id);
    let group = touched.get(id);
    if (group === undefined) {
      const before = snapshot.get(id);
      group = { displayName: before?.displayName, users: new Set(before?.users), groups: new Set(before?.groups) };
      touched.set(id, group);
    }
    if (typeof item.displayName === "string") group.displayName = item.displayName;
    const members = item["members@delta"];
    if (Array.isArray(members)) for (const m of members) applyMember(group, m);
  }
  for (const id of removed) snapshot.delete(id);
  for (const [id, g] of touched) {
    snapshot.set(id, { displayName: g.displayName, users: [...g.users].sort(), groups: [...g.groups].sort() });
  }
}

function applyMember(group: MutableGroup, member: unknown): void {
  if (typeof member !== "object" || member === null) return;
  const m = member as Record<string, unknown>;
  if (typeof m.id !== "string") return;
  const set = m["@odata.type"] === USER_TYPE ? group.users : m["@odata.type"] === GROUP_TYPE ? group.groups : undefined;
  if (set === undefined) return; // devices, contacts, service principals: never contacts
  const id = set === group.groups ? m.id.toLowerCase() : m.id;
  if (m["@removed"] !== undefined) set.delete(id);
  else set.add(id);
}

/** Every group reachable from `roots` through nested groups, roots included; cycle-safe. */
export function groupClosure(snapshot: ReadonlyMap<string, GroupEntry>, roots: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const child of snapshot.get(id)?.groups ?? []) stack.push(child);
  }
  return seen;
}

/** Users who are members of `groupId` directly or through nested groups (cycle-safe). */
export function transitiveUsers(snapshot: ReadonlyMap<string, GroupEntry>, groupId: string): Set<string> {
  const users = new Set<string>();
  for (const id of groupClosure(snapshot, [groupId])) for (const u of snapshot.get(id)?.users ?? []) users.add(u);
  return users;
}

/**
 * Group membership for `memberOf`, exclusion groups and opt-out groups, transitive, without a
 * request per user (docs/architecture.md#performance-model). Two ways exist:
 * `GET /groups/{id}/transitiveMembers` per group and run (5 resource units a page, every run), or
 * groups delta restricted to the groups we need (`$filter=id eq … or …`, ≤ 50 ids a request,
 * docs/graph-behaviour.md#delta-id-filter) with its deltaLink in state: at steady state one
 * request per 50 groups. Delta wins, so:
 *
 * 1. group references by display name are resolved with
 *    `GET /groups?$filter=displayName eq '…'` (none or several matches is an error naming the
 *    policy and the group) and the result is cached in state, re-checked when the group's tracked
 *    displayName changes and at the latest after NAME_TTL_MS (a same-named group created later
 *    makes the name ambiguous);
 * 2. the referenced groups are tracked in chunks of ≤ 50 ids, each chunk with its own deltaLink;
 * 3. nested groups (group members of type group) are discovered from `members@delta` and tracked
 *    too, chunk by chunk, until the closure is complete; cycles are fine;
 * 4. membership is flattened client-side (group-delta.ts).
 *
 * As for users, the state record is written only after every round completed.
 */
import type { GroupRef, Membership } from "../conditions";
import { isDeltaTokenExpired } from "../graph/delta-token";
import { parsePage } from "../graph/odata-page";
import { isRecord } from "../json/record";
import { odataString } from "../policy";
import { STATE_KEYS, type StateStore } from "../state";
import { runDeltaRound } from "./delta-round";
import { DirectoryReadError } from "./errors/directory-read-error";
import { GroupResolutionError } from "./errors/group-resolution-error";
import type { DirectoryGraph } from "./graph";
import { applyGroupRound, groupClosure, transitiveUsers, type GroupEntry } from "./group-delta";

/** How long a display-name → id resolution is trusted before it is checked again. */
export const NAME_TTL_MS = 24 * 60 * 60 * 1000;
/** Graph accepts at most 50 ids in a delta `$filter` (docs/graph-behaviour.md#delta-id-filter). */
const IDS_PER_DELTA_REQUEST = 50;

const GROUPS_RECORD_VERSION = 1;

/** A group reference and the policy that makes it, for error messages. */
export interface GroupUse {
  readonly policy: string;
  readonly ref: GroupRef;
}

interface Tracker {
  readonly ids: readonly string[];
  readonly deltaLink: string;
}

interface GroupsRecord {
  readonly names: Readonly<Record<string, { readonly id: string; readonly resolvedAt: number }>>;
  readonly trackers: readonly Tracker[];
  readonly groups: Readonly<Record<string, GroupEntry>>;
}

export interface GroupsRead {
  readonly membership: Membership;
  /** Group ids per reference key (see {@link groupRefKey}). */
  readonly resolved: ReadonlyMap<string, string>;
  /** Requests made: name look-ups plus delta pages. */
  readonly requests: number;
}

/** A stable key for a reference: ids without case, names exactly (display names are case-preserving). */
function groupRefKey(ref: GroupRef): string {
  return "id" in ref ? `id:${ref.id.toLowerCase()}` : `name:${ref.displayName}`;
}

export interface ReadGroupsOptions {
  readonly graph: DirectoryGraph;
  readonly state: StateStore;
  readonly uses: readonly GroupUse[];
  /** Milliseconds since the epoch. @default Date.now */
  readonly now?: (() => number) | undefined;
}

export async function readGroups(options: ReadGroupsOptions): Promise<GroupsRead> {
  const now = (options.now ?? Date.now)();
  const record = validRecord(await options.state.read<unknown>(STATE_KEYS.groups, GROUPS_RECORD_VERSION));
  const snapshot = new Map(Object.entries(record.groups));
  let requests = 0;
  const get = (url: string): Promise<unknown> => {
    requests++;
    return options.graph.get(url);
  };
  const counting: DirectoryGraph = { get };

  let { resolved, names } = await resolveRefs(counting, options.uses, record.names, snapshot, now);

  // Bring every tracked chunk up to date (one request each at steady state), then track whatever
  // nested groups the closure reaches that no chunk covers yet.
  const trackers: Tracker[] = [];
  const wanted = groupClosure(snapshot, new Set(resolved.values()));
  for (const tracker of record.trackers) {
    if (!tracker.ids.some((id) => wanted.has(id))) {
      // No policy needs these groups any more: stop tracking them.
      for (const id of tracker.ids) snapshot.delete(id);
      continue;
    }
    trackers.push(await refresh(counting, snapshot, tracker));
  }
  await trackClosure(counting, snapshot, trackers, new Set(resolved.values()));
  // The rounds may show a group named by display name deleted or renamed since the name was
  // resolved: resolve the names again against them (another group may carry the name now, or none:
  // an error naming the policy) and track what that adds.
  if (vanishedGroups(options.uses, resolved, snapshot).length > 0) {
    ({ resolved, names } = await resolveRefs(counting, options.uses, record.names, snapshot, now));
    await trackClosure(counting, snapshot, trackers, new Set(resolved.values()));
  }
  const vanished = vanishedGroups(options.uses, resolved, snapshot);
  if (vanished.length > 0) throw new GroupResolutionError(vanished);

  const saved: GroupsRecord = { names, trackers, groups: Object.fromEntries(snapshot) };
  await options.state.write(STATE_KEYS.groups, saved, GROUPS_RECORD_VERSION);
  return { membership: membershipIndex(snapshot, resolved), resolved, requests };
}

/** Tracks (in `trackers`, mutated) every group the closure of `roots` reaches that no chunk covers yet. */
async function trackClosure(graph: DirectoryGraph, snapshot: Map<string, GroupEntry>, trackers: Tracker[], roots: ReadonlySet<string>): Promise<void> {
  for (;;) {
    const tracked = new Set(trackers.flatMap((t) => t.ids));
    const missing = [...groupClosure(snapshot, roots)].filter((id) => !tracked.has(id)).sort();
    if (missing.length === 0) return;
    // Fold new ids into the last chunk while it has room: its full round costs what a new chunk's
    // would, and keeps the steady state at one request per 50 groups.
    const last = trackers.at(-1);
    if (last !== undefined && last.ids.length < IDS_PER_DELTA_REQUEST) {
      trackers.pop();
      missing.unshift(...last.ids);
    }
    for (let i = 0; i < missing.length; i += IDS_PER_DELTA_REQUEST) {
      trackers.push(await track(graph, snapshot, missing.slice(i, i + IDS_PER_DELTA_REQUEST)));
    }
  }
}

/**
 * Every group a policy names must still exist after the rounds, and one named by display name must
 * still carry it: a group deleted or renamed since it was resolved would read as a group without
 * members — everyone leaving, or nobody excluded. One line per reference, without member data.
 */
function vanishedGroups(uses: readonly GroupUse[], resolved: ReadonlyMap<string, string>, snapshot: ReadonlyMap<string, GroupEntry>): string[] {
  const problems = new Map<string, string>();
  for (const use of uses) {
    const key = groupRefKey(use.ref);
    const id = resolved.get(key)!;
    const group = snapshot.get(id);
    if ("id" in use.ref) {
      if (group === undefined) problems.set(key, `policy "${use.policy}": no group has id ${use.ref.id}`);
    } else if (group?.displayName !== use.ref.displayName) {
      problems.set(key, `policy "${use.policy}": the group named "${use.ref.displayName}" (id ${id}) was ${group === undefined ? "deleted" : "renamed"}`);
    }
  }
  return [...problems.values()];
}

/**
 * Starts tracking `ids` with an initial (full) round. A full round that brings back without members
 * a group the snapshot knew with members (a resync after the token expired, or a chunk read again)
 * is checked against the group's members list: if Graph lists members there, the round is not
 * trusted — an empty read looks exactly like everyone leaving the group.
 */
async function track(graph: DirectoryGraph, snapshot: Map<string, GroupEntry>, ids: readonly string[]): Promise<Tracker> {
  const filter = ids.map((id) => `id eq ${odataString(id)}`).join(" or ");
  const url = `/groups/delta?$filter=${encodeURIComponent(filter)}&$select=displayName,members`;
  const round = await runDeltaRound(graph, url, "read groups delta");
  const before = new Map(ids.map((id) => [id, snapshot.get(id)]));
  applyGroupRound(snapshot, round.items, ids);
  for (const [id, was] of before) {
    const now = snapshot.get(id);
    if (was === undefined || now === undefined || memberCount(was) === 0 || memberCount(now) > 0) continue;
    const listed = parsePage(await graph.get(`/groups/${encodeURIComponent(id)}/members?$select=id&$top=1`), "check group members");
    if (listed.value.length > 0) {
      throw new DirectoryReadError(`read groups delta: a full read returned group ${id} without members, but it had ${memberCount(was)} and Graph still lists members for it; the read is not trusted`);
    }
  }
  return { ids, deltaLink: round.deltaLink };
}

const memberCount = (g: GroupEntry): number => g.users.length + g.groups.length;

async function refresh(graph: DirectoryGraph, snapshot: Map<string, GroupEntry>, tracker: Tracker): Promise<Tracker> {
  try {
    const round = await runDeltaRound(graph, tracker.deltaLink, "read groups delta");
    applyGroupRound(snapshot, round.items);
    return { ids: tracker.ids, deltaLink: round.deltaLink };
  } catch (err) {
    if (isDeltaTokenExpired(err)) return track(graph, snapshot, tracker.ids);
    throw err;
  }
}

async function resolveRefs(
  graph: DirectoryGraph,
  uses: readonly GroupUse[],
  cached: GroupsRecord["names"],
  snapshot: ReadonlyMap<string, GroupEntry>,
  now: number,
): Promise<{ resolved: Map<string, string>; names: Record<string, { id: string; resolvedAt: number }> }> {
  const resolved = new Map<string, string>();
  const names: Record<string, { id: string; resolvedAt: number }> = {};
  const problems: string[] = [];
  for (const use of uses) {
    const key = groupRefKey(use.ref);
    if (resolved.has(key)) continue;
    if ("id" in use.ref) {
      resolved.set(key, use.ref.id.toLowerCase());
      continue;
    }
    const name = use.ref.displayName;
    const hit = cached[name];
    const fresh = hit !== undefined && now - hit.resolvedAt < NAME_TTL_MS && now >= hit.resolvedAt && snapshot.get(hit.id)?.displayName === name;
    if (fresh) {
      resolved.set(key, hit.id);
      names[name] = hit;
      continue;
    }
    const ids = await lookUpName(graph, name);
    if (ids.length === 1) {
      resolved.set(key, ids[0]!);
      names[name] = { id: ids[0]!, resolvedAt: now };
    } else {
      const users = uses.filter((u) => groupRefKey(u.ref) === key).map((u) => `"${u.policy}"`);
      const policies = [...new Set(users)].join(", ");
      problems.push(
        ids.length === 0
          ? `policy ${policies}: no group is named "${name}"`
          : `policy ${policies}: ${ids.length} groups are named "${name}" (ids ${ids.join(", ")}); name the group by id instead`,
      );
      resolved.set(key, ""); // reported once, whatever the number of uses
    }
  }
  if (problems.length > 0) throw new GroupResolutionError(problems);
  return { resolved, names };
}

async function lookUpName(graph: DirectoryGraph, name: string): Promise<string[]> {
  const filter = encodeURIComponent(`displayName eq ${odataString(name)}`);
  const ids: string[] = [];
  let url: string | undefined = `/groups?$filter=${filter}&$select=id,displayName`;
  while (url !== undefined) {
    const page = parsePage(await graph.get(url), "look up group by name");
    for (const g of page.value) {
      // Graph compares displayName without case; the policy names the group exactly.
      if (typeof g.id === "string" && g.displayName === name) ids.push(g.id.toLowerCase());
    }
    url = page.nextLink;
  }
  return ids.sort();
}

function membershipIndex(snapshot: ReadonlyMap<string, GroupEntry>, resolved: ReadonlyMap<string, string>): Membership {
  const members = new Map<string, Set<string>>();
  for (const id of new Set(resolved.values())) members.set(id, transitiveUsers(snapshot, id));
  return {
    isMember(userId: string, group: GroupRef): boolean {
      const id = resolved.get(groupRefKey(group));
      if (id === undefined) throw new Error(`group ${groupRefKey(group)} was not read with the directory`);
      return members.get(id)?.has(userId) ?? false;
    },
  };
}

function validRecord(data: unknown): GroupsRecord {
  const empty: GroupsRecord = { names: {}, trackers: [], groups: {} };
  if (!isRecord(data) || !isRecord(data.names) || !isRecord(data.groups) || !Array.isArray(data.trackers)) return empty;
  const trackersOk = data.trackers.every(
    (t) => isRecord(t) && typeof t.deltaLink === "string" && Array.isArray(t.ids) && t.ids.every((i) => typeof i === "string"),
  );
  const groupsOk = Object.values(data.groups).every(
    (g) => isRecord(g) && Array.isArray(g.users) && Array.isArray(g.groups),
  );
  return trackersOk && groupsOk ? (data as unknown as GroupsRecord) : empty;
}

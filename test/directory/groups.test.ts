import { describe, expect, it } from "vitest";
import { GroupResolutionError, NAME_TTL_MS, readGroups, type GroupUse } from "../../src/directory";
import { odataString } from "../../src/policy";
import { createMemoryStateStore, STATE_KEYS, type StateStore } from "../../src/state";
import { fakeGraph, type FakeGraph } from "./fake-graph";

const member = (type: "user" | "group", id: string, removed = false) => ({
  "@odata.type": `#microsoft.graph.${type}`,
  id,
  ...(removed ? { "@removed": { reason: "deleted" } } : {}),
});
const deltaUrl = (...ids: string[]) =>
  `/groups/delta?$filter=${encodeURIComponent(ids.map((id) => `id eq ${odataString(id)}`).join(" or "))}&$select=displayName,members`;
const nameUrl = (name: string) => `/groups?$filter=${encodeURIComponent(`displayName eq ${odataString(name)}`)}&$select=id,displayName`;
const done = (value: unknown[], deltaLink: string) => ({ "@odata.deltaLink": deltaLink, value });

// "All Staff" (g-all) holds ceo and the nested group "Sales" (g-sales), which holds ann.
const allStaff = { id: "g-all", displayName: "All Staff", "members@delta": [member("user", "ceo"), member("group", "g-sales")] };
const sales = { id: "g-sales", displayName: "Sales", "members@delta": [member("user", "ann")] };
const byId: GroupUse = { policy: "everyone", ref: { id: "G-ALL" } };
const byName: GroupUse = { policy: "sales-team", ref: { displayName: "All Staff" } };

/** A tenant whose first read tracks g-all, discovers g-sales and folds it into the same chunk. */
function tenant(): FakeGraph {
  return fakeGraph({
    [nameUrl("All Staff")]: { value: [{ id: "g-all", displayName: "All Staff" }] },
    [deltaUrl("g-all")]: done([allStaff], "https://g/groups-d0"),
    [deltaUrl("g-all", "g-sales")]: done([allStaff, sales], "https://g/groups-d1"),
    "https://g/groups-d1": done([], "https://g/groups-d2"),
  });
}

async function read(graph: FakeGraph, state: StateStore, uses: GroupUse[], now = 1_000) {
  graph.calls.length = 0;
  return readGroups({ graph, state, uses, now: () => now });
}

describe("first read", () => {
  it.each([
    ["by id", byId, 2],
    ["by display name (one look-up)", byName, 3],
  ])("resolves a group %s and flattens nested groups", async (_name, use, requests) => {
    const graph = tenant();
    const result = await read(graph, createMemoryStateStore(), [use]);
    expect(result.requests).toBe(requests);
    expect(graph.calls.slice(-2)).toEqual([deltaUrl("g-all"), deltaUrl("g-all", "g-sales")]);
    expect(["ceo", "ann", "bob"].map((u) => result.membership.isMember(u, use.ref))).toEqual([true, true, false]);
  });
});

describe("steady state", () => {
  it.each([
    ["by id", byId],
    ["by display name (cached)", byName],
  ])("a second read of a group named %s costs one request", async (_name, use) => {
    const graph = tenant();
    const state = createMemoryStateStore();
    await read(graph, state, [use]);
    const result = await read(graph, state, [use]);
    expect(graph.calls).toEqual(["https://g/groups-d1"]);
    expect(result.membership.isMember("ann", use.ref)).toBe(true);
  });

  it("applies membership changes, nested ones included", async () => {
    const graph = tenant();
    const state = createMemoryStateStore();
    await read(graph, state, [byId]);
    graph.answer({ "https://g/groups-d1": done([{ id: "g-sales", "members@delta": [member("user", "ann", true), member("user", "bob")] }], "https://g/groups-d2") });
    const result = await read(graph, state, [byId]);
    expect(["ceo", "ann", "bob"].map((u) => result.membership.isMember(u, byId.ref))).toEqual([true, false, true]);
  });

  it("looks a name up again once the cache is older than NAME_TTL_MS", async () => {
    const graph = tenant();
    const state = createMemoryStateStore();
    await read(graph, state, [byName], 0);
    await read(graph, state, [byName], NAME_TTL_MS + 1);
    expect(graph.calls).toEqual([nameUrl("All Staff"), "https://g/groups-d1"]);
  });

  it("looks a name up again in the run whose rounds show the tracked group renamed", async () => {
    const graph = tenant();
    const state = createMemoryStateStore();
    await read(graph, state, [byName]);
    const before = await state.read(STATE_KEYS.groups);
    graph.answer({ "https://g/groups-d1": done([{ id: "g-all", displayName: "Former Staff" }], "https://g/groups-d2"), [nameUrl("All Staff")]: { value: [] } });
    await expect(read(graph, state, [byName])).rejects.toThrow('policy "sales-team": no group is named "All Staff"');
    expect(graph.calls).toEqual(["https://g/groups-d1", nameUrl("All Staff")]);
    expect(await state.read(STATE_KEYS.groups)).toEqual(before);
  });

  it("follows the name to the group that carries it now", async () => {
    const graph = tenant();
    const state = createMemoryStateStore();
    await read(graph, state, [byName]);
    const renamed = { id: "g-all", displayName: "Former Staff" };
    const successor = { id: "g-new", displayName: "All Staff", "members@delta": [member("user", "bob")] };
    graph.answer({
      "https://g/groups-d1": done([renamed], "https://g/groups-d2"),
      [nameUrl("All Staff")]: { value: [{ id: "g-new", displayName: "All Staff" }] },
      [deltaUrl("g-all", "g-sales", "g-new")]: done([{ ...allStaff, ...renamed }, sales, successor], "https://g/groups-d3"),
    });
    const result = await read(graph, state, [byName]);
    expect(["ceo", "ann", "bob"].map((u) => result.membership.isMember(u, byName.ref))).toEqual([false, false, true]);
  });
  it("re-tracks a chunk whose token expired", async () => {
    const graph = tenant();
    const state = createMemoryStateStore();
    await read(graph, state, [byId]);
    graph.answer({
      "https://g/groups-d1": { fail: { status: 400, code: "syncStateNotFound" } },
      [deltaUrl("g-all", "g-sales")]: done([{ ...allStaff, "members@delta": [member("group", "g-sales")] }, sales], "https://g/groups-d9"),
    });
    const result = await read(graph, state, [byId]);
    expect(graph.calls).toEqual(["https://g/groups-d1", deltaUrl("g-all", "g-sales")]);
    expect(result.membership.isMember("ceo", byId.ref)).toBe(false);
  });

  it("stops tracking groups no policy names any more", async () => {
    const graph = tenant();
    const state = createMemoryStateStore();
    await read(graph, state, [byId]);
    graph.answer({ [deltaUrl("g-other")]: done([{ id: "g-other", "members@delta": [] }], "https://g/other-d1") });
    await read(graph, state, [{ policy: "p", ref: { id: "g-other" } }]);
    expect(graph.calls).toEqual([deltaUrl("g-other")]);
    expect(await state.read(STATE_KEYS.groups)).toMatchObject({ trackers: [{ ids: ["g-other"], deltaLink: "https://g/other-d1" }] });
  });
});

describe("errors name the policy and the group", () => {
  it.each([
    ["a name no group has", { value: [] }, 'policy "sales-team": no group is named "All Staff"'],
    [
      "a name two groups have",
      { value: [{ id: "g-2", displayName: "All Staff" }, { id: "g-1", displayName: "All Staff" }] },
      'policy "sales-team": 2 groups are named "All Staff" (ids g-1, g-2); name the group by id instead',
    ],
    ["a name that differs in case only", { value: [{ id: "g-1", displayName: "all staff" }] }, 'no group is named "All Staff"'],
  ])("%s", async (_name, answer, message) => {
    const graph = fakeGraph({ [nameUrl("All Staff")]: answer });
    const error = await read(graph, createMemoryStateStore(), [byName]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GroupResolutionError);
    expect((error as Error).message).toContain(message);
  });

  it("an id no group has", async () => {
    const graph = fakeGraph({ [deltaUrl("g-gone")]: done([], "https://g/d") });
    await expect(read(graph, createMemoryStateStore(), [{ policy: "p", ref: { id: "g-gone" } }])).rejects.toThrow(
      'policy "p": no group has id g-gone',
    );
  });

  it.each([
    ["by id", byId, 'policy "everyone": no group has id G-ALL'],
    ["by display name", byName, 'policy "sales-team": no group is named "All Staff"'],
  ])("a group named %s deleted since the last run: an error, the previous state kept", async (_name, use, message) => {
    const graph = tenant();
    const state = createMemoryStateStore();
    await read(graph, state, [use]);
    const before = await state.read(STATE_KEYS.groups);
    graph.answer({ "https://g/groups-d1": done([{ id: "g-all", "@removed": { reason: "deleted" } }], "https://g/groups-d2"), [nameUrl("All Staff")]: { value: [] } });
    const error = await read(graph, state, [use]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GroupResolutionError);
    expect((error as Error).message).toContain(message);
    expect(await state.read(STATE_KEYS.groups)).toEqual(before);
  });

  it.each([
    { listed: [{ id: "ceo" }], trusted: false },
    { listed: [], trusted: true },
  ])("a resync bringing a group back without members is trusted only if its members list agrees ($listed)", async ({ listed, trusted }) => {
    const graph = tenant();
    const state = createMemoryStateStore();
    await read(graph, state, [byId]);
    const before = await state.read(STATE_KEYS.groups);
    const membersUrl = "/groups/g-all/members?$select=id&$top=1";
    graph.answer({
      "https://g/groups-d1": { fail: { status: 410, code: "resyncRequired" } },
      [deltaUrl("g-all", "g-sales")]: done([{ id: "g-all", displayName: "All Staff" }, sales], "https://g/groups-d9"),
      [membersUrl]: { value: listed },
    });
    const result = read(graph, state, [byId]);
    if (trusted) {
      expect((await result).membership.isMember("ceo", byId.ref)).toBe(false);
    } else {
      await expect(result).rejects.toThrow(/read groups delta: a full read returned group g-all without members, but it had 2 and Graph still lists members for it/);
      expect(await state.read(STATE_KEYS.groups)).toEqual(before);
    }
    expect(graph.calls.at(-1)).toBe(membersUrl);
  });

  it("a failed read raises and keeps the previous state", async () => {
    const graph = tenant();
    const state = createMemoryStateStore();
    await read(graph, state, [byId]);
    const before = await state.read(STATE_KEYS.groups);
    graph.answer({ "https://g/groups-d1": { fail: { status: 503, code: "ServiceUnavailable" } } });
    await expect(read(graph, state, [byId])).rejects.toThrow(/503/);
    expect(await state.read(STATE_KEYS.groups)).toEqual(before);
  });
});

import { describe, expect, it } from "vitest";
import { applyGroupRound, groupClosure, transitiveUsers, type GroupEntry } from "../../src/directory/group-delta";
import { groupsInitial, groupsRoundMembersRemoved } from "./fixtures";

const user = (id: string, removed = false) => ({ "@odata.type": "#microsoft.graph.user", id, ...(removed ? { "@removed": { reason: "deleted" } } : {}) });
const group = (id: string, removed = false) => ({ "@odata.type": "#microsoft.graph.group", id, ...(removed ? { "@removed": { reason: "deleted" } } : {}) });
const entry = (users: string[], groups: string[] = [], displayName?: string): GroupEntry => ({ displayName, users, groups });

describe("applying groups delta rounds", () => {
  it("reads the documented initial round: members, and a group without members@delta has none", () => {
    const snapshot = new Map<string, GroupEntry>();
    applyGroupRound(snapshot, groupsInitial.value);
    expect(Object.fromEntries(snapshot)).toEqual({
      "c2f798fd-f95d-4623-8824-63aec21fffff": entry(["49320844-be99-4164-8167-87ff5d047ace", "693acd06-2877-4339-8ade-b704261fe7a0"], [], "TestGroup1"),
      "ec22655c-8eb2-432a-b4ea-8b8a254bffff": entry([], [], "TestGroup2"),
    });
  });

  it("applies the documented round: one member removed, one added", () => {
    const id = "2e5807ce-58f3-4a94-9b37-ffff2e085957";
    const snapshot = new Map([[id, entry(["632f6bb2-3ec8-4c1f-9073-0027a8c6859", "kept"], [], "TestGroup3")]]);
    applyGroupRound(snapshot, groupsRoundMembersRemoved.value);
    expect(snapshot.get(id)).toEqual(entry(["37de1ae3-408f-4702-8636-20824abda004", "kept"], [], "TestGroup3"));
  });

  const g1 = entry(["u0"], ["g9"], "Old");
  it.each<[string, Record<string, GroupEntry>, Record<string, unknown>[], Record<string, GroupEntry>]>([
    [
      "a large group split over pages adds up",
      {},
      [{ id: "g1", displayName: "Big", "members@delta": [user("u1")] }, { id: "g1", "members@delta": [user("u2")] }],
      { g1: entry(["u1", "u2"], [], "Big") },
    ],
    [
      "nested groups are kept apart from users (ids without case); other member types ignored",
      {},
      [{ id: "G1", "members@delta": [user("u1"), group("G2"), { "@odata.type": "#microsoft.graph.device", id: "d1" }] }],
      { g1: entry(["u1"], ["g2"]) },
    ],
    ["a deleted group leaves the snapshot", { g1 }, [{ id: "g1", "@removed": { reason: "deleted" } }], {}],
    ["a rename keeps members", { g1 }, [{ id: "g1", displayName: "Renamed" }], { g1: entry(["u0"], ["g9"], "Renamed") }],
    ["a removed nested group", { g1 }, [{ id: "g1", "members@delta": [group("g9", true)] }], { g1: entry(["u0"], [], "Old") }],
    ["a removed user member", { g1 }, [{ id: "g1", "members@delta": [user("u0", true)] }], { g1: entry([], ["g9"], "Old") }],
  ])("%s", (_name, before, items, expected) => {
    const snapshot = new Map(Object.entries(before));
    applyGroupRound(snapshot, items);
    expect(Object.fromEntries(snapshot)).toEqual(expected);
  });

  it("a full round for a group starts from nothing, so members removed meanwhile vanish", () => {
    const snapshot = new Map([["g1", entry(["u-left", "u-stays"])]]);
    applyGroupRound(snapshot, [{ id: "g1", "members@delta": [user("u-stays")] }], ["g1"]);
    expect(snapshot.get("g1")).toEqual(entry(["u-stays"]));
  });
});

describe("transitive membership", () => {
  //   all ─► sales ─► emea ─► all   (a cycle)        solo (no nesting)
  const snapshot = new Map<string, GroupEntry>([
    ["all", entry(["ceo"], ["sales"])],
    ["sales", entry(["ann"], ["emea"])],
    ["emea", entry(["bob"], ["all"])],
    ["solo", entry(["sam"])],
  ]);

  it.each([
    ["all", ["ann", "bob", "ceo"]],
    ["sales", ["ann", "bob", "ceo"]],
    ["solo", ["sam"]],
    ["unknown", []],
  ])("members of %s, through nesting and cycles", (id, users) => {
    expect([...transitiveUsers(snapshot, id)].sort()).toEqual(users);
  });

  it("closes over nested groups from several roots", () => {
    expect([...groupClosure(snapshot, ["emea", "solo"])].sort()).toEqual(["all", "emea", "sales", "solo"]);
  });
});

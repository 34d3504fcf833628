import { describe, expect, it } from "vitest";
import { DirectoryReadError, GroupResolutionError, initialUsersDeltaUrl, readDirectory, selectSet } from "../../src/directory";
import { SyncError } from "../../src/errors/sync-error";
import { odataString } from "../../src/policy";
import { createMemoryStateStore } from "../../src/state";
import { fakeGraph } from "./fake-graph";

const usersStart = initialUsersDeltaUrl(selectSet(["displayName"]));
const groupsStart = `/groups/delta?$filter=${encodeURIComponent(`id eq ${odataString("g1")}`)}&$select=displayName,members`;
const tenant = () =>
  fakeGraph({
    [usersStart]: { "@odata.deltaLink": "https://g/users-d1", value: [{ id: "u1", displayName: "Ann" }, { id: "u2", displayName: "Bob" }] },
    [groupsStart]: { "@odata.deltaLink": "https://g/groups-d1", value: [{ id: "g1", "members@delta": [{ "@odata.type": "#microsoft.graph.user", id: "u2" }] }] },
  });

describe("readDirectory", () => {
  it("reads users, then the membership of the groups the policies name", async () => {
    const graph = tenant();
    const directory = await readDirectory({ graph, state: createMemoryStateStore(), attributes: ["displayName"], groups: [{ policy: "p", ref: { id: "g1" } }] });
    expect(graph.calls).toEqual([usersStart, groupsStart]);
    expect(directory).toMatchObject({ round: "full", pages: 1, groupRequests: 1 });
    expect(["u1", "u2"].map((u) => directory.membership.isMember(u, { id: "g1" }))).toEqual([false, true]);
  });

  it("reads no group when no policy names one, and says so if asked", async () => {
    const graph = tenant();
    const directory = await readDirectory({ graph, state: createMemoryStateStore(), attributes: ["displayName"] });
    expect(graph.calls).toEqual([usersStart]);
    expect(directory.groupRequests).toBe(0);
    expect(() => directory.membership.isMember("u1", { id: "g1" })).toThrow(/membership was not read/);
  });

  it.each([
    ["a malformed answer is a transient SyncError", new DirectoryReadError("x"), true],
    ["an unresolvable group is a permanent SyncError", new GroupResolutionError(["policy \"p\": no group is named \"X\""]), false],
  ])("%s", (_name, error, transient) => {
    expect(error).toBeInstanceOf(SyncError);
    expect(error.transient).toBe(transient);
  });
});

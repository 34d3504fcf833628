import { describe, expect, it } from "vitest";
import { DirectoryReadError, initialUsersDeltaUrl, readUsers, selectSet } from "../../src/directory";
import { createMemoryStateStore, STATE_KEYS } from "../../src/state";
import { fakeGraph, type FakeGraph } from "./fake-graph";
import { usersFinalPage, usersPage1, usersPage2, usersRoundNoChanges, usersRoundRemoved } from "./fixtures";

const attributes = ["displayName", "givenName", "surname"];
const start = initialUsersDeltaUrl(selectSet(attributes));
const link = (page: Record<string, unknown>, key: "@odata.nextLink" | "@odata.deltaLink"): string => page[key] as string;

/** The documented three-page initial round. */
function docsTenant(): FakeGraph {
  return fakeGraph({
    [start]: usersPage1,
    [link(usersPage1, "@odata.nextLink")]: usersPage2,
    [link(usersPage2, "@odata.nextLink")]: usersFinalPage,
  });
}
const firstDeltaLink = link(usersFinalPage, "@odata.deltaLink");

const cameron = "ffff7b1a-13b6-477b-8c0c-380905cd99f7";
const lidia = "25dcffff-959e-4ece-9973-e5d9b800e8cc";
const initialIds = [
  lidia,
  "605d1257-ffff-40b6-8e6f-528a53f5dc55",
  "6ea91a8d-e32e-41a1-b7bd-d2d185eed0e0",
  "8b1ee412-cd8f-4d59-ffff-24010edb9f1f",
  "d8c37826-ffff-4cae-b348-e2725b1e814b",
  "f6ede700-27d0-4c42-bfb9-4dffff43c74a",
  cameron,
].sort();

const round = (value: unknown[], deltaLink = "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=next") => ({
  "@odata.deltaLink": deltaLink,
  value,
});

async function afterInitialRound() {
  const graph = docsTenant();
  const state = createMemoryStateStore();
  await readUsers({ graph, state, attributes });
  graph.calls.length = 0;
  return { graph, state };
}

describe("initial round", () => {
  it("follows nextLinks to the deltaLink and keeps every user not removed", async () => {
    const graph = docsTenant();
    const state = createMemoryStateStore();
    const read = await readUsers({ graph, state, attributes });
    expect(graph.calls).toEqual([
      "/users/delta?$select=displayName,givenName,id,surname",
      link(usersPage1, "@odata.nextLink"),
      link(usersPage2, "@odata.nextLink"),
    ]);
    expect([...read.users.keys()].sort()).toEqual(initialIds);
    expect(read).toMatchObject({ round: "full", fullRoundReason: "no-state", pages: 3, changed: 7 });
    expect(read.removed).toEqual({ softDeleted: [], deleted: ["86462606-fde0-4fc4-9e0c-a20eb73e54c6"] });
    expect(read.users.get("6ea91a8d-e32e-41a1-b7bd-d2d185eed0e0")).toEqual({ displayName: "Conf Room Adams", id: "6ea91a8d-e32e-41a1-b7bd-d2d185eed0e0" });
    expect(await state.read(STATE_KEYS.users)).toMatchObject({ deltaLink: firstDeltaLink, select: ["displayName", "givenName", "id", "surname"] });
  });

  it("accepts empty pages within a round", async () => {
    const graph = fakeGraph({
      [start]: { "@odata.nextLink": "https://g/next", value: [] },
      "https://g/next": round([{ id: "u1", displayName: "A" }]),
    });
    const read = await readUsers({ graph, state: createMemoryStateStore(), attributes });
    expect([...read.users.keys()]).toEqual(["u1"]);
    expect(read.pages).toBe(2);
  });
});

describe("incremental rounds", () => {
  it("costs one request when nothing changed", async () => {
    const { graph, state } = await afterInitialRound();
    graph.answer({ [firstDeltaLink]: usersRoundNoChanges });
    const read = await readUsers({ graph, state, attributes });
    expect(graph.calls).toEqual([firstDeltaLink]);
    expect(read).toMatchObject({ round: "incremental", pages: 1, changed: 0 });
    expect([...read.users.keys()].sort()).toEqual(initialIds);
    expect(await state.read(STATE_KEYS.users)).toMatchObject({ deltaLink: link(usersRoundNoChanges, "@odata.deltaLink") });
  });

  it("replaces a changed user and ignores the removal of one it never had (documented round)", async () => {
    const { graph, state } = await afterInitialRound();
    graph.answer({ [firstDeltaLink]: usersRoundRemoved });
    const read = await readUsers({ graph, state, attributes });
    expect(read.users.get(lidia)).toEqual({ displayName: "MOD Administrator", givenName: "MOD", surname: "Administrator", id: lidia });
    expect(read.removed.softDeleted).toEqual(["8ffff70c-1c63-4860-b963-e34ec660931d"]);
    expect(read.users.size).toBe(7);
  });

  it.each([
    ["soft delete (reason changed)", "changed", { softDeleted: [cameron], deleted: [] }],
    ["hard delete (reason deleted)", "deleted", { softDeleted: [], deleted: [cameron] }],
  ])("drops a user on %s", async (_name, reason, removed) => {
    const { graph, state } = await afterInitialRound();
    graph.answer({ [firstDeltaLink]: round([{ id: cameron, "@removed": { reason } }]) });
    const read = await readUsers({ graph, state, attributes });
    expect(read.users.has(cameron)).toBe(false);
    expect(read.removed).toEqual(removed);
  });

  it("re-adds a restored user", async () => {
    const { graph, state } = await afterInitialRound();
    graph.answer({ [firstDeltaLink]: round([{ id: cameron, "@removed": { reason: "changed" } }], "https://g/d2") });
    await readUsers({ graph, state, attributes });
    graph.answer({ "https://g/d2": round([{ id: cameron, displayName: "Cameron White" }]) });
    const read = await readUsers({ graph, state, attributes });
    expect(read.users.get(cameron)).toEqual({ id: cameron, displayName: "Cameron White" });
  });

  it("merges an object repeated within a round, later values winning", async () => {
    const { graph, state } = await afterInitialRound();
    graph.answer({
      [firstDeltaLink]: { "@odata.nextLink": "https://g/p2", value: [{ id: cameron, displayName: "Cam", jobTitle: "Dev" }] },
      "https://g/p2": round([{ id: cameron, displayName: "Cameron W." }]),
    });
    const read = await readUsers({ graph, state, attributes });
    expect(read.users.get(cameron)).toEqual({ id: cameron, displayName: "Cameron W.", jobTitle: "Dev" });
    expect(read.changed).toBe(1);
  });

  it("drops OData annotations from stored users", async () => {
    const { graph, state } = await afterInitialRound();
    graph.answer({ [firstDeltaLink]: round([{ id: cameron, "@odata.type": "#microsoft.graph.user", displayName: "C" }]) });
    expect((await readUsers({ graph, state, attributes })).users.get(cameron)).toEqual({ id: cameron, displayName: "C" });
  });
});

describe("full resync", () => {
  it.each([
    ["400 syncStateNotFound (token older than 7 days)", { status: 400, code: "syncStateNotFound" }],
    ["410 Gone", { status: 410, code: "ResyncRequired" }],
  ])("reads a full round again after %s, dropping users deleted meanwhile", async (_name, fail) => {
    const { graph, state } = await afterInitialRound();
    graph.answer({
      [firstDeltaLink]: { fail },
      [start]: round([{ id: "u-new", displayName: "New" }, { id: cameron, displayName: "Cameron White" }]),
    });
    const read = await readUsers({ graph, state, attributes });
    expect(graph.calls).toEqual([firstDeltaLink, start]);
    expect(read).toMatchObject({ round: "full", fullRoundReason: "token-expired", pages: 2 });
    expect([...read.users.keys()].sort()).toEqual([cameron, "u-new"].sort());
  });

  it("reads a full round when the policies need another attribute set", async () => {
    const { graph, state } = await afterInitialRound();
    const wider = [...attributes, "mobilePhone"];
    const widerStart = initialUsersDeltaUrl(selectSet(wider));
    graph.answer({ [widerStart]: round([{ id: cameron, mobilePhone: "+1 425 555 0100" }]) });
    const read = await readUsers({ graph, state, attributes: wider });
    expect(graph.calls).toEqual(["/users/delta?$select=displayName,givenName,id,mobilePhone,surname"]);
    expect(read).toMatchObject({ round: "full", fullRoundReason: "attributes-changed" });
  });

  it.each([
    ["corrupt", { select: "id", deltaLink: 5 }],
    ["missing the snapshot", { select: ["displayName", "givenName", "id", "surname"], deltaLink: "https://g/d" }],
  ])("treats a %s state record as absent", async (_name, record) => {
    const graph = docsTenant();
    const state = createMemoryStateStore();
    await state.write(STATE_KEYS.users, record);
    const read = await readUsers({ graph, state, attributes });
    expect(read).toMatchObject({ round: "full", fullRoundReason: "no-state", pages: 3 });
  });
});

describe("failed reads raise and keep the previous link", () => {
  it.each([
    ["a 500 on a later page", { [firstDeltaLink]: { "@odata.nextLink": "https://g/p2", value: [] }, "https://g/p2": { fail: { status: 500, code: "InternalServerError" } } }, /status 500/],
    ["a 403 (permission missing)", { [firstDeltaLink]: { fail: { status: 403, code: "Authorization_RequestDenied" } } }, /status 403/],
    ["a page without a value list", { [firstDeltaLink]: { "@odata.deltaLink": "https://g/d" } }, /no "value" list/],
    ["a page with both links", { [firstDeltaLink]: { "@odata.deltaLink": "https://g/d", "@odata.nextLink": "https://g/n", value: [] } }, /exactly one/],
    ["a page with neither link", { [firstDeltaLink]: { value: [] } }, /exactly one/],
    ["a nextLink loop", { [firstDeltaLink]: { "@odata.nextLink": "https://g/loop", value: [] }, "https://g/loop": { "@odata.nextLink": "https://g/loop", value: [] } }, /same nextLink twice/],
  ])("%s", async (_name, answers, message) => {
    const { graph, state } = await afterInitialRound();
    const before = await state.read(STATE_KEYS.users);
    graph.answer(answers);
    await expect(readUsers({ graph, state, attributes })).rejects.toThrow(message);
    expect(await state.read(STATE_KEYS.users)).toEqual(before);
  });

  it.each([
    ["no user at all", []],
    ["only removed users", [{ id: cameron, "@removed": { reason: "changed" } }]],
  ])("a full resync returning %s is not trusted and keeps the old link", async (_name, value) => {
    const { graph, state } = await afterInitialRound();
    graph.answer({ [firstDeltaLink]: { fail: { status: 400, code: "syncStateNotFound" } }, [start]: round(value) });
    const error = await readUsers({ graph, state, attributes }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DirectoryReadError);
    expect((error as Error).message).toBe("read users delta: a full read returned no users at all; a tenant always has some, so the read is not trusted");
    expect(await state.read(STATE_KEYS.users)).toMatchObject({ deltaLink: firstDeltaLink });
  });

  it("a failed full resync keeps the old link too", async () => {
    const { graph, state } = await afterInitialRound();
    graph.answer({ [firstDeltaLink]: { fail: { status: 410, code: "SyncStateNotFound" } }, [start]: { fail: { status: 503, code: "ServiceUnavailable" } } });
    await expect(readUsers({ graph, state, attributes })).rejects.toThrow(/503/);
    expect(await state.read(STATE_KEYS.users)).toMatchObject({ deltaLink: firstDeltaLink });
  });
});

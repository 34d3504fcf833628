import { beforeEach, describe, expect, it } from "vitest";
import { folderAt } from "../../src/mailbox/folder";
import { readFolder, recordWrites, startFolder, type WrittenContact } from "../../src/mailbox/read";
import { MailboxSkipped } from "../../src/mailbox/skip";
import { createMemoryStateStore } from "../../src/state";
import { FakeGraphError, FakeMailbox } from "./fake-mailbox";

const policy = "staff";
const alice = { givenName: "Alice", surname: "Adams", displayName: "Alice Adams" };
const bob = { givenName: "Bob", surname: "Brown", displayName: "Bob Brown" };
const usersOwn = { givenName: "Mum", displayName: "Mum" };
const owner = (sourceUserId: string, hash = "h") => ({ policy, sourceUserId, hash });

describe("readFolder", () => {
  let graph: FakeMailbox;
  let state: ReturnType<typeof createMemoryStateStore>;
  let folderId: string;
  const read = async () => {
    const before = graph.calls.length;
    const result = await readFolder(graph, state, graph.mailboxId, folderAt(graph.mailboxId, folderId), policy);
    return { ...result, requests: graph.calls.length - before, urls: graph.calls.slice(before) };
  };

  beforeEach(() => {
    graph = new FakeMailbox();
    state = createMemoryStateStore();
    folderId = graph.addFolder("CYNC");
  });

  it("classifies owned, foreign and unmarked contacts with their fields and changeKey", async () => {
    const a = graph.put(folderId, alice, owner("u-alice", "ha"));
    const b = graph.put(folderId, bob, { policy: "other", sourceUserId: "u-bob", hash: "hb" });
    const own = graph.put(folderId, usersOwn);
    const { contacts, full } = await read();
    expect(full).toBe(true);
    const byId = new Map(contacts.map((c) => [c.id, c]));
    expect(byId.get(a)).toMatchObject({ fields: alice, changeKey: "ck0", ownership: { kind: "owned", sourceUserId: "u-alice", hash: "ha" } });
    expect(byId.get(b)?.ownership).toEqual({ kind: "foreign", policy: "other", sourceUserId: "u-bob" });
    expect(byId.get(own)?.ownership).toEqual({ kind: "unmarked" });
  });

  it("reads a folder the first time with one delta round and one listing, never $expand on delta", async () => {
    graph.put(folderId, alice, owner("u-alice"));
    const { requests, urls } = await read();
    expect(requests).toBe(2);
    expect(decodeURIComponent(urls[0]!)).toMatch(/\/contacts\/delta\?\$select=id,changeKey$/);
    expect(decodeURIComponent(urls[1]!)).toMatch(/\/contacts\?\$top=1000&\$select=changeKey,.*&\$expand=extensions\(\$filter=id eq 'io\.cync\.owner'\)$/);
  });

  it("reads an unchanged folder with ONE request and the same result", async () => {
    graph.put(folderId, alice, owner("u-alice"));
    const first = await read();
    const second = await read();
    expect(second.requests).toBe(1);
    expect(second.contacts).toEqual(first.contacts);
    expect(second.full).toBe(false);
  });

  describe("unchangedSince", () => {
    const readSince = (since: string | undefined) => readFolder(graph, state, "m1", folderAt("m1", folderId), policy, { unchangedSince: since });

    it("answers unchanged without loading contacts when the folder still holds that version", async () => {
      graph.put(folderId, alice, owner("u-alice"));
      const first = await readSince(undefined);
      const reads: string[] = [];
      const read = state.read.bind(state);
      state.read = (key, version) => (reads.push(key), read(key, version));
      const again = await readSince(first.version);
      expect(again).toEqual({ contacts: [], full: false, version: first.version, unchanged: true });
      expect(reads.every((k) => k.endsWith("/delta-link"))).toBe(true);
    });

    it.each<[string, (g: FakeMailbox, folder: string) => void, (firstVersion: string | undefined) => string | undefined]>([
      ["a contact changed since that version", (g, f) => void g.put(f, bob, owner("u-bob")), (v) => v],
      ["nothing changed but another version is asked about", () => undefined, () => "another"],
    ])("loads the contacts when %s", async (_name, change, since) => {
      graph.put(folderId, alice, owner("u-alice"));
      const first = await readSince(undefined);
      change(graph, folderId);
      const again = await readSince(since(first.version));
      expect(again.unchanged).toBe(false);
      expect(again.contacts.length).toBeGreaterThan(0);
    });

    it("gives a new version exactly when the content changed", async () => {
      graph.put(folderId, alice, owner("u-alice"));
      const v1 = (await readSince(undefined)).version;
      const v1again = (await readSince(undefined)).version;
      graph.put(folderId, bob, owner("u-bob"));
      const v2 = (await readSince(undefined)).version;
      expect(v1again).toBe(v1);
      expect(v2).not.toBe(v1);
    });
  });

  it("rewrites no contacts in the state directory when nothing changed", async () => {
    graph.put(folderId, alice, owner("u-alice"));
    await read();
    const writes: string[] = [];
    const write = state.write.bind(state);
    state.write = (key, value, version) => (writes.push(key), write(key, value, version));
    await read();
    expect(writes.filter((k) => !k.endsWith("/delta-link"))).toEqual([]);
  });

  it("loses no change when the run dies between saving its two records", async () => {
    const a = graph.put(folderId, alice, owner("u-alice"));
    await read();
    graph.put(folderId, { ...alice, id: a, jobTitle: "Boss" }, owner("u-alice"));
    const write = state.write.bind(state);
    let writes = 0;
    state.write = (key, value, version) => (++writes === 2 ? Promise.reject(new Error("killed")) : write(key, value, version));
    await expect(read()).rejects.toThrow("killed");
    state.write = write;
    const { contacts } = await read();
    expect(contacts.map((c) => c.fields.jobTitle)).toEqual(["Boss"]);
  });

  it("re-reads only the contact that changed, with its marker", async () => {
    const a = graph.put(folderId, alice, owner("u-alice"));
    graph.put(folderId, bob, owner("u-bob"));
    await read();
    graph.put(folderId, { ...alice, id: a, displayName: "Tampered" }, owner("u-alice"));
    const { contacts, requests, urls } = await read();
    expect(requests).toBe(2);
    expect(decodeURIComponent(urls[1]!)).toMatch(new RegExp(`/contactFolders/${folderId}/contacts/${a}\\?.*\\$expand=`));
    expect(contacts.find((c) => c.id === a)).toMatchObject({ fields: { displayName: "Tampered" }, ownership: { kind: "owned" } });
  });

  describe("the applier's own writes (recordWrites)", () => {
    /** What a write answers: the contact as stored, with its marker (the create sent it). */
    const stored = async (id: string): Promise<Record<string, unknown>> =>
      (await graph.get(`/users/m1/contactFolders/${folderId}/contacts/${id}?$expand=x`, { mailboxId: "m1" })) as Record<string, unknown>;
    const record = (writes: WrittenContact[]) => recordWrites(state, "m1", folderAt("m1", folderId), writes);

    it.each<[string, (a: string) => Promise<WrittenContact[]>, number, string[]]>([
      ["created and updated contacts are not read back", async (a) => {
        const b = graph.put(folderId, bob, owner("u-bob"));
        graph.put(folderId, { ...alice, id: a, jobTitle: "Boss" }, owner("u-alice"));
        return [{ kind: "written", contact: await stored(b) }, { kind: "written", contact: await stored(a) }];
      }, 1, ["Alice Adams/Boss", "Bob Brown/-"]],
      ["a deleted contact is gone without a read", async (a) => {
        graph.remove(folderId, a);
        return [{ kind: "deleted", id: a }];
      }, 1, []],
      ["a contact its owner changed after cync wrote it is read again", async (a) => {
        graph.put(folderId, { ...alice, id: a, jobTitle: "Boss" }, owner("u-alice"));
        const written = await stored(a);
        graph.put(folderId, { ...alice, id: a, jobTitle: "Owner's edit" }, owner("u-alice"));
        return [{ kind: "written", contact: written }];
      }, 2, ["Alice Adams/Owner's edit"]],
      ["a write not recorded is read again", async (a) => {
        graph.put(folderId, { ...alice, id: a, jobTitle: "Boss" }, owner("u-alice"));
        return [];
      }, 2, ["Alice Adams/Boss"]],
    ])("%s", async (_name, write, requests, contacts) => {
      const a = graph.put(folderId, alice, owner("u-alice"));
      await read();
      await record(await write(a));
      const next = await read();
      expect(next.requests).toBe(requests);
      expect(next.contacts.map((c) => `${c.fields.displayName}/${c.fields.jobTitle ?? "-"}`).sort()).toEqual(contacts);
      expect(next.contacts.every((c) => c.ownership.kind === "owned")).toBe(true);
    });

    it("starts a folder cync has just created with one delta round, and then reads back none of its creates", async () => {
      const before = graph.calls.length;
      await startFolder(graph, state, "m1", folderAt("m1", folderId));
      expect(graph.calls.length - before).toBe(1);
      const a = graph.put(folderId, alice, owner("u-alice"));
      await record([{ kind: "written", contact: await stored(a) }]);
      const next = await read();
      expect(next.requests).toBe(1);
      expect(next.contacts.map((c) => c.id)).toEqual([a]);
    });
  });

  it("applies removals, and lists the folder once when more changed than a listing costs", async () => {
    const a = graph.put(folderId, alice, owner("u-alice"));
    const b = graph.put(folderId, bob, owner("u-bob"));
    await read();
    graph.put(folderId, { ...alice, id: a, jobTitle: "Boss" }, owner("u-alice"));
    graph.remove(folderId, b);
    const c = graph.put(folderId, usersOwn);
    const { contacts, full, requests } = await read();
    expect({ full, requests }).toEqual({ full: false, requests: 2 });
    expect(contacts.map((x) => [x.id, x.fields.jobTitle ?? x.fields.displayName, x.ownership.kind])).toEqual(
      [
        [a, "Boss", "owned"],
        [c, "Mum", "unmarked"],
      ].sort(),
    );
  });

  it("follows nextLinks through a paged delta round", async () => {
    graph.pageSize = 2;
    for (let i = 0; i < 5; i++) graph.put(folderId, { displayName: `P${i}` }, owner(`u${i}`));
    const { contacts, requests } = await read();
    expect(requests).toBe(3 + 1);
    expect(contacts).toHaveLength(5);
  });

  it("re-reads the folder in full when the stored delta token expired (410 SyncStateNotFound)", async () => {
    graph.put(folderId, alice, owner("u-alice"));
    await read();
    graph.put(folderId, bob, owner("u-bob"));
    graph.expireAllTokens();
    const { contacts, full, requests } = await read();
    expect({ full, requests }).toEqual({ full: true, requests: 3 });
    expect(contacts.map((c) => c.fields.displayName).sort()).toEqual(["Alice Adams", "Bob Brown"]);
  });

  it("gives the same contacts with and without the state directory", async () => {
    graph.put(folderId, alice, owner("u-alice"));
    await read();
    graph.put(folderId, bob, owner("u-bob"));
    const withState = await read();
    state = createMemoryStateStore();
    const withoutState = await read();
    expect(withoutState.contacts).toEqual(withState.contacts);
    expect(withoutState.full).toBe(true);
  });

  it("lists the default Contacts folder every time and keeps no state for it", async () => {
    folderId = "contacts";
    graph.put("contacts", alice, owner("u-alice"));
    graph.put("contacts", usersOwn);
    const first = await read();
    const second = await read();
    expect([first.requests, second.requests]).toEqual([1, 1]);
    expect(decodeURIComponent(second.urls[0]!)).toMatch(/^\/users\/m1\/contacts\?\$top=1000&/);
    expect(second.contacts.map((c) => c.ownership.kind).sort()).toEqual(["owned", "unmarked"]);
    expect(state.keys()).toEqual([]);
  });

  it.each([
    [404, "MailboxNotEnabledForRESTAPI", "no-exchange-mailbox"],
    [404, "ErrorInvalidUser", "unknown-to-exchange"],
    [403, "ErrorAccessDenied", "not-in-scope"],
  ])("a %i %s mailbox is skipped as %s", async (status, code, reason) => {
    graph.failAll = new FakeGraphError(status, code);
    const err: unknown = await read().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailboxSkipped);
    expect(err).toMatchObject({ mailboxId: "m1", reason });
  });

  it("lets any other failure through", async () => {
    graph.failAll = new FakeGraphError(500, "InternalServerError");
    await expect(read()).rejects.toMatchObject({ status: 500 });
  });
});

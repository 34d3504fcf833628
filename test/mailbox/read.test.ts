import { beforeEach, describe, expect, it } from "vitest";
import { folderAt } from "../../src/mailbox/folder";
import { readFolder } from "../../src/mailbox/read";
import { MailboxSkipped } from "../../src/mailbox/skip";
import { createMemoryStateStore } from "../../src/state";
import { FakeGraphError, FakeMailbox, type DeltaExpand } from "./fake-mailbox";

const policy = "staff";
const alice = { givenName: "Alice", surname: "Adams", displayName: "Alice Adams" };
const bob = { givenName: "Bob", surname: "Brown", displayName: "Bob Brown" };
const usersOwn = { givenName: "Mum", displayName: "Mum" };

describe("readFolder", () => {
  let graph: FakeMailbox;
  let state: ReturnType<typeof createMemoryStateStore>;
  let folderId: string;
  const read = () => readFolder(graph, state, graph.mailboxId, folderAt(graph.mailboxId, folderId), policy);

  beforeEach(() => {
    graph = new FakeMailbox();
    state = createMemoryStateStore();
    folderId = graph.addFolder("CYNC");
  });

  it("classifies owned, foreign and unmarked contacts with their fields", async () => {
    const a = graph.put(folderId, alice, { policy, sourceUserId: "u-alice", hash: "ha" });
    const b = graph.put(folderId, bob, { policy: "other", sourceUserId: "u-bob" });
    const own = graph.put(folderId, usersOwn);
    const { contacts, full } = await read();
    expect(full).toBe(true);
    const byId = new Map(contacts.map((c) => [c.id, c]));
    expect(byId.get(a)).toMatchObject({ fields: alice, ownership: { kind: "owned", sourceUserId: "u-alice", hash: "ha" } });
    expect(byId.get(b)?.ownership).toEqual({ kind: "foreign", policy: "other", sourceUserId: "u-bob" });
    expect(byId.get(own)?.ownership).toEqual({ kind: "unmarked" });
  });

  it.each<[string, DeltaExpand, number]>([
    // initial delta round with $expand honoured: one request.
    ["delta honours $expand", "honoured", 1],
    // $expand ignored: 1 delta + 1 listing (3 contacts > 1 listing page).
    ["delta ignores $expand", "ignored", 2],
    // $expand refused (400): 1 refused + 1 $select-only delta + 1 listing.
    ["delta refuses $expand", "refused", 3],
  ])("first read when %s costs %i requests and never loses a marker", async (_name, mode, requests) => {
    graph.deltaExpand = mode;
    graph.put(folderId, alice, { policy, sourceUserId: "u-alice" });
    graph.put(folderId, bob, { policy, sourceUserId: "u-bob" });
    graph.put(folderId, usersOwn);
    const first = await read();
    expect(first.requests).toBe(requests);
    expect(first.contacts.map((c) => c.ownership.kind).sort()).toEqual(["owned", "owned", "unmarked"]);
  });

  it.each<[DeltaExpand]>([["honoured"], ["ignored"], ["refused"]])(
    "an unchanged folder costs one request on the next read (delta %s)",
    async (mode) => {
      graph.deltaExpand = mode;
      graph.put(folderId, alice, { policy, sourceUserId: "u-alice" });
      const first = await read();
      const second = await read();
      expect(second).toEqual({ contacts: first.contacts, full: false, requests: 1 });
    },
  );

  it("applies changes and removals from the delta round", async () => {
    const a = graph.put(folderId, alice, { policy, sourceUserId: "u-alice" });
    const b = graph.put(folderId, bob, { policy, sourceUserId: "u-bob" });
    await read();
    graph.put(folderId, { ...alice, id: a, displayName: "Tampered" }, { policy, sourceUserId: "u-alice" });
    graph.remove(folderId, b);
    const c = graph.put(folderId, usersOwn);
    const { contacts, full, requests } = await read();
    expect(full).toBe(false);
    expect(requests).toBe(1);
    expect(contacts.map((x) => [x.id, x.fields.displayName, x.ownership.kind])).toEqual(
      [
        [a, "Tampered", "owned"],
        [c, "Mum", "unmarked"],
      ].sort(),
    );
  });

  it("re-reads only the changed contacts' markers when delta does not expand them", async () => {
    graph.deltaExpand = "ignored";
    const ids = [alice, bob, usersOwn].map((c, i) => graph.put(folderId, c, i < 2 ? { policy, sourceUserId: `u${i}` } : undefined));
    await read();
    graph.calls.length = 0;
    graph.put(folderId, { ...bob, id: ids[1], jobTitle: "Boss" }, { policy, sourceUserId: "u1" });
    const { contacts, requests } = await read();
    expect(requests).toBe(2);
    expect(graph.calls[1]).toMatch(new RegExp(`/users/m1/contacts/${ids[1]}\\?.*expand`));
    expect(contacts.find((c) => c.id === ids[1])).toMatchObject({ fields: { jobTitle: "Boss" }, ownership: { kind: "owned" } });
  });

  it("follows nextLinks through a paged round", async () => {
    graph.pageSize = 2;
    for (let i = 0; i < 5; i++) graph.put(folderId, { displayName: `P${i}` }, { policy, sourceUserId: `u${i}` });
    const { contacts, requests } = await read();
    expect(requests).toBe(3);
    expect(contacts).toHaveLength(5);
  });

  it("falls back to a full round when the stored token is expired", async () => {
    graph.put(folderId, alice, { policy, sourceUserId: "u-alice" });
    await read();
    graph.put(folderId, bob, { policy, sourceUserId: "u-bob" });
    graph.expireAllTokens();
    const { contacts, full, requests } = await read();
    expect({ full, requests }).toEqual({ full: true, requests: 2 });
    expect(contacts.map((c) => c.fields.displayName).sort()).toEqual(["Alice Adams", "Bob Brown"]);
  });

  it("gives the same contacts with and without the state directory", async () => {
    graph.put(folderId, alice, { policy, sourceUserId: "u-alice" });
    await read();
    graph.put(folderId, bob, { policy, sourceUserId: "u-bob" });
    const withState = await read();
    state = createMemoryStateStore();
    const withoutState = await read();
    expect(withoutState.contacts).toEqual(withState.contacts);
    expect(withoutState.full).toBe(true);
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

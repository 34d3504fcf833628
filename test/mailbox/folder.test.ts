import { beforeEach, describe, expect, it } from "vitest";
import { createFolder, findFolder } from "../../src/mailbox/folder";
import { MailboxSkipped } from "../../src/mailbox/skip";
import { FakeGraphError, FakeMailbox } from "./fake-mailbox";

describe("findFolder", () => {
  let graph: FakeMailbox;
  beforeEach(() => {
    graph = new FakeMailbox();
  });

  it("finds the named folder with one filtered request", async () => {
    graph.addFolder("Other");
    const id = graph.addFolder("CYNC");
    const found = await findFolder(graph, "m1", { name: "CYNC" });
    expect(found).toEqual({ folder: { id, contactsPath: `/users/m1/contactFolders/${id}/contacts` }, ignoredDuplicates: [] });
    expect(graph.calls).toHaveLength(1);
    expect(decodeURIComponent(graph.calls[0]!)).toContain("$filter=displayName eq 'CYNC'");
  });

  it("escapes quotes in the folder name (OData string literal)", async () => {
    const id = graph.addFolder("O'Brien's team");
    const found = await findFolder(graph, "m1", { name: "O'Brien's team" });
    expect(found.folder?.id).toBe(id);
    expect(new URL(graph.calls[0]!, "https://x").searchParams.get("$filter")).toBe("displayName eq 'O''Brien''s team'");
  });

  it("reports a missing folder without creating it", async () => {
    expect(await findFolder(graph, "m1", { name: "CYNC" })).toEqual({ folder: undefined, ignoredDuplicates: [] });
    expect(graph.calls.filter((c) => c.startsWith("POST"))).toEqual([]);
  });

  it("uses the default Contacts folder without a request", async () => {
    const found = await findFolder(graph, "m1", { defaultContacts: true });
    expect(found.folder).toEqual({ id: "contacts", contactsPath: "/users/m1/contacts" });
    expect(graph.calls).toEqual([]);
  });

  it.each([
    ["the one holding cync-marked contacts", ["F2"], "F2"],
    ["the lowest id when none holds marked contacts", [], "F1"],
    ["the lowest id among several holding marked contacts", ["F3", "F2"], "F2"],
  ])("picks %s among same-named folders", async (_name, marked, chosen) => {
    for (const id of ["F3", "F1", "F2"]) graph.addFolder("CYNC", id);
    for (const id of marked) graph.put(id, { displayName: "x" }, { policy: "p", sourceUserId: "u" });
    const found = await findFolder(graph, "m1", { name: "CYNC" });
    expect(found.folder?.id).toBe(chosen);
    expect(found.ignoredDuplicates).toEqual(["F1", "F2", "F3"].filter((id) => id !== chosen));
  });

  it("skips a mailbox without Exchange", async () => {
    graph.failAll = new FakeGraphError(404, "MailboxNotEnabledForRESTAPI");
    await expect(findFolder(graph, "m1", { name: "CYNC" })).rejects.toBeInstanceOf(MailboxSkipped);
  });
});

describe("createFolder", () => {
  let graph: FakeMailbox;
  beforeEach(() => {
    graph = new FakeMailbox();
  });

  it("creates a missing folder with one request, and says it made it (so it is empty)", async () => {
    const made = await createFolder(graph, "m1", { name: "CYNC" });
    expect(made.created).toBe(true);
    expect(graph.folders).toHaveLength(1);
    expect(graph.calls).toHaveLength(1);
    expect(graph.calls[0]).toMatch(/^POST /);
  });

  it("creates a folder once: a second create finds the first (409) and did not make it", async () => {
    const first = await createFolder(graph, "m1", { name: "CYNC" });
    const second = await createFolder(graph, "m1", { name: "CYNC" });
    expect(second).toEqual({ ...first, created: false });
    expect(graph.folders).toHaveLength(1);
  });

  it("looks the folder up on 409 ErrorFolderExists instead of duplicating it", async () => {
    // The folder appears between the lookup and the POST (another run, or a lost response).
    const racing = new (class extends FakeMailbox {
      override async post(path: string, body: unknown, opts: { mailboxId: string }): Promise<unknown> {
        this.addFolder("CYNC", "F-other-run");
        return super.post(path, body, opts);
      }
    })();
    const found = await createFolder(racing, "m1", { name: "CYNC" });
    expect(found.folder?.id).toBe("F-other-run");
    expect(found.created).toBe(false);
    expect(racing.folders).toHaveLength(1);
  });

  /** A POST outcome: answered, lost before the write (never committed), or lost after it (committed). */
  type Post = "answered" | "lost" | "committed-lost";
  const scripted = (posts: readonly Post[]): FakeMailbox =>
    new (class extends FakeMailbox {
      #next = 0;
      override async post(path: string, body: unknown, opts: { mailboxId: string }): Promise<unknown> {
        const outcome = posts[this.#next++] ?? "answered";
        if (outcome === "lost") {
          this.calls.push(`POST ${path}`);
          throw new Error("create contact folder: the response was lost; the write may have taken effect");
        }
        const answer = await super.post(path, body, opts);
        if (outcome === "committed-lost") throw new Error("create contact folder: the response was lost; the write may have taken effect");
        return answer;
      }
    })();

  it.each<[string, Post[], number, "found" | "fails"]>([
    ["a lost answer to a committed create: looked up, not sent again", ["committed-lost"], 1, "found"],
    ["a lost answer to a create that never took effect: sent again", ["lost"], 2, "found"],
    ["lost twice, then committed behind a lost answer: found on the third look", ["lost", "lost", "committed-lost"], 3, "found"],
    ["lost on every send: the mailbox is given up after three sends", ["lost", "lost", "lost", "lost"], 3, "fails"],
  ])("%s", async (_name, posts, sends, result) => {
    const graph = scripted(posts);
    const outcome = createFolder(graph, "m1", { name: "CYNC" });
    if (result === "fails") {
      await expect(outcome).rejects.toThrow(/response was lost/);
      expect(graph.folders).toHaveLength(0);
    } else {
      expect((await outcome).folder?.id).toBe(graph.folders[0]!.id);
      expect(graph.folders).toHaveLength(1);
    }
    expect(graph.calls.filter((c) => c.startsWith("POST"))).toHaveLength(sends);
  });

  it("fails, never skips, a mailbox it could read whose folder create is refused (no Contacts.ReadWrite)", async () => {
    const readOnly = new (class extends FakeMailbox {
      override async post(): Promise<unknown> {
        throw new FakeGraphError(403, "ErrorAccessDenied");
      }
    })();
    const error = await createFolder(readOnly, "m1", { name: "CYNC" }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(MailboxSkipped);
    expect(error).toMatchObject({ status: 403, code: "ErrorAccessDenied" });
  });

  it("lets other failures through", async () => {
    const failing = new (class extends FakeMailbox {
      override async post(): Promise<unknown> {
        throw new FakeGraphError(500, "InternalServerError");
      }
    })();
    await expect(createFolder(failing, "m1", { name: "CYNC" })).rejects.toMatchObject({ status: 500 });
    // An answered refusal is not sent again.
    expect(failing.calls.filter((c) => c.startsWith("POST"))).toHaveLength(0);
  });
});

import { describe, expect, it } from "vitest";
import type { DeclaredPolicy } from "../../src/engine/declared";
import type { TargetSet } from "../../src/engine/steps";
import { sweep } from "../../src/engine/sweep";
import type { MailboxRef } from "../../src/model/mailbox";
import { createMemoryStateStore } from "../../src/state";
import { FakeGraphError, FakeTenant } from "../mailbox/fake-mailbox";

const ref = (id: string): MailboxRef => ({ id, upn: `${id}@contoso.test` });
const staff: DeclaredPolicy = { name: "staff", folder: { name: "CYNC" }, mode: "sync" };
/** staff targets m1 only. */
const targets = new Map<string, TargetSet>([["staff", { mailboxes: [ref("m1")], skipped: [], nonTargets: [] }]]);

/** Mailbox `id` holding one contact of `policy` in `folder` (the default Contacts folder when "contacts"). */
function holding(graph: FakeTenant, id: string, policy: string, folder: string): void {
  const mbx = graph.mailbox(id);
  const folderId = folder === "contacts" ? "contacts" : (mbx.folders.find((f) => f.displayName === folder)?.id ?? mbx.addFolder(folder));
  mbx.put(folderId, { displayName: "Someone" }, { policy, sourceUserId: "u1" });
}

describe("sweep", () => {
  it.each<[string, string, string, string, DeclaredPolicy[], string[], string[]]>([
    ["a removed policy's contacts", "m2", "old", "Old", [staff], ["old:policy-removed:Old:m2"], []],
    ["a removed policy's contacts in the default Contacts folder", "m2", "old", "contacts", [staff], ["old:policy-removed:default:m2"], []],
    ["a declared policy's, in a mailbox it no longer targets", "m2", "staff", "CYNC", [staff], ["staff:mailbox-left-targets:CYNC:m2"], []],
    ["a declared policy's, in a targeted mailbox: found, recorded again", "m1", "staff", "CYNC", [staff], [], ["staff:m1"]],
    ["a declared policy's, in a folder it no longer uses: left alone", "m2", "staff", "Old", [staff], [], []],
    ["an upsert-only policy's, in a mailbox it left: left alone", "m2", "staff", "CYNC", [{ ...staff, mode: "upsert-only" }], [], []],
  ])("%s", async (_name, mailbox, policy, folder, declared, removals, found) => {
    const graph = new FakeTenant();
    holding(graph, mailbox, policy, folder);
    const result = await sweep({ graph, state: createMemoryStateStore(), concurrency: 2 }, [ref(mailbox)], declared, targets);
    expect(result.removals.map((r) => `${r.policy}:${r.reason}:${"name" in r.folder ? r.folder.name : "default"}:${r.mailboxes.map((m) => m.id).join(",")}`)).toEqual(removals);
    expect([...result.found].flatMap(([p, ids]) => ids.map((id) => `${p}:${id}`))).toEqual(found);
    expect(result.removals.every((r) => r.removeFolderIfCreated === false)).toBe(true);
  });

  it("counts a mailbox Exchange does not serve, and what the search cost", async () => {
    const graph = new FakeTenant();
    graph.mailbox("nobody").failAll = new FakeGraphError(404, "MailboxNotEnabledForRESTAPI");
    holding(graph, "m2", "old", "Old");
    const result = await sweep({ graph, state: createMemoryStateStore(), concurrency: 2 }, [ref("nobody"), ref("m2")], [staff], targets);
    // nobody: its failed folder listing; m2: the listing, the default Contacts folder and "Old".
    expect(result).toMatchObject({ mailboxes: 2, unreadable: 1, requests: 4 });
  });
});

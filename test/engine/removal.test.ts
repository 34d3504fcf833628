import { describe, expect, it } from "vitest";
import { leftTargets, planRemovals } from "../../src/engine/removal";
import type { TargetSet } from "../../src/engine/steps";
import type { MailboxRef } from "../../src/model/mailbox";
import type { NonTargetReason } from "../../src/plan/reasons";
import { createMemoryStateStore } from "../../src/state";
import { FakeGraphError, FakeTenant } from "../mailbox/fake-mailbox";

const ref = (id: string): MailboxRef => ({ id, upn: `${id}@contoso.test` });

/** A target selection: `target` is a target mailbox, `skipped` a skipped target, the rest non-targets with their code. */
function selection(entries: Record<string, "target" | "skipped" | NonTargetReason>): TargetSet {
  const all = Object.entries(entries);
  return {
    mailboxes: all.filter(([, k]) => k === "target").map(([id]) => ref(id)),
    skipped: all.filter(([, k]) => k === "skipped").map(([id]) => ({ mailbox: ref(id), code: "no-exchange-mailbox" as const })),
    nonTargets: all.filter(([, k]) => k !== "target" && k !== "skipped").map(([id, code]) => ({ mailbox: ref(id), code: code as NonTargetReason })),
  };
}

describe("leftTargets", () => {
  it.each<[string, "target" | "skipped" | NonTargetReason | "absent", boolean]>([
    ["still a target", "target", false],
    ["a skipped target (licensed, no mailbox answered)", "skipped", false],
    ["no Exchange Online license", "no-exchange-license", false],
    ["account disabled", "account-disabled", true],
    ["excluded by the policy", "excluded", true],
    ["opted out", "opted-out", true],
    ["mailbox kind no longer targeted", "mailbox-kind-not-targeted", true],
    ["not selected at all (left the target group, or deleted)", "absent", true],
  ])("a mailbox written to that is now %s: left = %s", (_name, now, left) => {
    const targets = selection(now === "absent" ? {} : { m1: now });
    expect(leftTargets(["m1"], targets)).toEqual(left ? ["m1"] : []);
  });
});

describe("planRemovals", () => {
  const POLICY = "sales";
  const marker = (policy: string, sourceUserId: string) => ({ policy, sourceUserId });

  it("removes only the removed policy's contacts, counting the others, and says why", async () => {
    const graph = new FakeTenant();
    const mbx = graph.mailbox("m1");
    const folder = mbx.addFolder("CYNC");
    mbx.put(folder, { displayName: "Alice" }, marker(POLICY, "alice"));
    mbx.put(folder, { displayName: "Alice again" }, marker(POLICY, "alice"));
    mbx.put(folder, { displayName: "Bob" }, marker("staff", "bob"));
    mbx.put(folder, { displayName: "Mum" });
    const [plan] = await planRemovals({ graph, state: createMemoryStateStore(), concurrency: 2 }, [
      { policy: POLICY, folder: { name: "CYNC" }, mailboxes: [ref("m1")], reason: "policy-removed", removeFolderIfCreated: true },
    ]);
    expect(plan).toMatchObject({ policy: POLICY, folder: "CYNC", mode: "sync", sourceUsers: 0, ownedContacts: 2, skipped: [] });
    const m = plan!.mailboxes[0]!;
    expect(m.delete.map((d) => [d.fields.displayName, d.reason])).toEqual([
      ["Alice", "policy-removed"],
      ["Alice again", "policy-removed"],
    ]);
    expect(m).toMatchObject({ owned: 2, foreign: 1, unmarked: 1 });
    expect(m.removeFolder).toBeUndefined();
  });

  it("plans the folder's removal only when cync created it and nothing else is in it", async () => {
    const graph = new FakeTenant();
    for (const id of ["m1", "m2"]) graph.mailbox(id).put(graph.mailbox(id).addFolder("CYNC"), { displayName: "Alice" }, marker(POLICY, "alice"));
    const io = { graph, state: createMemoryStateStore(), concurrency: 2 };
    const [created, notCreated] = await planRemovals(io, [
      { policy: POLICY, folder: { name: "CYNC" }, mailboxes: [ref("m1")], reason: "mailbox-left-targets", removeFolderIfCreated: true },
      { policy: "other", folder: { name: "CYNC" }, mailboxes: [ref("m2")], reason: "mailbox-left-targets" },
    ]);
    expect(created!.mailboxes[0]).toMatchObject({ removeFolder: true, delete: [{ reason: "mailbox-left-targets" }] });
    expect(notCreated!.mailboxes).toEqual([]);
    expect(notCreated!.unchangedMailboxes).toBe(1);
  });

  it("never removes the default Contacts folder", async () => {
    const graph = new FakeTenant();
    graph.mailbox("m1").put("contacts", { displayName: "Alice" }, marker(POLICY, "alice"));
    const [plan] = await planRemovals({ graph, state: createMemoryStateStore(), concurrency: 1 }, [
      { policy: POLICY, folder: { defaultContacts: true }, mailboxes: [ref("m1")], reason: "policy-removed", removeFolderIfCreated: true },
    ]);
    expect(plan!.mailboxes[0]).toMatchObject({ delete: [{ reason: "policy-removed" }] });
    expect(plan!.mailboxes[0]!.removeFolder).toBeUndefined();
  });

  it("skips a mailbox it cannot read instead of taking it as empty, and plans nothing in a mailbox without the folder", async () => {
    const graph = new FakeTenant();
    graph.mailbox("gone").failAll = new FakeGraphError(404, "MailboxNotEnabledForRESTAPI");
    graph.mailbox("nofolder");
    const [plan] = await planRemovals({ graph, state: createMemoryStateStore(), concurrency: 2 }, [
      { policy: POLICY, folder: { name: "CYNC" }, mailboxes: [ref("gone"), ref("nofolder")], reason: "policy-removed", removeFolderIfCreated: true },
    ]);
    expect(plan).toMatchObject({ mailboxes: [], unchangedMailboxes: 1, skipped: [{ mailbox: { id: "gone" }, code: "no-exchange-mailbox" }] });
  });

  it("fails the run on any other read failure: a partial removal plan would read as nothing to remove", async () => {
    const graph = new FakeTenant();
    graph.mailbox("m1").failAll = new FakeGraphError(500, "InternalServerError");
    await expect(
      planRemovals({ graph, state: createMemoryStateStore(), concurrency: 1 }, [{ policy: POLICY, folder: { name: "CYNC" }, mailboxes: [ref("m1")], reason: "policy-removed" }]),
    ).rejects.toMatchObject({ status: 500 });
  });
});

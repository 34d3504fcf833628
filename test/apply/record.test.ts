import { describe, expect, it } from "vitest";
import type { MailboxOutcome } from "../../src/apply/mailbox";
import { forgetSettledRemovals, recordOutcome } from "../../src/apply/record";
import { PolicyPlanBuilder } from "../../src/plan/aggregate";
import type { TenantRecord } from "../../src/record/record";
import { POLICY, bob, carol, changes, del, desired, job, mailbox } from "./fixtures";

const safety = { maxDeletes: 50, maxDeletePercent: 10, deletion: "deletedItems" } as const;
const declared = new Map([[POLICY, { name: POLICY, folder: { name: "CYNC" }, safety }]]);
const M = "mbx-1";
const known: TenantRecord = { [POLICY]: { folder: { name: "CYNC" }, safety, mailboxes: { [M]: { folderCreated: true } } } };
const outcome = (status: MailboxOutcome["status"], extra: Partial<MailboxOutcome> = {}): MailboxOutcome => ({
  policy: POLICY,
  mailboxId: M,
  status,
  created: 0,
  updated: 0,
  deleted: 0,
  alreadyDone: 0,
  notOwned: 0,
  recovered: 0,
  failed: 0,
  refused: 0,
  ...extra,
});
const creates = job(changes(M, { create: [desired("u-bob", bob)] }));
const removal = job(changes(M, { delete: [del("c-1", "u-carol", carol, "policy-removed")] }));
const mailboxesOf = (r: TenantRecord): string[] => Object.keys(r[POLICY]?.mailboxes ?? {});

describe("recordOutcome", () => {
  it.each<[string, TenantRecord, ReturnType<typeof job>, MailboxOutcome, Record<string, { folderCreated: boolean }> | undefined]>([
    ["a first write, folder created: added", {}, creates, outcome("applied", { created: 1, folderCreated: true }), { [M]: { folderCreated: true } }],
    ["a write that partly failed: added (something of ours may be there)", {}, creates, outcome("failed", { created: 1, failed: 1 }), { [M]: { folderCreated: false } }],
    ["a skipped mailbox: unchanged", {}, creates, outcome("skipped"), undefined],
    ["a write that wrote nothing to a mailbox without our contacts: unchanged", {}, creates, outcome("failed", { failed: 1 }), undefined],
    ["a removal applied: forgotten", known, removal, outcome("applied", { deleted: 1 }), undefined],
    ["a removal that failed: kept for the next run", known, removal, outcome("failed", { failed: 1 }), { [M]: { folderCreated: true } }],
  ])("%s", (_name, before, j, o, after) => {
    expect(recordOutcome(before, j, o, declared)[POLICY]?.mailboxes).toEqual(after);
  });
});

describe("forgetSettledRemovals", () => {
  it("forgets a removal's mailbox with nothing to remove, keeps one the plan skipped or still changes", () => {
    const record: TenantRecord = { [POLICY]: { folder: { name: "CYNC" }, safety, mailboxes: { clean: { folderCreated: false }, unread: { folderCreated: false }, busy: { folderCreated: false } } } };
    const b = new PolicyPlanBuilder({ policy: POLICY, folder: "CYNC", mode: "sync", sourceUsers: 0 });
    b.skip({ id: "unread", upn: "unread@x" }, "not-in-scope");
    b.add({ ...changes("busy", { delete: [del("c-1", "u-carol", carol, "policy-removed")] }), mailbox: { ...mailbox("busy") } });
    const after = forgetSettledRemovals(record, [{ policy: POLICY, mailboxIds: ["clean", "unread", "busy"] }], [b.finish()]);
    expect(mailboxesOf(after).sort()).toEqual(["busy", "unread"]);
  });
});

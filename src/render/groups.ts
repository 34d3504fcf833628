/**
 * Identical change sets across mailboxes, shown once with their count ("the same 3 creates in 412
 * mailboxes"): a policy usually makes the same change everywhere. Two mailboxes group together when
 * they create, update (same fields, same before and after) and delete the same contacts for the same
 * reasons; contact ids and changeKeys differ per mailbox and are ignored.
 */
import { createHash } from "node:crypto";
import type { MailboxRef } from "../model/mailbox";
import type { MailboxChanges, PolicyPlan } from "../plan/types";

export interface ChangeGroup {
  readonly policy: PolicyPlan;
  /** Mailboxes sharing the change set, in plan order (mailbox id). */
  readonly mailboxes: readonly MailboxRef[];
  /** The changes of the first of them (the others are the same up to contact ids). */
  readonly sample: MailboxChanges;
  /** Writes per mailbox. */
  readonly size: number;
}

/** Digest of what a mailbox's changes do, independent of contact ids. */
function signature(m: MailboxChanges): string {
  const h = createHash("sha256");
  for (const c of m.create) h.update(`c\0${c.sourceUserId}\0${c.hash}\n`);
  // Current fields come out of contactFieldsFromGraph in canonical key order, so JSON text is a stable key.
  for (const u of m.update) h.update(`u\0${u.sourceUserId}\0${u.hash}\0${JSON.stringify(u.old)}\n`);
  for (const d of m.delete) h.update(`d\0${d.sourceUserId}\0${d.reason}\0${JSON.stringify(d.fields)}\n`);
  return h.digest("base64");
}

/** Groups per policy; largest groups (by total writes) first, ties by first mailbox id. */
export function groupChanges(policy: PolicyPlan): ChangeGroup[] {
  const bySig = new Map<string, { mailboxes: MailboxRef[]; sample: MailboxChanges }>();
  for (const m of policy.mailboxes) {
    const sig = signature(m);
    const g = bySig.get(sig);
    if (g === undefined) bySig.set(sig, { mailboxes: [m.mailbox], sample: m });
    else g.mailboxes.push(m.mailbox);
  }
  const groups = [...bySig.values()].map(({ mailboxes, sample }) => ({
    policy,
    mailboxes,
    sample,
    size: sample.create.length + sample.update.length + sample.delete.length,
  }));
  const first = (g: ChangeGroup): string => g.mailboxes[0]!.id;
  return groups.sort((a, b) => b.size * b.mailboxes.length - a.size * a.mailboxes.length || (first(a) < first(b) ? -1 : first(a) > first(b) ? 1 : 0));
}

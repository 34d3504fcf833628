/**
 * A pull request's own effect (`cync plan --base-policies DIR`): the head plan — the pull request's
 * policies, i.e. what the next reconcile after merge does — split against the base plan — the base
 * branch's policies over the same directory read (src/engine/plan.ts).
 *
 * A change is identified by policy, mailbox, kind and contact, and by the values it writes:
 *
 * | Case                                            | Head change is…       | Base change is…             |
 * |-------------------------------------------------|-----------------------|-----------------------------|
 * | same policy, mailbox, kind, contact, new values | pending               | (the same change)           |
 * | head only (policy added or edited)              | pull request's effect | —                           |
 * | same contact, other values (mapping edited)     | pull request's effect | replaced by the head's      |
 * | base only (policy edited or removed)            | —                     | withdrawn (pull request's)  |
 *
 * A base change is withdrawn when the head plan makes no change at all to that contact (by source
 * user for a create, by contact id otherwise) in that policy's mailbox.
 *
 * So a directory change with no policy change (a hire) is pending only; a mapping edit is the pull
 * request's; both at once split per change. A removed policy's pending changes are withdrawn, and,
 * with the removal record (src/engine/declared.ts), its contacts' removal (`policy-removed`) is in
 * the head plan only: the pull request's — a rename shows that removal beside the new name's
 * creates. Warnings and skipped mailboxes follow the same rule: those the base plan has too are
 * pending. When no policy differs, everything is pending.
 */
import { assemblePlan } from "./aggregate";
import type { ChangeCounts, MailboxChanges, Plan, PlanWarning, PolicyEffect, PolicyPlan, SkippedMailbox } from "./types";

const createKey = (policy: string, mailbox: string, c: { sourceUserId: string; hash: string }): string => `c\0${policy}\0${mailbox}\0${c.sourceUserId}\0${c.hash}`;
const updateKey = (policy: string, mailbox: string, u: { contactId: string; hash: string }): string => `u\0${policy}\0${mailbox}\0${u.contactId}\0${u.hash}`;
const deleteKey = (policy: string, mailbox: string, d: { contactId: string }): string => `d\0${policy}\0${mailbox}\0${d.contactId}`;
const warningKey = (policy: string, w: PlanWarning): string => `w\0${policy}\0${w.code}\0${w.sourceUserId ?? ""}\0${w.mailboxId ?? ""}\0${w.message}`;
const skipKey = (policy: string, s: SkippedMailbox): string => `s\0${policy}\0${s.mailbox.id}\0${s.code}`;

/** Which contact a change is about, whatever it writes. */
const contactKey = (policy: string, mailbox: string, id: string): string => `${policy}\0${mailbox}\0${id}`;

function touchedContacts(plan: Plan): Set<string> {
  const keys = new Set<string>();
  for (const p of plan.policies) {
    for (const m of p.mailboxes) {
      for (const c of m.create) keys.add(contactKey(p.policy, m.mailbox.id, c.sourceUserId));
      for (const u of [...m.update, ...m.delete]) keys.add(contactKey(p.policy, m.mailbox.id, u.contactId));
    }
  }
  return keys;
}

function changeKeys(plan: Plan): Set<string> {
  const keys = new Set<string>();
  for (const p of plan.policies) {
    for (const w of p.warnings) keys.add(warningKey(p.policy, w));
    for (const s of p.skipped) keys.add(skipKey(p.policy, s));
    for (const m of p.mailboxes) {
      for (const c of m.create) keys.add(createKey(p.policy, m.mailbox.id, c));
      for (const u of m.update) keys.add(updateKey(p.policy, m.mailbox.id, u));
      for (const d of m.delete) keys.add(deleteKey(p.policy, m.mailbox.id, d));
    }
  }
  return keys;
}

const zero = (): { create: number; update: number; delete: number } => ({ create: 0, update: 0, delete: 0 });
const add = (a: ChangeCounts, b: ChangeCounts): ChangeCounts => ({ create: a.create + b.create, update: a.update + b.update, delete: a.delete + b.delete });
const mailboxCounts = (m: { create: readonly unknown[]; update: readonly unknown[]; delete: readonly unknown[] }): ChangeCounts => ({
  create: m.create.length,
  update: m.update.length,
  delete: m.delete.length,
});

/** The head plan with each change, warning and skip assigned to the pull request's effect or to what is pending regardless. */
export function splitPlan(base: Plan, head: Plan): Plan {
  const baseKeys = changeKeys(base);
  const touched = touchedContacts(head);
  const baseDigests = base.meta.policyDigests;
  const headDigests = head.meta.policyDigests;
  const policies = head.policies.map((p) => splitPolicy(p, baseKeys));
  let withdrawn: ChangeCounts = zero();
  for (const p of base.policies) {
    for (const m of p.mailboxes) {
      withdrawn = add(withdrawn, {
        create: m.create.filter((c) => !touched.has(contactKey(p.policy, m.mailbox.id, c.sourceUserId))).length,
        update: m.update.filter((u) => !touched.has(contactKey(p.policy, m.mailbox.id, u.contactId))).length,
        delete: m.delete.filter((d) => !touched.has(contactKey(p.policy, m.mailbox.id, d.contactId))).length,
      });
    }
  }
  const assembled = assemblePlan(policies, head.meta);
  const pending = policies.reduce<ChangeCounts>((n, p) => add(n, p.pending ?? zero()), zero());
  const names = (digests: Readonly<Record<string, string>>, keep: (name: string) => boolean): string[] => Object.keys(digests).filter(keep).sort();
  return {
    ...assembled,
    pullRequest: {
      create: assembled.summary.create - pending.create,
      update: assembled.summary.update - pending.update,
      delete: assembled.summary.delete - pending.delete,
      added: names(headDigests, (n) => !(n in baseDigests)),
      edited: names(headDigests, (n) => n in baseDigests && baseDigests[n] !== headDigests[n]),
      removed: names(baseDigests, (n) => !(n in headDigests)),
      withdrawn,
    },
    pending,
  };
}

function splitPolicy(p: PolicyPlan, baseKeys: ReadonlySet<string>): PolicyPlan {
  let total: ChangeCounts = zero();
  let pendingCounts: ChangeCounts = zero();
  const mailboxes = p.mailboxes.map((m): MailboxChanges => {
    const pending = {
      create: m.create.filter((c) => baseKeys.has(createKey(p.policy, m.mailbox.id, c))).map((c) => c.sourceUserId),
      update: m.update.filter((u) => baseKeys.has(updateKey(p.policy, m.mailbox.id, u))).map((u) => u.contactId),
      delete: m.delete.filter((d) => baseKeys.has(deleteKey(p.policy, m.mailbox.id, d))).map((d) => d.contactId),
    };
    total = add(total, mailboxCounts(m));
    pendingCounts = add(pendingCounts, mailboxCounts(pending));
    return { ...m, pending };
  });
  const pendingWarnings = p.warnings.filter((w) => baseKeys.has(warningKey(p.policy, w))).length;
  const pendingSkips = p.skipped.filter((s) => baseKeys.has(skipKey(p.policy, s))).length;
  const pullRequest: PolicyEffect = {
    create: total.create - pendingCounts.create,
    update: total.update - pendingCounts.update,
    delete: total.delete - pendingCounts.delete,
    warnings: p.warnings.length - pendingWarnings,
    skipped: p.skipped.length - pendingSkips,
  };
  return { ...p, mailboxes, pullRequest, pending: { ...pendingCounts, warnings: pendingWarnings, skipped: pendingSkips } };
}

/** True when the pull request adds, edits or removes no policy. */
export const changesNoPolicy = (effect: { added: readonly string[]; edited: readonly string[]; removed: readonly string[] }): boolean =>
  effect.added.length + effect.edited.length + effect.removed.length === 0;

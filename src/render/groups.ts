/**
 * Grouping for the renderers. Warnings group by reason code, with the people inside
 * ({@link groupWarnings}). Identical change sets across mailboxes, shown once with their count ("the same 3 creates in 412
 * mailboxes"): a policy usually makes the same change everywhere. Two mailboxes group together when
 * they create, update (same fields, same before and after) and delete the same contacts for the same
 * reasons; contact ids and changeKeys differ per mailbox and are ignored.
 *
 * Self-exclusion (`includeSelf: false`, the default) makes every mailbox's creates differ by one —
 * each gets everyone but its owner — which would defeat grouping for the most common policy. So a
 * mailbox's creates are completed with its owner's own contact when another mailbox of the policy
 * creates it and this mailbox has no change for it; such groups are marked `exceptSelf` and show the
 * completed list. (Heuristic: a mailbox whose own contact already exists unchanged looks the same.)
 */
import { createHash } from "node:crypto";
import type { DesiredContact } from "../model/contact";
import type { MailboxRef } from "../model/mailbox";
import { WARNING_TEXT, type WarningCode } from "../plan/reasons";
import type { MailboxChanges, PlanWarning, PolicyPlan } from "../plan/types";
import { personLabel } from "./format";

export interface ChangeGroup {
  readonly policy: PolicyPlan;
  /** Mailboxes sharing the change set, in plan order (mailbox id). */
  readonly mailboxes: readonly MailboxRef[];
  /** The shared changes: the first mailbox's, its creates completed with its own contact when `exceptSelf`. */
  readonly sample: MailboxChanges;
  /** Each mailbox gets the sample's creates except its owner's own contact. */
  readonly exceptSelf: boolean;
  /** Writes per mailbox. */
  readonly size: number;
}

const byId = (a: DesiredContact, b: DesiredContact): number => (a.sourceUserId < b.sourceUserId ? -1 : a.sourceUserId > b.sourceUserId ? 1 : 0);

/** Digest of what a mailbox's changes do, independent of contact ids. */
function signature(m: MailboxChanges, creates: readonly DesiredContact[], exceptSelf: boolean): string {
  const h = createHash("sha256").update(exceptSelf ? "self\n" : "\n");
  for (const c of creates) h.update(`c\0${c.sourceUserId}\0${c.hash}\n`);
  // Current fields come out of contactFieldsFromGraph in canonical key order, so JSON text is a stable key.
  for (const u of m.update) h.update(`u\0${u.sourceUserId}\0${u.hash}\0${JSON.stringify(u.old)}\n`);
  for (const d of m.delete) h.update(`d\0${d.sourceUserId}\0${d.reason}\0${d.detail ?? ""}\0${JSON.stringify(d.fields)}\n`);
  if (m.removeFolder === true) h.update("rf\n");
  return h.digest("base64");
}

/** Groups per policy; largest groups (by total writes) first, ties by first mailbox id. */
export function groupChanges(policy: PolicyPlan): ChangeGroup[] {
  const created = new Map<string, DesiredContact>();
  for (const m of policy.mailboxes) for (const c of m.create) created.set(c.sourceUserId, c);

  const bySig = new Map<string, { mailboxes: MailboxRef[]; first: MailboxChanges; sample: MailboxChanges; exceptSelf: boolean }>();
  for (const m of policy.mailboxes) {
    const own = created.get(m.mailbox.id);
    const touched = own !== undefined && (m.create.some((c) => c.sourceUserId === own.sourceUserId) || m.update.some((u) => u.sourceUserId === own.sourceUserId) || m.delete.some((d) => d.sourceUserId === own.sourceUserId));
    const exceptSelf = own !== undefined && !touched;
    const creates = exceptSelf ? [...m.create, own].sort(byId) : m.create;
    const sig = signature(m, creates, exceptSelf);
    const g = bySig.get(sig);
    if (g === undefined) bySig.set(sig, { mailboxes: [m.mailbox], first: m, sample: exceptSelf ? { ...m, create: creates } : m, exceptSelf });
    else g.mailboxes.push(m.mailbox);
  }
  const groups = [...bySig.values()].map(({ mailboxes, first, sample, exceptSelf }): ChangeGroup => {
    // A mailbox alone shows its own changes, not the completed list.
    if (mailboxes.length === 1) return { policy, mailboxes, sample: first, exceptSelf: false, size: first.create.length + first.update.length + first.delete.length };
    return { policy, mailboxes, sample, exceptSelf, size: sample.create.length - (exceptSelf ? 1 : 0) + sample.update.length + sample.delete.length };
  });
  const first = (g: ChangeGroup): string => g.mailboxes[0]!.id;
  return groups.sort((a, b) => b.size * b.mailboxes.length - a.size * a.mailboxes.length || (first(a) < first(b) ? -1 : first(a) > first(b) ? 1 : 0));
}

/** Items grouped by a key, in first-seen order. */
export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

export interface WarningGroup {
  readonly code: WarningCode;
  /** What the warnings are about, in words. */
  readonly text: string;
  /** Who each warning names (display name and UPN, else the id), in plan order. */
  readonly people: readonly string[];
  readonly warnings: readonly PlanWarning[];
}

/** A policy's warnings by reason code, largest group first (ties by code). */
export function groupWarnings(policy: PolicyPlan): WarningGroup[] {
  return [...groupBy(policy.warnings, (w) => w.code)]
    .map(([code, warnings]) => ({
      code,
      text: WARNING_TEXT[code],
      people: warnings.flatMap((w) => {
        const id = w.sourceUserId ?? w.mailboxId;
        return id === undefined ? [] : [personLabel(w, id)];
      }),
      warnings,
    }))
    .sort((a, b) => b.warnings.length - a.warnings.length || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

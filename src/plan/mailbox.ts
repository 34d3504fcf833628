/**
 * The planner for one mailbox folder: a pure function of (desired, current, mode) — no I/O, no
 * clock, stable order (external-dns `Plan.Calculate`, docs/architecture.md#prior-art). Only
 * contacts owned by THIS policy are ever updated or deleted; foreign and unmarked contacts are
 * counted and left alone.
 *
 * planTable — one row per source user (S), current = owned contacts of this policy for S:
 *
 * | current (owned)          | desired      | sync                         | upsert-only      | create-only      |
 * |--------------------------|--------------|------------------------------|------------------|------------------|
 * | –                        | S            | create S                     | create S         | create S         |
 * | S, fields equal          | S            | –                            | –                | –                |
 * | S, fields differ (drift)  | S            | update S (old → new)         | update S         | –                |
 * | S                        | – (gone)     | delete S (source-gone)       | –                | –                |
 * | S (mailbox owner is S)   | S (self)     | delete S (self)              | –                | –                |
 * | S ×2, one equals desired | S            | delete the other (duplicate) | same             | same             |
 * | S ×2, none equal         | S            | update lowest id, delete rest | update + dedupe  | dedupe only      |
 * | S ×2                     | – (gone)     | delete both (dup + gone)     | dedupe only      | dedupe only      |
 * | foreign / unmarked       | any          | untouched (counted)          | untouched        | untouched        |
 *
 * An owned contact the mailbox owner deleted is simply absent from current → created again.
 */
import type { CurrentContact, DesiredContact } from "../model/contact";
import type { MailboxRef } from "../model/mailbox";
import { changedFields } from "./compare";
import { MODE_POLICIES } from "./modes";
import type { ContactDelete, ContactUpdate, MailboxChanges, Mode } from "./types";

export interface MailboxPlanInput {
  readonly mailbox: MailboxRef;
  readonly policy: string;
  /** Source user id → desired contact; shared by every mailbox of the policy. */
  readonly desired: ReadonlyMap<string, DesiredContact>;
  readonly current: readonly CurrentContact[];
  readonly mode: Mode;
  /** The mailbox owner's source user id, when the policy excludes self (`includeSelf: false`). */
  readonly selfUserId?: string;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byContactId = (a: CurrentContact, b: CurrentContact): number => byString(a.id, b.id);

function toDelete(contact: CurrentContact, sourceUserId: string, reason: ContactDelete["reason"]): ContactDelete {
  const base = { contactId: contact.id, sourceUserId, fields: contact.fields, reason };
  return contact.changeKey === undefined ? base : { ...base, changeKey: contact.changeKey };
}

/** Plans one mailbox (see the module's planTable). */
export function planMailbox(input: MailboxPlanInput): MailboxChanges {
  const { mailbox, policy, desired, current, mode, selfUserId } = input;
  let foreign = 0;
  let unmarked = 0;
  const ownedBySource = new Map<string, CurrentContact[]>();
  // A contact read twice (delta pages may repeat an item) is one contact: never its own duplicate.
  const byId = new Map<string, CurrentContact>();
  for (const contact of current) byId.set(contact.id, contact);
  for (const contact of byId.values()) {
    const o = contact.ownership;
    // Checked again here (not only in readOwnership): a CurrentContact read for another policy must not leak in.
    if (o.kind === "owned" && o.policy === policy) {
      const list = ownedBySource.get(o.sourceUserId);
      if (list === undefined) ownedBySource.set(o.sourceUserId, [contact]);
      else list.push(contact);
    } else if (o.kind === "unmarked") unmarked++;
    else foreign++;
  }

  const create: DesiredContact[] = [];
  const update: ContactUpdate[] = [];
  const del: ContactDelete[] = [];
  let owned = 0;

  for (const [sourceUserId, contacts] of ownedBySource) {
    owned += contacts.length;
    const want = sourceUserId === selfUserId ? undefined : desired.get(sourceUserId);
    if (contacts.length > 1) contacts.sort(byContactId);
    const diffs = want === undefined ? [] : contacts.map((c) => changedFields(c.fields, want.fields));
    // Keep the contact already equal to desired, else the lowest id; the rest are duplicates in every mode.
    const k = Math.max(0, diffs.findIndex((d) => d.length === 0));
    const keeper = contacts[k]!;
    for (const c of contacts) if (c !== keeper) del.push(toDelete(c, sourceUserId, "duplicate"));
    if (want === undefined) {
      // Not desired here: its user left the source, or is the mailbox owner (self-exclusion).
      del.push(toDelete(keeper, sourceUserId, sourceUserId === selfUserId && desired.has(sourceUserId) ? "self" : "source-gone"));
      continue;
    }
    const changed = diffs[k]!;
    if (changed.length === 0) continue;
    // Drift (edited on a phone) or a new desired revision: rewrite the owned contact.
    const base = { contactId: keeper.id, sourceUserId, old: keeper.fields, new: want.fields, changed, hash: want.hash };
    update.push(keeper.changeKey === undefined ? base : { ...base, changeKey: keeper.changeKey });
  }

  for (const [sourceUserId, want] of desired) {
    if (sourceUserId !== selfUserId && !ownedBySource.has(sourceUserId)) create.push(want);
  }

  create.sort((a, b) => byString(a.sourceUserId, b.sourceUserId));
  update.sort((a, b) => byString(a.sourceUserId, b.sourceUserId) || byString(a.contactId, b.contactId));
  del.sort((a, b) => byString(a.sourceUserId, b.sourceUserId) || byString(a.contactId, b.contactId));
  const writes = MODE_POLICIES[mode]({ update, delete: del });
  const unchanged = owned - writes.update.length - writes.delete.length;
  return { mailbox, create, update: writes.update, delete: writes.delete, unchanged, owned, foreign, unmarked };
}

/** True when the mailbox needs at least one write. */
export const hasChanges = (c: MailboxChanges): boolean => c.create.length + c.update.length + c.delete.length > 0 || c.removeFolder === true;

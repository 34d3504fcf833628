/**
 * Applies one policy's changes to one mailbox, in the order that keeps a run killed at any point
 * safe to re-plan and re-apply:
 *
 *   0. folder   find or create the policy's folder once (mailbox/folder.ts: never a second one);
 *               then read the folder as it is NOW (one delta request when unchanged), so every
 *               write below is checked against the mailbox, not against the plan's memory of it;
 *   a. updates  only contacts still owned by this policy for the same source user — a contact the
 *               owner deleted or re-marked meanwhile is skipped (ownership is checked when
 *               planning and again against that fresh read; no If-Match is sent, Graph documents
 *               none for contacts: docs/architecture.md#only-owned-contacts-change);
 *   b. creates  one POST each, marker inline; skipped when the fresh read already holds an owned
 *               contact for that user (a stale saved plan, or a killed run that got that far). A
 *               create whose response was lost may have been committed: after the creates, the
 *               folder is re-read and only the users still missing are sent again
 *               (docs/architecture.md#no-duplicates);
 *   c. deletes  last, owned only, re-checked; a duplicate goes only while another owned copy of
 *               the same user stays;
 *   d. folder   a removal's `removeFolder` (src/engine/removal.ts): only after every delete
 *               succeeded, and only when the folder then holds nothing at all.
 *
 * The folder is created in (0) only when the mailbox has creates: updates and deletes need a folder
 * that exists, and a missing one means their contacts are gone already.
 *
 * Photos (a policy with `mapping.photo`, docs/architecture.md#photos) ride with their contact: a
 * create uploads the photo right after its POST (`PUT …/photo/$value`, the marker already records
 * it); an update uploads it after the field PATCH and then records it in the marker (PATCH of the
 * extension — the marker is what says, next time, which photo cync wrote). Graph documents no way
 * to remove a contact's photo (docs/graph-behaviour.md#contact-photo), so a photo to remove
 * replaces the contact: a copy without it is created first, the original deleted after — a run
 * killed between leaves a duplicate the next plan removes, never no contact. A failed photo write
 * is that contact's failure; no photo write ever creates a contact a second time.
 *
 * Why this order: updates and creates only add or correct; deletes only remove what is surplus.
 * A run killed before (c) leaves every needed contact in place plus some surplus the next plan
 * deletes; killed inside (b) it leaves fewer creates done, which the next plan creates; a create
 * committed behind a lost response is found by the re-read, and one committed after it (a gateway
 * that gave up while Exchange still wrote) is a duplicate the next plan's dedupe removes. So no
 * interruption leaves fewer contacts than the run started with, or duplicates that stay.
 */
import { graphFailure } from "../graph/failure";
import { CONCURRENCY } from "../graph/limits";
import { MailboxSkipped, mailboxSkipReason, type MailboxSkipReason } from "../mailbox/skip";
import type { FolderSpec, MailboxFolder } from "../mailbox/folder";
import type { CurrentContact, DesiredContact } from "../model/contact";
import type { ContactDelete, ContactUpdate, MailboxChanges } from "../plan/types";
import { createBody, updateBody } from "../plan/bodies";
import { changedFields } from "../plan/compare";
import { photoChange } from "../plan/photo";
import { MARKER_PATH, markerExtension } from "../registry/ownership";
import { forEachConcurrent } from "./concurrency";
import { RefusedContacts, refusalOf, type Refusal } from "./refused";
import type { DeletionStyle } from "../policy";
import type { ApplyIO, MailboxWrite, MailboxWriteResult } from "./ports";

export interface MailboxJob {
  readonly policy: string;
  readonly folder: FolderSpec;
  readonly deletion: DeletionStyle;
  /** The policy syncs photos: the fresh read looks at contacts' photos too (mailbox/read.ts). */
  readonly photos?: boolean;
  readonly changes: MailboxChanges;
}

/** What happened to each planned change. */
export interface ChangeTally {
  readonly created: number;
  readonly updated: number;
  readonly deleted: number;
  /** Planned writes found already done (the contact is as desired, present, or gone). */
  readonly alreadyDone: number;
  /** Planned updates and deletes refused because the contact is no longer owned by this policy. */
  readonly notOwned: number;
  /** Creates whose response was lost and which the re-read found committed. */
  readonly recovered: number;
  /** Planned writes that failed. */
  readonly failed: number;
  /** Creates and updates Exchange refused (400): the user's data, not the mailbox (refused.ts). */
  readonly refused: number;
}

export interface MailboxOutcome extends ChangeTally {
  readonly policy: string;
  readonly mailboxId: string;
  readonly status: "applied" | "failed" | "skipped";
  /** cync created the policy's folder in this mailbox (recorded so a later removal may remove it). */
  readonly folderCreated?: true;
  /** A removal removed the folder (`removeFolder`): nothing was left in it. */
  readonly folderRemoved?: true;
  /** First error, for the report; messages of cync's errors carry no personal data. */
  readonly error?: string;
  /** Contacts Exchange refused, by source user (`refused` counts them). */
  readonly refusals?: readonly Refusal[];
  readonly skipReason?: MailboxSkipReason;
}

export interface MailboxApplyOptions {
  /**
   * Writes in flight per mailbox. Exchange Online allows 4 concurrent requests per app and mailbox
   * (docs/graph-behaviour.md#outlook-mailbox-limits); the requester enforces that too, this only avoids
   * queueing more.
   * @default CONCURRENCY.perMailbox (src/graph/limits.ts)
   */
  readonly parallel?: number;
  /**
   * Rounds of "re-read, then re-send the creates still missing" after lost responses. Each round
   * costs one folder read, and a create only comes back for another when its answer was lost again
   * and the re-read did not find it, so rounds are cheap and a bad hour should not leave creates for
   * the next run: as many as the requester's retries of one request (retry-policy.ts).
   * @default 8
   */
  readonly createRounds?: number;
  /** Called once per planned change when it settled (done, skipped or failed): drives progress. */
  readonly onSettled?: () => void;
  /** Create bodies refused so far in this run, shared by its mailboxes: not sent again (refused.ts). */
  readonly refused?: RefusedContacts;
}

const CREATE_ROUNDS = 8;

type Tally = { -readonly [K in keyof ChangeTally]: ChangeTally[K] };

const emptyTally = (): Tally => ({ created: 0, updated: 0, deleted: 0, alreadyDone: 0, notOwned: 0, recovered: 0, failed: 0, refused: 0 });

/** Owned contacts of `policy` in a fresh read, by contact id and by source user. */
class FreshView {
  readonly byId = new Map<string, CurrentContact>();
  readonly bySource = new Map<string, Set<string>>();

  constructor(contacts: readonly CurrentContact[], policy: string) {
    for (const c of contacts) {
      this.byId.set(c.id, c);
      const o = c.ownership;
      if (o.kind !== "owned" || o.policy !== policy) continue;
      const ids = this.bySource.get(o.sourceUserId) ?? new Set<string>();
      ids.add(c.id);
      this.bySource.set(o.sourceUserId, ids);
    }
  }

  /** The contact when it exists and is owned by this policy for `sourceUserId`; "gone" or "not-owned" otherwise. */
  owned(contactId: string, sourceUserId: string): CurrentContact | "gone" | "not-owned" {
    const c = this.byId.get(contactId);
    if (c === undefined) return "gone";
    return this.bySource.get(sourceUserId)?.has(contactId) === true ? c : "not-owned";
  }

  hasOwned(sourceUserId: string): boolean {
    return (this.bySource.get(sourceUserId)?.size ?? 0) > 0;
  }

  forget(contactId: string, sourceUserId: string): void {
    this.byId.delete(contactId);
    this.bySource.get(sourceUserId)?.delete(contactId);
  }
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * A 404 about the contact: it is gone already (deleted by its owner, or by a lost earlier delete).
 * A 404 about the mailbox (no Exchange mailbox any more, user unknown) is a failure to report.
 */
const isGone = (err: unknown): boolean => graphFailure(err)?.status === 404 && mailboxSkipReason(err) === undefined;

/** Applies one mailbox's changes (see module doc). Never rejects: failures are in the outcome. */
export async function applyMailbox(job: MailboxJob, io: ApplyIO, options: MailboxApplyOptions = {}): Promise<MailboxOutcome> {
  const { policy, changes } = job;
  const mailboxId = changes.mailbox.id;
  const parallel = options.parallel ?? CONCURRENCY.perMailbox;
  const tally = emptyTally();
  let firstError: string | undefined;
  const refusals: Refusal[] = [];
  const settle = (outcome: keyof Tally, err?: unknown): void => {
    tally[outcome]++;
    if (err !== undefined) firstError ??= messageOf(err);
    options.onSettled?.();
  };
  const refuse = (sourceUserId: string, error: string): void => {
    refusals.push({ sourceUserId, error });
    settle("refused");
  };
  const outcome = (status: MailboxOutcome["status"], extra: Partial<MailboxOutcome> = {}): MailboxOutcome => ({
    policy,
    mailboxId,
    status,
    ...tally,
    ...(refusals.length > 0 && { refusals }),
    ...extra,
  });

  let folder: MailboxFolder;
  let fresh: FreshView;
  let created: boolean;
  const planned = changes.create.length + changes.update.length + changes.delete.length;
  try {
    const opened = await io.openFolder(mailboxId, job.folder, policy, {
      create: changes.create.length > 0,
      plannedEmpty: changes.owned + changes.foreign + changes.unmarked === 0,
      ...(job.photos === true && { photos: true }),
    });
    if (opened === undefined) {
      // No folder and nothing to create: every update and delete is about a contact gone with it.
      for (let i = 0; i < planned; i++) settle("alreadyDone");
      return outcome("applied");
    }
    folder = opened.folder;
    fresh = new FreshView(opened.contacts, policy);
    created = opened.created;
  } catch (err) {
    // Nothing was written: every planned change of this mailbox is left for the next run.
    for (let i = 0; i < planned; i++) options.onSettled?.();
    if (err instanceof MailboxSkipped) return outcome("skipped", { skipReason: err.reason, error: err.message });
    tally.failed = planned;
    return outcome("failed", { error: messageOf(err) });
  }
  // Once Exchange says the mailbox itself is gone or out of reach, the remaining writes would all
  // fail the same way: they are failed without being sent.
  let mailboxLost: { error: unknown } | undefined;
  const write = async (request: MailboxWrite): Promise<MailboxWriteResult> => {
    if (mailboxLost !== undefined) throw mailboxLost.error;
    try {
      return await io.write(request);
    } catch (error) {
      if (mailboxSkipReason(error) !== undefined) mailboxLost ??= { error };
      throw error;
    }
  };
  const written = new Map<string, string | null>();
  const ctx: Ctx = {
    job,
    io,
    write,
    folder,
    fresh,
    settle,
    refuse,
    refused: options.refused ?? new RefusedContacts(),
    wrote: (id, photo) => void (job.photos === true && written.set(id, photo)),
  };

  await forEachConcurrent(changes.update, parallel, (u) => applyUpdate(ctx, u));
  await applyCreates(ctx, changes.create, parallel, options.createRounds ?? CREATE_ROUNDS);
  await forEachConcurrent(changes.delete, parallel, (d) => applyDelete(ctx, d));
  try {
    await io.rememberPhotos(mailboxId, folder, written);
  } catch {
    // Only saves the next read some photo reads.
  }
  await io.closeFolder?.(mailboxId, folder);

  const extra = { ...(created ? { folderCreated: true as const } : {}) };
  if (tally.failed > 0) return outcome("failed", { ...extra, ...(firstError === undefined ? {} : { error: firstError }) });
  if (changes.removeFolder !== true || mailboxLost !== undefined) return outcome("applied", extra);
  try {
    const removed = (await io.removeFolderIfEmpty(mailboxId, folder, job.deletion === "permanent")) === "removed";
    return outcome("applied", removed ? { folderRemoved: true } : extra);
  } catch (err) {
    // The contacts are gone; a folder left behind is retried by the next removal plan.
    return isGone(err) ? outcome("applied", { folderRemoved: true }) : outcome("failed", { ...extra, error: messageOf(err) });
  }
}

interface Ctx {
  readonly job: MailboxJob;
  readonly io: ApplyIO;
  /** io.write, short-circuited once the mailbox is lost. */
  readonly write: (request: MailboxWrite) => Promise<MailboxWriteResult>;
  readonly folder: MailboxFolder;
  readonly fresh: FreshView;
  readonly settle: (outcome: keyof Tally, err?: unknown) => void;
  /** Settles a change Exchange refused (400), reported by source user. */
  readonly refuse: (sourceUserId: string, error: string) => void;
  readonly refused: RefusedContacts;
  /** A contact cync wrote now holds this photo (hash, null for none): remembered for the next read. */
  readonly wrote: (contactId: string, photo: string | null) => void;
}

const contactPath = (folder: MailboxFolder, contactId: string): string => `${folder.contactsPath}/${encodeURIComponent(contactId)}`;

async function applyUpdate(ctx: Ctx, u: ContactUpdate): Promise<void> {
  const { job, write, folder, fresh } = ctx;
  const mailboxId = job.changes.mailbox.id;
  const now = fresh.owned(u.contactId, u.sourceUserId);
  // Deleted by its owner since the plan: the next plan creates it again. Re-marked: not ours any more.
  if (now === "gone" || now === "not-owned") return ctx.settle(now === "gone" ? "alreadyDone" : "notOwned");
  const changed = changedFields(now.fields, u.new);
  const photo = u.photo === undefined ? undefined : photoChange(now.photo, u.photoHash ?? null);
  if (changed.length === 0 && photo === undefined) return ctx.settle("alreadyDone");
  try {
    if (photo === "removed") {
      const copy = await replaceWithoutPhoto(ctx, u, now);
      if (copy !== undefined) ctx.wrote(copy, null);
      return ctx.settle("updated");
    }
    // One PATCH per update, the floor (docs/architecture.md#performance-model). The marker is left
    // as it is: its hash records what cync created, and the planner compares fields, never that
    // hash, so re-writing the marker would double the cost of every update for nothing read.
    if (changed.length > 0) {
      await write({ mailboxId, method: "PATCH", path: contactPath(folder, u.contactId), body: updateBody({ ...u, changed }), idempotent: true, operation: "update contact" });
    }
    if (photo !== undefined && u.photoHash !== undefined) {
      await uploadPhoto(ctx, u.contactId, u.sourceUserId, u.photoHash);
      // The marker is what says which photo cync wrote; PATCH replaces it whole.
      const hash = now.ownership.kind === "owned" ? now.ownership.hash : u.hash;
      await write({
        mailboxId,
        method: "PATCH",
        path: `${contactPath(folder, u.contactId)}/${MARKER_PATH}`,
        body: markerExtension(job.policy, u.sourceUserId, hash, u.photoHash),
        idempotent: true,
        operation: "record contact photo",
      });
    }
    ctx.wrote(u.contactId, photo === undefined ? (now.photo ?? null) : (u.photoHash ?? null));
    ctx.settle("updated");
  } catch (err) {
    // Deleted between the fresh read and the PATCH: the next plan creates it again.
    const refusal = refusalOf(err);
    if (isGone(err)) ctx.settle("alreadyDone");
    else if (refusal !== undefined) ctx.refuse(u.sourceUserId, refusal);
    else ctx.settle("failed", err);
  }
}

/** `PUT …/photo/$value` of the person's photo, from the photo cache. */
async function uploadPhoto(ctx: Ctx, contactId: string, sourceUserId: string, hash: string): Promise<void> {
  const bytes = await ctx.io.photo(sourceUserId, hash);
  if (bytes === undefined) throw new Error(`the photo planned for contact ${contactId} is no longer in the state directory; the next plan reads it again`);
  await ctx.write({
    mailboxId: ctx.job.changes.mailbox.id,
    method: "PUT",
    path: `${contactPath(ctx.folder, contactId)}/photo/$value`,
    body: bytes,
    headers: { "content-type": "image/jpeg" },
    idempotent: true,
    operation: "set contact photo",
  });
}

/** A contact whose photo must go, replaced by a copy without one (see module doc); the copy's id. */
async function replaceWithoutPhoto(ctx: Ctx, u: ContactUpdate, now: CurrentContact): Promise<string | undefined> {
  const { job, write, folder } = ctx;
  const mailboxId = job.changes.mailbox.id;
  const copy = await write({
    mailboxId,
    method: "POST",
    path: folder.contactsPath,
    body: createBody(job.policy, { sourceUserId: u.sourceUserId, fields: u.new, hash: u.hash, photo: null }),
    idempotent: false,
    operation: "create contact",
  });
  // The copy may exist: keep the original, the next plan removes whichever is surplus.
  if (copy.kind === "unknown") throw new Error(`replacing contact ${u.contactId} in mailbox ${mailboxId} to remove its photo: the create's response was lost`);
  ctx.fresh.forget(now.id, u.sourceUserId);
  await write(deleteRequest(job.deletion, mailboxId, contactPath(folder, now.id)));
  const id = (copy.body as { id?: unknown } | undefined)?.id;
  return typeof id === "string" ? id : undefined;
}

async function applyCreates(ctx: Ctx, creates: readonly DesiredContact[], parallel: number, rounds: number): Promise<void> {
  const { job, io, write, folder } = ctx;
  const mailboxId = job.changes.mailbox.id;
  let pending = creates.filter((c) => {
    const refused = ctx.refused.get(job.policy, c);
    if (ctx.fresh.hasOwned(c.sourceUserId)) ctx.settle("alreadyDone");
    else if (refused !== undefined) ctx.refuse(c.sourceUserId, refused);
    else return true;
    return false;
  });
  for (let round = 0; pending.length > 0; round++) {
    const lost: DesiredContact[] = [];
    await forEachConcurrent(pending, parallel, async (c) => {
      try {
        const result = await write({
          mailboxId,
          method: "POST",
          path: folder.contactsPath,
          body: createBody(job.policy, c),
          idempotent: false,
          operation: "create contact",
        });
        if (result.kind === "unknown") {
          lost.push(c);
          return;
        }
        // The marker records the photo already; one that failed to upload is found missing by the
        // next read of the folder, which sees the new contact (mailbox/read.ts).
        const id = (result.body as { id?: unknown } | undefined)?.id;
        if (typeof c.photo === "string" && typeof id === "string") await uploadPhoto(ctx, id, c.sourceUserId, c.photo);
        if (typeof id === "string") ctx.wrote(id, c.photo ?? null);
        ctx.settle("created");
      } catch (err) {
        const refusal = refusalOf(err);
        if (refusal === undefined) return ctx.settle("failed", err);
        ctx.refused.add(job.policy, c, refusal);
        ctx.refuse(c.sourceUserId, refusal);
      }
    });
    if (lost.length === 0) return;
    // Lost responses: look before sending again (docs/graph-behaviour.md#lost-responses). One read
    // covers every lost create.
    let now: FreshView;
    try {
      now = new FreshView(await io.readFolder(mailboxId, folder, job.policy), job.policy);
    } catch (err) {
      for (const _ of lost) ctx.settle("failed", err);
      return;
    }
    pending = lost.filter((c) => {
      if (!now.hasOwned(c.sourceUserId)) return true;
      ctx.settle("recovered");
      return false;
    });
    if (round + 1 >= rounds) {
      const err = new Error(`${pending.length} contact creates in mailbox ${mailboxId} stayed without an answer; the next run completes them`);
      for (const _ of pending) ctx.settle("failed", err);
      return;
    }
  }
}

async function applyDelete(ctx: Ctx, d: ContactDelete): Promise<void> {
  const { job, write, folder, fresh } = ctx;
  const mailboxId = job.changes.mailbox.id;
  const now = fresh.owned(d.contactId, d.sourceUserId);
  if (now === "gone" || now === "not-owned") return ctx.settle(now === "gone" ? "alreadyDone" : "notOwned");
  // A duplicate goes only while another owned copy of its user stays (the keeper may have been
  // deleted by the mailbox owner since the plan).
  if (d.reason === "duplicate" && (fresh.bySource.get(d.sourceUserId)?.size ?? 0) < 2) return ctx.settle("alreadyDone");
  fresh.forget(d.contactId, d.sourceUserId);
  try {
    await write(deleteRequest(job.deletion, mailboxId, contactPath(folder, d.contactId)));
    ctx.settle("deleted");
  } catch (err) {
    // A 404 after a lost earlier attempt, or the owner deleted it: gone either way.
    if (isGone(err)) ctx.settle("alreadyDone");
    else ctx.settle("failed", err);
  }
}

/**
 * The request deleting the contact at `path`: permanentDelete skips Deleted Items, so a leaver does
 * not linger there (docs/graph-behaviour.md#contact-delete).
 */
function deleteRequest(deletion: DeletionStyle, mailboxId: string, path: string): MailboxWrite {
  return deletion === "permanent"
    ? { mailboxId, method: "POST", path: `${path}/permanentDelete`, idempotent: true, operation: "permanently delete contact" }
    : { mailboxId, method: "DELETE", path, idempotent: true, operation: "delete contact" };
}

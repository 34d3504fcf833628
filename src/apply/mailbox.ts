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
import { forEachConcurrent } from "./concurrency";
import type { DeletionStyle } from "../policy";
import type { ApplyIO, MailboxWrite, MailboxWriteResult } from "./ports";

export interface MailboxJob {
  readonly policy: string;
  readonly folder: FolderSpec;
  readonly deletion: DeletionStyle;
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
   * Rounds of "re-read, then re-send the creates still missing" after lost responses.
   * @default 3
   */
  readonly createRounds?: number;
  /** Called once per planned change when it settled (done, skipped or failed): drives progress. */
  readonly onSettled?: () => void;
}

type Tally = { -readonly [K in keyof ChangeTally]: ChangeTally[K] };

const emptyTally = (): Tally => ({ created: 0, updated: 0, deleted: 0, alreadyDone: 0, notOwned: 0, recovered: 0, failed: 0 });

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
  const settle = (outcome: keyof Tally, err?: unknown): void => {
    tally[outcome]++;
    if (err !== undefined) firstError ??= messageOf(err);
    options.onSettled?.();
  };
  const outcome = (status: MailboxOutcome["status"], extra: Partial<MailboxOutcome> = {}): MailboxOutcome => ({
    policy,
    mailboxId,
    status,
    ...tally,
    ...extra,
  });

  let folder: MailboxFolder;
  let fresh: FreshView;
  let created: boolean;
  const planned = changes.create.length + changes.update.length + changes.delete.length;
  try {
    const opened = await io.openFolder(mailboxId, job.folder, policy, changes.create.length > 0);
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
  const ctx: Ctx = { job, io, write, folder, fresh, settle };

  await forEachConcurrent(changes.update, parallel, (u) => applyUpdate(ctx, u));
  await applyCreates(ctx, changes.create, parallel, options.createRounds ?? 3);
  await forEachConcurrent(changes.delete, parallel, (d) => applyDelete(ctx, d));

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
}

const contactPath = (folder: MailboxFolder, contactId: string): string => `${folder.contactsPath}/${encodeURIComponent(contactId)}`;

async function applyUpdate(ctx: Ctx, u: ContactUpdate): Promise<void> {
  const { job, write, folder, fresh } = ctx;
  const mailboxId = job.changes.mailbox.id;
  const now = fresh.owned(u.contactId, u.sourceUserId);
  // Deleted by its owner since the plan: the next plan creates it again. Re-marked: not ours any more.
  if (now === "gone" || now === "not-owned") return ctx.settle(now === "gone" ? "alreadyDone" : "notOwned");
  const changed = changedFields(now.fields, u.new);
  if (changed.length === 0) return ctx.settle("alreadyDone");
  try {
    // One PATCH per update, the floor (docs/architecture.md#performance-model). The marker is left
    // as it is: its hash records what cync created, and the planner compares fields, never that
    // hash, so re-writing the marker would double the cost of every update for nothing read.
    await write({ mailboxId, method: "PATCH", path: contactPath(folder, u.contactId), body: updateBody({ ...u, changed }), idempotent: true, operation: "update contact" });
    ctx.settle("updated");
  } catch (err) {
    // Deleted between the fresh read and the PATCH: the next plan creates it again.
    if (isGone(err)) ctx.settle("alreadyDone");
    else ctx.settle("failed", err);
  }
}

async function applyCreates(ctx: Ctx, creates: readonly DesiredContact[], parallel: number, rounds: number): Promise<void> {
  const { job, io, write, folder } = ctx;
  const mailboxId = job.changes.mailbox.id;
  let pending = creates.filter((c) => {
    if (!ctx.fresh.hasOwned(c.sourceUserId)) return true;
    ctx.settle("alreadyDone");
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
        if (result.kind === "unknown") lost.push(c);
        else ctx.settle("created");
      } catch (err) {
        ctx.settle("failed", err);
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
  const path = contactPath(folder, d.contactId);
  try {
    // permanentDelete skips Deleted Items, so a leaver does not linger there
    // (docs/graph-behaviour.md#contact-delete).
    await write(
      job.deletion === "permanent"
        ? { mailboxId, method: "POST", path: `${path}/permanentDelete`, idempotent: true, operation: "permanently delete contact" }
        : { mailboxId, method: "DELETE", path, idempotent: true, operation: "delete contact" },
    );
    ctx.settle("deleted");
  } catch (err) {
    // A 404 after a lost earlier attempt, or the owner deleted it: gone either way.
    if (isGone(err)) ctx.settle("alreadyDone");
    else ctx.settle("failed", err);
  }
}

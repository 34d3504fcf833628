/**
 * The plan: a public interface (saved as JSON by `cync plan`, read back by `cync apply` and
 * rendered for pull requests). Contact ids are what the applier writes to (it re-checks each
 * against a fresh read of the folder; changeKeys are recorded, not sent:
 * docs/graph-behaviour.md#change-key); old beside new serves the renderer's diff (external-dns
 * `Changes{UpdateOld, UpdateNew}`).
 */
import type { ContactFieldName, ContactFields, DesiredContact } from "../model/contact";
import type { Shard } from "../engine/partition";
import type { MailboxRef } from "../model/mailbox";
import type { SyncMode } from "../generated/policy";
import type { DeleteDetail, DeleteReason, NonTargetReason, SkipReason, WarningCode } from "./reasons";

export type { DeleteDetail, DeleteReason };

/**
 * external-dns policies: `sync` creates, updates and deletes; `upsert-only` never deletes;
 * `create-only` only creates. The policy schema (schema/policy.schema.json) is its one definition.
 */
export type Mode = SyncMode;

/** What happens to an owned contact's photo (never its bytes): docs/architecture.md#photos. */
export type PhotoChange = "added" | "changed" | "removed";

export interface ContactUpdate {
  readonly contactId: string;
  readonly changeKey?: string;
  readonly sourceUserId: string;
  readonly old: ContactFields;
  readonly new: ContactFields;
  /** Fields that differ (plan/compare.ts), canonical order; empty only when the photo alone changes. */
  readonly changed: readonly ContactFieldName[];
  /**
   * Content hash of `new`, so identical updates in different mailboxes group together
   * (render/groups.ts). The marker is not rewritten: it keeps the hash the contact was created with.
   */
  readonly hash: string;
  /** With a policy that syncs photos, when the contact's photo is not the person's. */
  readonly photo?: PhotoChange;
  /** For `added` and `changed`: the photo to upload (its hash; the bytes are in the state directory's photo cache). */
  readonly photoHash?: string;
}

export interface ContactDelete {
  readonly contactId: string;
  readonly changeKey?: string;
  readonly sourceUserId: string;
  readonly fields: ContactFields;
  readonly reason: DeleteReason;
  /** For `source-gone`: why the user is no longer a source, when the planner's caller knows (src/engine). */
  readonly detail?: DeleteDetail;
}

/** The changes for one mailbox folder, each list in stable order (source user id, then contact id). */
export interface MailboxChanges {
  readonly mailbox: MailboxRef;
  readonly create: readonly DesiredContact[];
  readonly update: readonly ContactUpdate[];
  readonly delete: readonly ContactDelete[];
  /** Owned contacts already as desired. */
  readonly unchanged: number;
  /** Contacts in the folder owned by this policy (before changes) — the base of the delete guard's percentage. */
  readonly owned: number;
  /** Contacts left alone because another policy owns them. */
  readonly foreign: number;
  /** Contacts left alone because they carry no readable marker (a user's own). */
  readonly unmarked: number;
  /**
   * A removal (src/engine/removal.ts) whose folder cync created: remove the folder after the
   * deletions, when it then holds nothing at all (the applier checks again before it does).
   */
  readonly removeFolder?: true;
  /** With `--base-policies`: which of these changes happen regardless of the pull request (split.ts). */
  readonly pending?: PendingChanges;
}

/** Ids of a mailbox's changes that the base branch's plan makes too: source user ids for creates, contact ids otherwise. */
export interface PendingChanges {
  readonly create: readonly string[];
  readonly update: readonly string[];
  readonly delete: readonly string[];
}

/**
 * Something the plan's reader should know; never carries contact values (only ids, the user's names
 * and field names). `displayName` and `userPrincipalName` name the user (or mailbox owner) it is about.
 */
export interface PlanWarning {
  readonly code: WarningCode;
  readonly message: string;
  readonly sourceUserId?: string;
  readonly mailboxId?: string;
  readonly displayName?: string;
  readonly userPrincipalName?: string;
}

/** A targeted mailbox that could not be planned; `reason` repeats `message` for readers of older plans. */
export interface SkippedMailbox {
  readonly mailbox: MailboxRef;
  readonly code: SkipReason;
  readonly message: string;
  readonly reason: string;
}

/** Users a policy's targets leave out for one reason: counted, never listed (they are not failures). */
export interface NonTargetCount {
  readonly code: NonTargetReason;
  readonly message: string;
  readonly count: number;
}

export interface PolicyPlan {
  readonly policy: string;
  /** Folder display name, or the default Contacts folder. */
  readonly folder: string;
  readonly mode: Mode;
  /** Source users the policy maps (the desired set before per-mailbox self-exclusion). */
  readonly sourceUsers: number;
  /** Contacts this policy owns across all planned mailboxes. */
  readonly ownedContacts: number;
  /** Only mailboxes with at least one change, ordered by mailbox id. */
  readonly mailboxes: readonly MailboxChanges[];
  readonly unchangedMailboxes: number;
  readonly skipped: readonly SkippedMailbox[];
  /** Largest count first. */
  readonly nonTargets: readonly NonTargetCount[];
  readonly warnings: readonly PlanWarning[];
  /** With `--base-policies`: this policy's changes, warnings and skips the pull request brings (split.ts). */
  readonly pullRequest?: PolicyEffect;
  /** With `--base-policies`: those that happen regardless of the pull request. */
  readonly pending?: PolicyEffect;
}

export interface ChangeCounts {
  readonly create: number;
  readonly update: number;
  readonly delete: number;
}

/** One part of a policy's plan: its change counts, warnings and skipped mailboxes. */
export interface PolicyEffect extends ChangeCounts {
  readonly warnings: number;
  readonly skipped: number;
}

/** What a pull request changes, against the base branch's policies planned over the same directory read (split.ts). */
export interface PullRequestEffect extends ChangeCounts {
  /** Policy names the pull request adds, edits (its resolved policy differs) and removes. */
  readonly added: readonly string[];
  readonly edited: readonly string[];
  readonly removed: readonly string[];
  /** Changes the base branch's plan makes to contacts this pull request's plan leaves alone (an edited or removed policy's). */
  readonly withdrawn: ChangeCounts;
}

/** Inputs the CLI records so a saved plan can be checked for staleness before apply. */
export interface PlanMeta {
  /** Policy name → digest of its resolved policy (src/policy). */
  readonly policyDigests: Readonly<Record<string, string>>;
  /** Digest of the directory snapshot the plan was computed from. */
  readonly directoryDigest?: string;
  /** The tenant and Graph cloud the plan was computed against (`tenant@https://graph…`, src/engine/digest.ts). */
  readonly tenant?: string;
}

export interface PlanSummary {
  readonly create: number;
  readonly update: number;
  readonly delete: number;
  /** Mailboxes with at least one change. */
  readonly mailboxes: number;
}

/** The saved plan's format (schema/plan.schema.json); another is refused on load (src/apply/saved-plan.ts). */
export const PLAN_API_VERSION = "cync/v1";
export const PLAN_KIND = "ContactSyncPlan";

export interface Plan {
  readonly apiVersion: typeof PLAN_API_VERSION;
  readonly kind: typeof PLAN_KIND;
  readonly formatVersion: 1;
  readonly meta: PlanMeta;
  /** With `--shard i/N`: the shard of the target mailboxes the plan covers (src/engine/partition.ts). */
  readonly shard?: Shard;
  readonly summary: PlanSummary;
  /** With `--base-policies`: the pull request's own effect, part of `summary`. */
  readonly pullRequest?: PullRequestEffect;
  /** With `--base-policies`: the rest of `summary`, which the next reconcile applies regardless of the pull request. */
  readonly pending?: ChangeCounts;
  readonly policies: readonly PolicyPlan[];
}

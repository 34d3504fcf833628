/**
 * The stages computePlan strings together, as narrow function types (dependency inversion): the
 * directory, source selection and targets (src/directory, src/conditions, src/targets) and the
 * mapping (src/mapping). `defaultSteps` (steps-default.ts) wires the real modules; unit tests pass fakes.
 */
import type { DirectoryUser } from "../model/directory-user";
import type { DirectoryView } from "../targets";
import type { DesiredContact } from "../model/contact";
import type { MailboxRef } from "../model/mailbox";
import type { NonTargetReason, SkipReason } from "../plan/reasons";
import type { PlanWarning } from "../plan/types";
import type { ResolvedPolicy } from "../policy";

/** The directory as one plan sees it: every user read (with the attributes all loaded policies need), by id. */
export type { DirectoryView };

/**
 * A policy's target mailboxes, the targets cync cannot write to (skipped, listed in the plan) and
 * the users the targets leave out (non-targets, counted per reason), each with its reason code.
 */
export interface TargetSet {
  readonly mailboxes: readonly MailboxRef[];
  readonly skipped: readonly { readonly mailbox: MailboxRef; readonly code: SkipReason }[];
  readonly nonTargets: readonly { readonly mailbox: MailboxRef; readonly code: NonTargetReason }[];
}

/** One user through a policy's mapping: the contact, or none (unmappable), and what to tell the reader. */
export interface MappedUser {
  readonly contact: DesiredContact | undefined;
  readonly warnings: readonly PlanWarning[];
}

export interface PlanSteps {
  /** Reads the directory once for all policies (delta from the state directory when it can). */
  readDirectory(policies: readonly ResolvedPolicy[]): Promise<DirectoryView>;
  /** The users whose contacts `policy` wants. */
  sourceUsers(policy: ResolvedPolicy, directory: DirectoryView): readonly DirectoryUser[];
  /** The mailboxes `policy` writes to. */
  targets(policy: ResolvedPolicy, directory: DirectoryView): Promise<TargetSet>;
  mapUser(user: DirectoryUser, policy: ResolvedPolicy): MappedUser;
  /**
   * The photos of these users (src/photos): user id → photo hash, or null for none; a user whose
   * photo is unknown (could not be read) is absent. Called once per plan, for the source users of
   * every policy that syncs photos together, so each person's photo is looked at once.
   */
  readPhotos(userIds: readonly string[]): Promise<ReadonlyMap<string, string | null>>;
}

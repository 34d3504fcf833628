/**
 * The pure planner of a removal in one mailbox (src/engine/removal.ts reads the folder and calls
 * it): every contact whose marker names the removed policy goes — duplicates included — and
 * nothing else; foreign (another policy's) and unmarked (a person's own) contacts are counted and
 * untouched, exactly as in planMailbox, which this reuses with nothing desired. The folder goes too
 * only when the caller says cync created it and nothing foreign or unmarked stays in it.
 *
 * | contact in the folder          | change                      |
 * |--------------------------------|-----------------------------|
 * | marker of the removed policy   | delete, with the reason     |
 * | marker of another policy       | untouched (foreign)         |
 * | no readable marker             | untouched (unmarked)        |
 */
import type { CurrentContact, DesiredContact } from "../model/contact";
import type { MailboxRef } from "../model/mailbox";
import { planMailbox } from "./mailbox";
import type { DeleteReason, MailboxChanges } from "./types";

/** Why a removal deletes: the delete reasons that are about the policy's declaration, not one source user. */
const REMOVAL_REASONS = ["mailbox-left-targets", "policy-removed"] as const satisfies readonly DeleteReason[];
export type RemovalReason = (typeof REMOVAL_REASONS)[number];

/** True for a removal's deletion (see {@link REMOVAL_REASONS}). */
export const isRemovalReason = (reason: DeleteReason): reason is RemovalReason => (REMOVAL_REASONS as readonly DeleteReason[]).includes(reason);

export interface RemovalPlanInput {
  readonly mailbox: MailboxRef;
  readonly policy: string;
  /** Every contact in the policy's folder, classified for `policy`; empty when the folder does not exist. */
  readonly current: readonly CurrentContact[];
  readonly reason: RemovalReason;
  /** The folder exists, is not the default Contacts folder, and cync created it. */
  readonly folderRemovable: boolean;
}

const NOTHING_DESIRED: ReadonlyMap<string, DesiredContact> = new Map();

/** Plans the removal of `policy`'s contacts (and, when removable and then empty, its folder) from one mailbox. */
export function planRemoval(input: RemovalPlanInput): MailboxChanges {
  const { mailbox, policy, current, reason, folderRemovable } = input;
  const planned = planMailbox({ mailbox, policy, desired: NOTHING_DESIRED, current, mode: "sync" });
  const changes = { ...planned, delete: planned.delete.map((d) => ({ ...d, reason })) };
  return folderRemovable && changes.foreign + changes.unmarked === 0 ? { ...changes, removeFolder: true } : changes;
}

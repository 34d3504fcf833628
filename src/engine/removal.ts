/**
 * Declarative removal (docs/architecture.md#declarative-removal): what is no longer declared
 * disappears from the mailboxes cync wrote it to. Two cases, each a deletion reason shown in every
 * plan format:
 *
 * - `policy-removed`: the policy no longer exists (its file deleted, or renamed — a rename is this
 *   removal of the old name plus a create of the new name's contacts);
 * - `mailbox-left-targets`: the policy exists but a mailbox it wrote to is no longer a target.
 *
 * A removal deletes only contacts whose marker names the removed policy (src/plan/removal.ts) and
 * is planned and applied like any plan: through the same mailbox reader as computePlan, then
 * applyPlan (safe write order, ownership re-checked against a fresh read) and the same safety
 * guards — its deletions count against the limits like any other. A mailbox whose read fails is
 * skipped and reported, never taken as empty.
 *
 * "Left the targets" is decided by {@link leftTargets} from the policy's target selection, and is
 * never the same as "could not be resolved" (a failed group read aborts the plan before this runs):
 *
 * | the mailbox owner, in the policy's target selection       | left? | why                                               |
 * |-----------------------------------------------------------|-------|---------------------------------------------------|
 * | a target mailbox                                          | no    | planned normally                                  |
 * | skipped target (`no-exchange-mailbox`: licensed, no mailbox) | no | transient or unknown: cync cannot tell              |
 * | non-target `no-exchange-license`                          | no    | its mailbox cannot be read; a licence comes back  |
 * | non-target `account-disabled`                             | yes   | the policy targets enabled accounts only          |
 * | non-target `excluded`                                     | yes   | excluded by the policy                            |
 * | non-target `opted-out`                                    | yes   | the owner asked not to receive contacts           |
 * | non-target `mailbox-kind-not-targeted`                    | yes   | the policy no longer targets that kind            |
 * | not selected at all (left the target group, no longer matches `where`, deleted) | yes | no longer declared |
 *
 * A mailbox that then cannot be read (no mailbox any more, access denied) is a skipped mailbox of
 * the removal plan, and stays in the record for a later run.
 */
import pLimit, { type LimitFunction } from "p-limit";
import { folderLabel, type FolderSpec } from "../mailbox/folder";
import { readPolicyFolder } from "../mailbox/policy-folder";
import { MailboxSkipped } from "../mailbox/skip";
import type { MailboxRef } from "../model/mailbox";
import { PolicyPlanBuilder } from "../plan/aggregate";
import type { NonTargetReason } from "../plan/reasons";
import { planRemoval, type RemovalReason } from "../plan/removal";
import type { PolicyPlan } from "../plan/types";
import type { MailboxIo } from "./mailboxes";
import type { TargetSet } from "./steps";

export type { RemovalReason };

/** Remove every contact owned by `policy` (its marker, nothing else) from `mailboxes`' folder `folder`. */
export interface Removal {
  readonly policy: string;
  readonly folder: FolderSpec;
  readonly mailboxes: readonly MailboxRef[];
  readonly reason: RemovalReason;
  /** Remove the folder too when cync created it and, after the deletions, nothing foreign is left in it. */
  readonly removeFolderIfCreated?: boolean;
}

/** Which non-target reasons mean the mailbox left the policy's targets (see the module's table). */
const NON_TARGET_LEFT: Readonly<Record<NonTargetReason, boolean>> = {
  "no-exchange-license": false,
  "account-disabled": true,
  excluded: true,
  "opted-out": true,
  "mailbox-kind-not-targeted": true,
};

/**
 * The ids among `written` (mailboxes the policy wrote to) that left its targets, in `written`'s
 * order (see the module's table).
 */
export function leftTargets(written: readonly string[], targets: TargetSet): string[] {
  const stays = new Set<string>([...targets.mailboxes.map((m) => m.id), ...targets.skipped.map((s) => s.mailbox.id)]);
  for (const n of targets.nonTargets) if (!NON_TARGET_LEFT[n.code]) stays.add(n.mailbox.id);
  return written.filter((id) => !stays.has(id));
}

/**
 * Plans removals with the same mailbox reader as computePlan: one PolicyPlan per removal, whose
 * deletions carry its reason, to apply with applyPlan and guard like any deletion. Every removal's
 * mailboxes share one bound of `io.concurrency`. A mailbox that cannot be read is skipped; any other
 * failure stops the run, as in computePlan.
 */
export async function planRemovals(io: MailboxIo, removals: readonly Removal[]): Promise<PolicyPlan[]> {
  const limit = pLimit(Math.max(1, io.concurrency));
  try {
    return await Promise.all(removals.map((r) => planOne(io, r, limit)));
  } catch (err) {
    limit.clearQueue();
    throw err;
  }
}

async function planOne(io: MailboxIo, removal: Removal, limit: LimitFunction): Promise<PolicyPlan> {
  const { policy, folder, reason } = removal;
  // A removal maps no source users: its plan's header says so, and the guards judge it by its deletions.
  const builder = new PolicyPlanBuilder({ policy, folder: folderLabel(folder), mode: "sync", sourceUsers: 0 });
  const one = async (mailbox: MailboxRef): Promise<void> => {
    try {
      const read = await readPolicyFolder(io.graph, io.state, mailbox.id, folder, policy);
      const folderRemovable = removal.removeFolderIfCreated === true && "name" in folder && read.folder !== undefined;
      builder.add(planRemoval({ mailbox, policy, current: read.contacts, reason, folderRemovable }));
    } catch (err) {
      if (!(err instanceof MailboxSkipped)) throw err;
      builder.skip(mailbox, err.reason);
    }
  };
  await Promise.all(removal.mailboxes.map((m) => limit(() => one(m))));
  return builder.finish();
}

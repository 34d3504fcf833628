/**
 * Keeping the removal record (src/record) in step with an apply, mailbox by mailbox:
 *
 * | the mailbox's job                                 | outcome            | record                          |
 * |---------------------------------------------------|--------------------|---------------------------------|
 * | a declared policy's, cync's contacts there now     | applied or failed  | the mailbox added (and whether cync created the folder) |
 * | a removal's (deletions `mailbox-left-targets`/`policy-removed`, or its folder) | applied | the mailbox forgotten |
 * | a removal's                                       | failed or skipped  | kept: the next run tries again   |
 * | any                                               | skipped            | unchanged                        |
 *
 * A removal's mailbox with nothing left to remove gets no job: {@link forgetSettledRemovals} drops
 * it after the run, unless the plan skipped it (unreadable: not known to be clean).
 */
import type { MailboxChanges, PolicyPlan } from "../plan/types";
import { isRemovalReason } from "../plan/removal";
import { recordRemoved, recordWrite, type PolicyWrite, type TenantRecord } from "../record/record";
import type { MailboxJob, MailboxOutcome } from "./mailbox";

const isRemoval = (c: MailboxChanges): boolean => c.removeFolder === true || c.delete.some((d) => isRemovalReason(d.reason));

/** The record after one mailbox's job; `declared` names the policies that still exist. */
export function recordOutcome(record: TenantRecord, job: MailboxJob, outcome: MailboxOutcome, declared: ReadonlyMap<string, PolicyWrite>): TenantRecord {
  if (outcome.status === "skipped") return record;
  if (isRemoval(job.changes)) return outcome.status === "applied" ? recordRemoved(record, job.policy, outcome.mailboxId) : record;
  const policy = declared.get(job.policy);
  const holdsOurs = job.changes.owned > 0 || outcome.created + outcome.recovered > 0 || outcome.folderCreated === true;
  return policy !== undefined && holdsOurs ? recordWrite(record, policy, outcome.mailboxId, outcome.folderCreated === true) : record;
}

/** Forgets the removals' mailboxes that the plan found with nothing to remove (no job, not skipped). */
export function forgetSettledRemovals(
  record: TenantRecord,
  removals: readonly { readonly policy: string; readonly mailboxIds: readonly string[] }[],
  planned: readonly PolicyPlan[],
): TenantRecord {
  let next = record;
  for (const r of removals) {
    const plan = planned.find((p) => p.policy === r.policy);
    const busy = new Set([...(plan?.mailboxes ?? []).map((m) => m.mailbox.id), ...(plan?.skipped ?? []).map((s) => s.mailbox.id)]);
    for (const id of r.mailboxIds) if (!busy.has(id)) next = recordRemoved(next, r.policy, id);
  }
  return next;
}

/** Records again the declared policies' mailboxes a sweep found holding their contacts (folder not known to be cync's). */
export function recordFound(record: TenantRecord, found: ReadonlyMap<string, readonly string[]>, declared: ReadonlyMap<string, PolicyWrite>): TenantRecord {
  let next = record;
  for (const [name, ids] of found) {
    const policy = declared.get(name);
    if (policy !== undefined) for (const id of ids) if (next[name]?.mailboxes[id] === undefined) next = recordWrite(next, policy, id, false);
  }
  return next;
}

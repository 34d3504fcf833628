/**
 * Applies a whole plan: every (policy, mailbox) with changes, mailboxes in parallel under a bound,
 * each through applyMailbox (mailbox.ts), whose failures stay with that mailbox — the run goes on
 * and the caller reports them and exits non-zero at the end (docs/architecture.md#safe-write-order).
 *
 * The bound is on mailboxes, not requests: the requester (src/graph) paces requests per mailbox and
 * globally, so this only decides how many mailboxes make progress at once.
 */
import { CONCURRENCY } from "../graph/limits";
import type { FolderSpec } from "../mailbox/folder";
import type { Plan } from "../plan/types";
import { forEachConcurrent } from "./concurrency";
import type { DeletionStyle } from "../policy";
import { applyMailbox, type ChangeTally, type MailboxJob, type MailboxOutcome } from "./mailbox";
import type { ApplyIO } from "./ports";
import { RefusedContacts } from "./refused";

/** What the applier needs to know about each policy beyond the plan. */
export interface PolicyApplySettings {
  readonly folder: FolderSpec;
  readonly deletion: DeletionStyle;
  /** The policy syncs photos (mailbox.ts). */
  readonly photos?: boolean;
}

export interface ApplyProgress {
  readonly mailboxesDone: number;
  readonly mailboxesTotal: number;
  readonly mailboxesFailed: number;
  /** Planned changes settled (written, found done, refused or failed). */
  readonly changesDone: number;
  readonly changesTotal: number;
}

/** How applyPlan runs. */
export interface ApplyPlanOptions {
  /**
   * Mailboxes applied at once.
   * @default CONCURRENCY.mailboxes (src/graph/limits.ts)
   */
  readonly concurrency?: number;
  /** Writes in flight per mailbox (mailbox.ts). @default CONCURRENCY.perMailbox */
  readonly parallelPerMailbox?: number;
  readonly onProgress?: (progress: ApplyProgress) => void;
  /** Called once per (policy, mailbox) when its changes settled: keeps the removal record in step (record.ts). */
  readonly onMailbox?: (job: MailboxJob, outcome: MailboxOutcome) => void;
}

export interface ApplyResult {
  /** One outcome per (policy, mailbox) with changes, in plan order. */
  readonly mailboxes: readonly MailboxOutcome[];
  readonly totals: ChangeTally;
}

/** The applier's jobs for `plan`, in plan order (policy, then mailbox id). */
function jobsOf(plan: Plan, settings: ReadonlyMap<string, PolicyApplySettings>): MailboxJob[] {
  return plan.policies.flatMap((p) => {
    const s = settings.get(p.policy);
    if (s === undefined) throw new Error(`the plan names policy "${p.policy}", which is not loaded`);
    return p.mailboxes.map((changes) => ({ policy: p.policy, folder: s.folder, deletion: s.deletion, ...(s.photos === true && { photos: true }), changes }));
  });
}

const TALLY_KEYS = ["created", "updated", "deleted", "alreadyDone", "notOwned", "recovered", "failed", "refused"] as const satisfies readonly (keyof ChangeTally)[];

function sumTallies(outcomes: readonly ChangeTally[]): ChangeTally {
  const total = { created: 0, updated: 0, deleted: 0, alreadyDone: 0, notOwned: 0, recovered: 0, failed: 0, refused: 0 };
  for (const o of outcomes) for (const k of TALLY_KEYS) total[k] += o[k];
  return total;
}

export async function applyPlan(
  plan: Plan,
  settings: ReadonlyMap<string, PolicyApplySettings>,
  io: ApplyIO,
  options: ApplyPlanOptions = {},
): Promise<ApplyResult> {
  const jobs = jobsOf(plan, settings);
  const outcomes: (MailboxOutcome | undefined)[] = new Array<MailboxOutcome | undefined>(jobs.length);
  const progress = {
    mailboxesDone: 0,
    mailboxesTotal: jobs.length,
    mailboxesFailed: 0,
    changesDone: 0,
    changesTotal: jobs.reduce((n, j) => n + j.changes.create.length + j.changes.update.length + j.changes.delete.length, 0),
  };
  const report = (): void => options.onProgress?.({ ...progress });
  // One user's refused contact is not sent again to the run's other mailboxes (refused.ts).
  const refused = new RefusedContacts();
  report();
  await forEachConcurrent(
    jobs.map((job, index) => ({ job, index })),
    options.concurrency ?? CONCURRENCY.mailboxes,
    async ({ job, index }) => {
      const outcome = await applyMailbox(job, io, {
        ...(options.parallelPerMailbox === undefined ? {} : { parallel: options.parallelPerMailbox }),
        refused,
        onSettled: () => {
          progress.changesDone++;
          report();
        },
      });
      outcomes[index] = outcome;
      options.onMailbox?.(job, outcome);
      progress.mailboxesDone++;
      if (outcome.status === "failed") progress.mailboxesFailed++;
      report();
    },
  );
  const mailboxes = outcomes.filter((o): o is MailboxOutcome => o !== undefined);
  return { mailboxes, totals: sumTallies(mailboxes) };
}

/**
 * One apply, start to end, shared by `cync apply` and `cync demo`: plan (or take a saved plan that
 * still matches), check the safety guards on the whole plan before any write, apply, report. With
 * the removal record, the plan removes what is no longer declared (src/engine/declared.ts) and the
 * record follows every mailbox applied (record.ts); a removed policy is guarded and applied with
 * the folder and limits the record kept for it.
 */
import { computePlan, type PlanFilters, type PlanRunMeta } from "../engine/plan";
import { defaultPacerOptions, type PacerOptions } from "../graph/pacer";
import type { Session } from "../engine/session";
import type { GuardViolation } from "../plan/guard";
import type { Plan } from "../plan/types";
import type { LoadedPolicy, ResolvedPolicy } from "../policy";
import type { RecordHandle } from "../record/file";
import type { PolicyWrite } from "../record/record";
import { evaluateGuards } from "./guard";
import { forgetSettledRemovals, recordFound, recordOutcome } from "./record";
import { graphApplyIO } from "./io";
import type { ProgressSnapshot } from "./progress";
import { buildReport, type ApplyReport } from "./report";
import { applyPlan, type PolicyApplySettings } from "./run";
import { shardReasons, staleReasons } from "./saved-plan";

export interface ExecuteInput {
  readonly policies: readonly LoadedPolicy[];
  readonly session: Pick<Session, "requester" | "state" | "steps" | "io" | "tenant">;
  readonly filters?: PlanFilters;
  /** A plan saved by `cync plan --format json`, applied only when it still matches. */
  readonly saved?: Plan;
  /** Let plans through that the safety guards would refuse (`--allow-deletes`). */
  readonly allowDeletes?: boolean;
  /** Mailboxes applied at once. */
  readonly concurrency: number;
  /** Called once the plan to apply is known, before any write (to show it). */
  readonly onPlan?: (shown: PlanShown) => void;
  readonly onProgress?: (snapshot: ProgressSnapshot) => void;
  /** @default Date.now */
  readonly now?: () => number;
  /** The removal record (src/record/file.ts), read for the plan and updated as mailboxes are applied. */
  readonly record?: RecordHandle;
  /** Also search every mailbox for cync's contacts no longer declared (`--sweep`, src/engine/sweep.ts). */
  readonly sweep?: boolean;
}

export interface PlanShown {
  readonly plan: Plan;
  /** Guard violations, refused or allowed by `allowDeletes`. */
  readonly violations: readonly GuardViolation[];
  /** Why the saved plan was not used (re-planned instead); empty when it was, or none was given. */
  readonly staleReasons: readonly string[];
  /** With `sweep`: what the search cost. */
  readonly sweep?: PlanRunMeta["sweep"];
}

export type ExecuteOutcome = {
  readonly plan: Plan;
  /** Why the saved plan was not used (re-planned instead); empty when it was, or none was given. */
  readonly staleReasons: readonly string[];
} & (
  | { readonly kind: "refused"; readonly violations: readonly GuardViolation[] }
  | { readonly kind: "applied"; readonly report: ApplyReport }
);

/**
 * The requester's global in-flight ceiling for `concurrency` mailboxes at once: enough for each to use
 * Exchange's 4 concurrent requests (docs/graph-behaviour.md#outlook-mailbox-limits), never below
 * the requester's default. Without it the default ceiling (64) caps a run at 64 requests per round
 * trip whatever `--concurrency` says.
 */
export function pacingFor(concurrency: number): Partial<PacerOptions> {
  return { maxConcurrency: Math.max(defaultPacerOptions.maxConcurrency, concurrency * defaultPacerOptions.mailboxConcurrency) };
}

/** How each policy is applied: a declared one as it is declared; a removed one (only deleted from) as recorded. */
function applySettings(declared: readonly ResolvedPolicy[], removed: readonly PolicyWrite[]): Map<string, PolicyApplySettings> {
  const settings = new Map<string, PolicyApplySettings>();
  for (const p of removed) settings.set(p.name, { folder: p.folder, deletion: p.safety.deletion });
  for (const p of declared) settings.set(p.name, { folder: p.folder, deletion: p.safety.deletion, photos: p.mapping.photo === true });
  return settings;
}

/**
 * Plans and applies under the state directory's lock (src/state/lock.ts): from the first read to
 * the last write, no other run uses the same state.
 * @throws StateLockedError when another run holds it
 */
export async function executeApply(input: ExecuteInput): Promise<ExecuteOutcome> {
  const release = await input.session.state.lock();
  try {
    return await executeLocked(input);
  } finally {
    await release();
  }
}

async function executeLocked(input: ExecuteInput): Promise<ExecuteOutcome> {
  const { policies, session } = input;
  const now = input.now ?? Date.now;
  const started = now();
  const { record } = input;
  const recorded = record?.current();
  const fresh = await computePlan({
    policies,
    steps: session.steps,
    io: session.io,
    filters: input.filters ?? {},
    tenant: session.tenant,
    ...(recorded === undefined ? {} : { record: recorded }),
    sweep: input.sweep === true,
  });
  const stale = input.saved === undefined ? [] : [...shardReasons(input.saved.shard, fresh.plan.shard), ...staleReasons(input.saved.meta, fresh.plan.meta)];
  const plan = input.saved !== undefined && stale.length === 0 ? input.saved : fresh.plan;

  const declared = new Map<string, PolicyWrite>(policies.map((p) => [p.resolved.name, p.resolved]));
  const all = [...declared.values(), ...fresh.meta.removed];
  const verdict = evaluateGuards(plan, all, input.allowDeletes === true);
  input.onPlan?.({ plan, violations: [...verdict.refused, ...verdict.allowed], staleReasons: stale, ...(fresh.meta.sweep === undefined ? {} : { sweep: fresh.meta.sweep }) });
  if (verdict.refused.length > 0) return { kind: "refused", plan, staleReasons: stale, violations: verdict.refused };

  const { requester } = session;
  const result = await applyPlan(plan, applySettings(policies.map((p) => p.resolved), fresh.meta.removed), graphApplyIO(requester, session.state), {
    concurrency: input.concurrency,
    onMailbox: (job, outcome) => record?.update((r) => recordOutcome(r, job, outcome, declared)),
    onProgress: (p) =>
      input.onProgress?.({
        elapsedMs: now() - started,
        mailboxesDone: p.mailboxesDone,
        mailboxesTotal: p.mailboxesTotal,
        mailboxesFailed: p.mailboxesFailed,
        writesDone: p.changesDone,
        writesTotal: p.changesTotal,
        throttled: requester.stats().throttled,
      }),
  });
  record?.update((r) => forgetSettledRemovals(r, fresh.meta.removals, plan.policies));
  // A sweep found where declared policies' contacts are: the record knows them again.
  if (fresh.meta.sweep !== undefined) record?.update((r) => recordFound(r, fresh.meta.sweep!.found, declared));
  await record?.flush();
  const report = buildReport({ plan, result, requests: requester.stats(), durationMs: now() - started, allowed: verdict.allowed });
  return { kind: "applied", plan, staleReasons: stale, report };
}

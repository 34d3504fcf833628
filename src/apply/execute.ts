/**
 * One apply, start to end, shared by `cync apply` and `cync demo`: plan (or take a saved plan that
 * still matches), check the safety guards on the whole plan before any write, apply, report.
 */
import { computePlan, type PlanFilters } from "../engine/plan";
import { defaultPacerOptions, type PacerOptions } from "../graph/pacer";
import type { Session } from "../engine/session";
import type { GuardViolation } from "../plan/guard";
import type { Plan } from "../plan/types";
import type { LoadedPolicy } from "../policy";
import { evaluateGuards } from "./guard";
import { graphApplyIO } from "./io";
import type { ProgressSnapshot } from "./progress";
import { buildReport, type ApplyReport } from "./report";
import { applyPlan, type PolicyApplySettings } from "./run";
import { staleReasons } from "./saved-plan";

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
}

export interface PlanShown {
  readonly plan: Plan;
  /** Guard violations, refused or allowed by `allowDeletes`. */
  readonly violations: readonly GuardViolation[];
  /** Why the saved plan was not used (re-planned instead); empty when it was, or none was given. */
  readonly staleReasons: readonly string[];
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

function applySettings(policies: readonly LoadedPolicy[]): Map<string, PolicyApplySettings> {
  return new Map(policies.map((p) => [p.resolved.name, { folder: p.resolved.folder, deletion: p.resolved.safety.deletion }]));
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
  const fresh = await computePlan({ policies, steps: session.steps, io: session.io, filters: input.filters ?? {}, tenant: session.tenant });
  const stale = input.saved === undefined ? [] : staleReasons(input.saved.meta, fresh.plan.meta);
  const plan = input.saved !== undefined && stale.length === 0 ? input.saved : fresh.plan;

  const verdict = evaluateGuards(plan, policies.map((p) => p.resolved), input.allowDeletes === true);
  input.onPlan?.({ plan, violations: [...verdict.refused, ...verdict.allowed], staleReasons: stale });
  if (verdict.refused.length > 0) return { kind: "refused", plan, staleReasons: stale, violations: verdict.refused };

  const { requester } = session;
  const result = await applyPlan(plan, applySettings(policies), graphApplyIO(requester, session.state), {
    concurrency: input.concurrency,
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
  const report = buildReport({ plan, result, requests: requester.stats(), durationMs: now() - started, allowed: verdict.allowed });
  return { kind: "applied", plan, staleReasons: stale, report };
}

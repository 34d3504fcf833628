/**
 * The safety guards on a whole plan, evaluated before any write
 * (docs/architecture.md#guards-before-the-first-write):
 * the planner's checkDeleteGuard (src/plan/guard.ts) judges the plan against each policy's
 * `safety` limits; this decides whether a violation refuses the run.
 */
import { checkDeleteGuard, type DeleteLimits, type GuardViolation } from "../plan/guard";
import type { Plan } from "../plan/types";
import type { ResolvedPolicy } from "../policy";

export interface GuardVerdict {
  /** Violations that stop the run: nothing is written. */
  readonly refused: readonly GuardViolation[];
  /** Violations `--allow-deletes` let through; reported, never silent. */
  readonly allowed: readonly GuardViolation[];
}

export function evaluateGuards(
  plan: Plan,
  policies: readonly Pick<ResolvedPolicy, "name" | "safety">[],
  allowDeletes: boolean,
): GuardVerdict {
  const limits = new Map<string, DeleteLimits>(policies.map((p) => [p.name, p.safety]));
  const violations = checkDeleteGuard(plan, limits);
  return allowDeletes ? { refused: [], allowed: violations } : { refused: violations, allowed: [] };
}

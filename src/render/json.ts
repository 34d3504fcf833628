/**
 * The full plan as JSON — the saved-plan format `cync apply --plan` reads back (plan/serialize.ts:
 * created contacts stored once per policy). Stable: the plan is built in a deterministic order
 * (plan/aggregate.ts), so equal plans serialize byte-identically. Never redacted: it is the machine
 * artifact (and holds personal data — keep it out of git, docs/architecture.md#personal-data).
 */
import { planToJson } from "../plan/serialize";
import type { Plan } from "../plan/types";

export function renderJson(plan: Plan): string {
  return `${JSON.stringify(planToJson(plan), null, 2)}\n`;
}

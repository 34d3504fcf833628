/**
 * How long applying a plan must take at Exchange Online's limits — a lower bound, shown in the plan
 * so a reviewer knows what a merge sets off. One Graph request per write
 * (docs/architecture.md#performance-model), a photo's requests beside it (src/plan/requests.ts),
 * timed by the one model of src/graph/apply-time.ts at the limits cync assumes
 * (src/graph/limits.ts), with the apply's `--concurrency`.
 */
import { applySeconds, type Bottleneck } from "../graph/apply-time";
import { CONCURRENCY } from "../graph/limits";
import { createRequests, updateRequests } from "../plan/requests";
import type { Plan } from "../plan/types";

export type { Bottleneck } from "../graph/apply-time";

export interface EstimateOptions {
  /** Mailboxes applied at once: the `--concurrency` the apply runs with. */
  readonly concurrency: number;
  /** Assumed time per write request. */
  readonly requestLatencyMs: number;
}

/** What the estimate assumes when the caller does not say: the CLI's default concurrency, 200 ms per write. */
export const DEFAULT_ESTIMATE: EstimateOptions = { concurrency: CONCURRENCY.mailboxes, requestLatencyMs: 200 };

export interface Estimate {
  readonly requests: number;
  /** Lower bound in seconds. */
  readonly seconds: number;
  readonly bottleneck: Bottleneck;
}

const sum = <T>(items: readonly T[], cost: (item: T) => number): number => items.reduce((n, item) => n + cost(item), 0);

export function estimate(plan: Plan, options: EstimateOptions = DEFAULT_ESTIMATE): Estimate {
  // A mailbox targeted by several policies (several folders) shares one per-mailbox budget.
  const perMailbox = new Map<string, number>();
  let requests = 0;
  for (const p of plan.policies) {
    for (const m of p.mailboxes) {
      const n = sum(m.create, createRequests) + sum(m.update, updateRequests) + m.delete.length;
      requests += n;
      perMailbox.set(m.mailbox.id, (perMailbox.get(m.mailbox.id) ?? 0) + n);
    }
  }
  let busiest = 0;
  for (const n of perMailbox.values()) busiest = Math.max(busiest, n);
  const { seconds, bottleneck } = applySeconds({ requests, busiest, concurrency: options.concurrency, latencySeconds: options.requestLatencyMs / 1000 });
  return { requests, seconds, bottleneck };
}

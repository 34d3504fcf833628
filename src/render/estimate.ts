/**
 * How long applying a plan must take at Exchange Online's limits — a lower bound, shown in the plan
 * so a reviewer knows what a merge sets off. One Graph request per write
 * (docs/architecture.md#performance-model).
 *
 * Limits (docs/graph-behaviour.md#outlook-mailbox-limits,
 * docs/graph-behaviour.md#global-request-limit): per app and mailbox 10,000 requests per 10 minutes
 * (16.7/s) and 4 concurrent; per app 130,000 requests per 10 s across all tenants. With `C`
 * concurrent requests of latency `L`, at most C/L requests finish per second. The bound is the
 * largest of:
 *   total / 13,000 per s · busiest mailbox / 16.7 per s · busiest mailbox × L / 4 · total × L / C
 */
import type { Plan } from "../plan/types";

export const EXCHANGE_LIMITS = {
  mailboxRequestsPer10Min: 10_000,
  mailboxConcurrency: 4,
  appRequestsPer10s: 130_000,
} as const;

export interface EstimateOptions {
  /** The writer's global concurrency. @default 16 */
  readonly globalConcurrency: number;
  /** Assumed time per write request. @default 200 */
  readonly requestLatencyMs: number;
}

export const DEFAULT_ESTIMATE: EstimateOptions = { globalConcurrency: 16, requestLatencyMs: 200 };

export type Bottleneck = "app" | "mailbox-rate" | "mailbox-concurrency" | "global-concurrency";

export interface Estimate {
  readonly requests: number;
  /** Lower bound in seconds. */
  readonly seconds: number;
  readonly bottleneck: Bottleneck;
}

export function estimate(plan: Plan, options: EstimateOptions = DEFAULT_ESTIMATE): Estimate {
  // A mailbox targeted by several policies (several folders) shares one per-mailbox budget.
  const perMailbox = new Map<string, number>();
  let requests = 0;
  for (const p of plan.policies) {
    for (const m of p.mailboxes) {
      const n = m.create.length + m.update.length + m.delete.length;
      requests += n;
      perMailbox.set(m.mailbox.id, (perMailbox.get(m.mailbox.id) ?? 0) + n);
    }
  }
  let busiest = 0;
  for (const n of perMailbox.values()) busiest = Math.max(busiest, n);
  const latency = options.requestLatencyMs / 1000;
  const bounds: [Bottleneck, number][] = [
    ["app", requests / (EXCHANGE_LIMITS.appRequestsPer10s / 10)],
    ["mailbox-rate", busiest / (EXCHANGE_LIMITS.mailboxRequestsPer10Min / 600)],
    ["mailbox-concurrency", (busiest * latency) / EXCHANGE_LIMITS.mailboxConcurrency],
    ["global-concurrency", (requests * latency) / Math.max(1, options.globalConcurrency)],
  ];
  const [bottleneck, seconds] = bounds.reduce((a, b) => (b[1] > a[1] ? b : a));
  return { requests, seconds, bottleneck };
}

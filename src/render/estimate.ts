/**
 * How long applying a plan must take at Exchange Online's limits — a lower bound, shown in the plan
 * so a reviewer knows what a merge sets off. One Graph request per write
 * (docs/architecture.md#performance-model), a photo's requests beside it (src/plan/requests.ts).
 *
 * Limits (src/graph/limits.ts): per app and mailbox 10,000 requests per 10 minutes (16.7/s) and 4
 * concurrent; per app 130,000 requests per 10 s across all tenants. With requests of latency `L`,
 * one mailbox finishes at most min(4 / L, 16.7) per second, and the apply works on `N` mailboxes at
 * once (`--concurrency`). The bound is the largest of:
 *   total / 13,000 per s · busiest mailbox / 16.7 per s · busiest mailbox × L / 4 ·
 *   total / (N × min(4 / L, 16.7))
 */
import { CONCURRENCY, EXCHANGE_LIMITS } from "../graph/limits";
import { createRequests, updateRequests } from "../plan/requests";
import type { Plan } from "../plan/types";

export interface EstimateOptions {
  /** Mailboxes applied at once: the `--concurrency` the apply runs with. */
  readonly concurrency: number;
  /** Assumed time per write request. */
  readonly requestLatencyMs: number;
}

/** What the estimate assumes when the caller does not say: the CLI's default concurrency, 200 ms per write. */
export const DEFAULT_ESTIMATE: EstimateOptions = { concurrency: CONCURRENCY.mailboxes, requestLatencyMs: 200 };

export type Bottleneck = "app" | "mailbox-rate" | "mailbox-concurrency" | "concurrency";

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
  const latency = options.requestLatencyMs / 1000;
  const mailboxRate = EXCHANGE_LIMITS.mailboxRequestsPer10Min / 600;
  const perMailboxPace = Math.min(CONCURRENCY.perMailbox / latency, mailboxRate);
  const bounds: [Bottleneck, number][] = [
    ["app", requests / (EXCHANGE_LIMITS.appRequestsPer10s / 10)],
    ["mailbox-rate", busiest / mailboxRate],
    ["mailbox-concurrency", (busiest * latency) / CONCURRENCY.perMailbox],
    ["concurrency", requests / (Math.max(1, options.concurrency) * perMailboxPace)],
  ];
  const [bottleneck, seconds] = bounds.reduce((a, b) => (b[1] > a[1] ? b : a));
  return { requests, seconds, bottleneck };
}

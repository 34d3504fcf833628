/**
 * How long writing takes at a service's request limits — the one model behind the plan's time
 * estimate (src/render/estimate.ts), the README's wall-clock arithmetic and the bound `npm run
 * bench` measures cync against (bench/buyer.ts). Pure.
 *
 * Exchange Online allows one app, per mailbox, `mailboxConcurrency` requests at once and
 * `mailboxRequests` per `mailboxWindowSeconds`, and across all mailboxes `appRequests` per
 * `appWindowSeconds` (docs/graph-behaviour.md#outlook-mailbox-limits,
 * docs/graph-behaviour.md#global-request-limit). A mailbox's fastest schedule sends its requests
 * `mailboxConcurrency` at a time, each taking the request latency, until the window's budget is
 * spent, then waits for the window to let the first of them go: so the window binds only workloads
 * larger than its budget, and a small mailbox finishes in latency-bound bursts.
 */
import { CONCURRENCY, EXCHANGE_LIMITS, EXCHANGE_MAILBOX_WINDOW } from "./limits";

export interface ServiceLimits {
  readonly mailboxConcurrency: number;
  readonly mailboxRequests: number;
  readonly mailboxWindowSeconds: number;
  readonly appRequests: number;
  readonly appWindowSeconds: number;
}

/** Microsoft's limits, as cync assumes them (src/graph/limits.ts). */
export const EXCHANGE_SERVICE_LIMITS: ServiceLimits = {
  mailboxConcurrency: CONCURRENCY.perMailbox,
  mailboxRequests: EXCHANGE_MAILBOX_WINDOW.requests,
  mailboxWindowSeconds: EXCHANGE_MAILBOX_WINDOW.ms / 1000,
  appRequests: EXCHANGE_LIMITS.appRequestsPer10s,
  appWindowSeconds: 10,
};

/**
 * Fastest time for `requests` to one mailbox: whole windows spent, then the rest `mailboxConcurrency`
 * at a time; when concurrency over latency is the lower rate, the window never binds.
 */
export function mailboxSeconds(requests: number, latencySeconds: number, limits: ServiceLimits): number {
  if (requests <= 0) return 0;
  const batches = (n: number): number => Math.ceil(n / limits.mailboxConcurrency) * latencySeconds;
  if (limits.mailboxConcurrency / latencySeconds <= limits.mailboxRequests / limits.mailboxWindowSeconds) return batches(requests);
  const windows = Math.floor((requests - 1) / limits.mailboxRequests);
  return windows * limits.mailboxWindowSeconds + batches(requests - windows * limits.mailboxRequests);
}

export type Bottleneck = "app" | "mailbox-rate" | "mailbox-concurrency" | "concurrency";

export interface Workload {
  /** Requests in all. */
  readonly requests: number;
  /** Requests to the mailbox that gets the most. */
  readonly busiest: number;
  /** Mailboxes worked on at once (`--concurrency`). */
  readonly concurrency: number;
  readonly latencySeconds: number;
}

/**
 * Lower bound on the wall time of a workload, and what sets it: the app's rate over all requests,
 * the busiest mailbox's own schedule, or `concurrency` mailboxes at once — as many rounds of the
 * busiest mailbox's schedule as it takes to work through every request (exact when every mailbox
 * gets the same writes, the usual rollout).
 */
export function applySeconds(w: Workload, limits: ServiceLimits = EXCHANGE_SERVICE_LIMITS): { seconds: number; bottleneck: Bottleneck } {
  const windowBinds = limits.mailboxConcurrency / w.latencySeconds > limits.mailboxRequests / limits.mailboxWindowSeconds;
  const busiest = mailboxSeconds(w.busiest, w.latencySeconds, limits);
  const bounds: [Bottleneck, number][] = [
    ["app", w.requests / (limits.appRequests / limits.appWindowSeconds)],
    [windowBinds && w.busiest > limits.mailboxRequests ? "mailbox-rate" : "mailbox-concurrency", busiest],
    ["concurrency", w.busiest > 0 ? (w.requests / w.busiest / Math.max(1, w.concurrency)) * busiest : 0],
  ];
  const [bottleneck, seconds] = bounds.reduce((a, b) => (b[1] > a[1] ? b : a));
  return { seconds, bottleneck };
}

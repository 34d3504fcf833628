/**
 * How much cync asks of Exchange Online and Graph at once, in one place: the service's limits
 * (docs/graph-behaviour.md#outlook-mailbox-limits, docs/graph-behaviour.md#global-request-limit)
 * and cync's default concurrency derived from them. The writer paces by them (pacer.ts), the apply
 * run and the readers bound mailboxes by them, the CLI shows them in its help, and the plan's time
 * estimate assumes them (src/render/estimate.ts).
 */

/** Exchange Online's request rates per app: per mailbox, and across all tenants. */
export const EXCHANGE_LIMITS = {
  mailboxRequestsPer10Min: 10_000,
  appRequestsPer10s: 130_000,
} as const;

export const CONCURRENCY = {
  /**
   * Mailboxes read or written at once unless `--concurrency` says otherwise (`cync plan`,
   * `cync apply`, `cync demo`): 8 × 4 requests in flight stays far below Graph's global limit.
   */
  mailboxes: 8,
  /**
   * Requests in flight per mailbox: Exchange Online's limit per app and mailbox; a fifth is refused
   * with 429 `ApplicationThrottled` "MailboxConcurrency" (docs/graph-behaviour.md#mailbox-concurrency).
   */
  perMailbox: 4,
} as const;

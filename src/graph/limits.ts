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

/** A request window: at most `requests` in any `ms`. */
export interface MailboxWindow {
  readonly requests: number;
  readonly ms: number;
}

/** Exchange Online's per-mailbox window as cync paces by it (src/graph/pacer.ts). */
export const EXCHANGE_MAILBOX_WINDOW: MailboxWindow = { requests: EXCHANGE_LIMITS.mailboxRequestsPer10Min, ms: 600_000 };

/**
 * The per-mailbox window from CYNC_MAILBOX_WINDOW, "<requests>/<seconds>" (e.g. "10000/600"), for a
 * tenant whose limits differ from Exchange Online's published ones — the embedded tenant with
 * scaled-down limits in `npm run bench`; undefined when unset. Throws on a malformed value.
 */
export function mailboxWindowFromEnv(env: Readonly<Record<string, string | undefined>>): MailboxWindow | undefined {
  const raw = env["CYNC_MAILBOX_WINDOW"]?.trim();
  if (!raw) return undefined;
  const m = /^(\d+)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(raw);
  const requests = Number(m?.[1]);
  const seconds = Number(m?.[2]);
  if (!m || !(requests >= 1) || !(seconds > 0)) throw new Error(`CYNC_MAILBOX_WINDOW must be "<requests>/<seconds>", e.g. "10000/600"; got "${raw}".`);
  return { requests, ms: seconds * 1000 };
}

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

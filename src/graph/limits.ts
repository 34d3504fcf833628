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
 * The application's window across the tenant as cync paces by it: Graph's 130,000 requests per 10 s
 * per app (docs/graph-behaviour.md#global-request-limit), shared by every process of the app — each
 * shard takes its share (src/engine/session.ts).
 */
export const EXCHANGE_APP_WINDOW: MailboxWindow = { requests: EXCHANGE_LIMITS.appRequestsPer10s, ms: 10_000 };

/**
 * The per-mailbox window from CYNC_MAILBOX_WINDOW, "<requests>/<seconds>" (e.g. "10000/600"), for a
 * tenant whose limits differ from Exchange Online's published ones — the embedded tenant with
 * scaled-down limits in `npm run bench`; undefined when unset. Throws on a malformed value.
 */
export const mailboxWindowFromEnv = (env: Readonly<Record<string, string | undefined>>): MailboxWindow | undefined => windowFromEnv(env, "CYNC_MAILBOX_WINDOW", "10000/600");

/**
 * The application's window from CYNC_APP_WINDOW, "<requests>/<seconds>" (e.g. "130000/10"), for the
 * same reason; undefined when unset. Throws on a malformed value.
 */
export const appWindowFromEnv = (env: Readonly<Record<string, string | undefined>>): MailboxWindow | undefined => windowFromEnv(env, "CYNC_APP_WINDOW", "130000/10");

function windowFromEnv(env: Readonly<Record<string, string | undefined>>, name: string, example: string): MailboxWindow | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const m = /^(\d+)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(raw);
  const requests = Number(m?.[1]);
  const seconds = Number(m?.[2]);
  if (!m || !(requests >= 1) || !(seconds > 0)) throw new Error(`${name} must be "<requests>/<seconds>", e.g. "${example}"; got "${raw}".`);
  return { requests, ms: seconds * 1000 };
}

/**
 * `share` (0 < share ≤ 1) of `window`: what one of several processes of the app may send, so that
 * together they stay inside it (README "Sharding"). Never below one request.
 */
export function windowShare(window: MailboxWindow, share: number): MailboxWindow {
  return { requests: Math.max(1, Math.floor(window.requests * share)), ms: window.ms };
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

/**
 * Throttling modelled on Exchange Online and Microsoft Graph
 * (docs/graph-behaviour.md#throttling-and-retries). Checked in this order, first limit reached
 * wins:
 *
 * 1. a seeded "throttle N % of requests" knob for tests of heavy-429 behaviour;
 * 2. Graph's global per-app rate (token bucket, 130,000 requests / 10 s,
 *    docs/graph-behaviour.md#global-request-limit);
 * 3. per (app, mailbox): 10,000 requests per sliding 10 minutes, and at most 4 requests in flight —
 *    the 5th gets 429 `ApplicationThrottled` "Application is over its MailboxConcurrency limit."
 *    (fixture throttled-429-mailbox-concurrency.json);
 * 4. per (app, tenant): the directory's resource-unit token bucket, costed per route with the
 *    documented `$select` −1 / `$expand` +1 / `$top`<20 −1 adjustments, minimum 1.
 *
 * A 429 carries `Retry-After` in real seconds (fractional, so a time-scaled test waits briefly)
 * and Graph's error body; `$batch` items pass through this stage one by one, so they are
 * throttled individually and come back as 429 items inside a 200 envelope.
 */
import type { Clock } from "../clock";
import { graphError } from "../errors";
import { seededRandom } from "../faults";
import type { DispatchContext, SimResponse, Stage } from "../types";
import { SlidingWindow, TokenBucket } from "./limiters";

export interface ThrottleConfig {
  /**
   * Requests one app may have in flight against one mailbox.
   * @default 4
   */
  readonly mailboxConcurrency: number;
  /**
   * Requests one app may make against one mailbox per sliding window.
   * @default 10000
   */
  readonly mailboxWindowRequests: number;
  /**
   * Length of that window, in simulated seconds.
   * @default 600
   */
  readonly mailboxWindowSeconds: number;
  /**
   * Requests one app may make across the tenant per `appWindowSeconds` (token bucket).
   * @default 130000
   */
  readonly appRequests: number;
  /**
   * @default 10
   */
  readonly appWindowSeconds: number;
  /**
   * Directory resource units per app and tenant per 10 s; Graph sizes it by tenant:
   * see {@link directoryBudgetForTenantSize}.
   * @default 8000
   */
  readonly directoryResourceUnits: number;
  /**
   * Retry-After (simulated seconds) for a MailboxConcurrency 429: capacity frees when an
   * in-flight request ends, which Exchange cannot foresee either (inferred).
   * @default 1
   */
  readonly concurrencyRetryAfterSeconds: number;
  /**
   * Simulated ms a mailbox request holds its concurrency slot before it is processed: Exchange's
   * service time, which is what the 4-concurrent limit meters. Transport latency (the network) is
   * spent outside the slot, so without a service time requests over HTTP never overlap.
   * @default 0
   */
  readonly mailboxServiceMs: number;
  /**
   * Share (0–1) of requests throttled regardless of load, drawn from a seeded PRNG.
   * @default 0
   */
  readonly randomThrottleRate: number;
  /**
   * Retry-After (simulated seconds) of those random 429s.
   * @default 1
   */
  readonly randomRetryAfterSeconds: number;
  /**
   * @default 1
   */
  readonly seed: number;
}

export const DEFAULT_THROTTLE_CONFIG: ThrottleConfig = {
  mailboxConcurrency: 4,
  mailboxWindowRequests: 10_000,
  mailboxWindowSeconds: 600,
  appRequests: 130_000,
  appWindowSeconds: 10,
  directoryResourceUnits: 8_000,
  concurrencyRetryAfterSeconds: 1,
  mailboxServiceMs: 0,
  randomThrottleRate: 0,
  randomRetryAfterSeconds: 1,
  seed: 1,
};

/** Per app+tenant RU per 10 s: 3,500 (< 50 users), 5,000 (50–500), 8,000 (> 500) (docs/graph-behaviour.md#directory-resource-units). */
export function directoryBudgetForTenantSize(users: number): number {
  return users < 50 ? 3_500 : users <= 500 ? 5_000 : 8_000;
}

/** The `$batch` envelope route: its items are throttled one by one, the envelope is not. */
const BATCH_PATTERN = "/$batch";

/** Resource units of a directory request (docs/graph-behaviour.md#directory-resource-units, cost adjustments). */
function resourceUnits(ctx: DispatchContext, base: number): number {
  const q = ctx.req.query;
  let cost = base;
  if (q.has("$select")) cost -= 1;
  if (q.has("$expand")) cost += 1;
  const top = Number(q.get("$top"));
  if (q.has("$top") && top < 20) cost -= 1;
  return Math.max(1, cost);
}

export type ThrottleStage = Stage & {
  /** Highest number of concurrent requests seen per mailbox (owner id). */
  peakConcurrency(): Record<string, number>;
  /** 429s answered so far. */
  throttledCount(): number;
  /** Forget all counters (windows, buckets, peaks, count). */
  reset(): void;
};

export function createThrottleStage(config: ThrottleConfig, clock: Pick<Clock, "now" | "toRealMs" | "sleep">): ThrottleStage {
  let inFlight = new Map<string, number>();
  let peaks = new Map<string, number>();
  let windows = new Map<string, SlidingWindow>();
  let appBuckets = new Map<string, TokenBucket>();
  let ruBuckets = new Map<string, TokenBucket>();
  let throttled = 0;
  let random = seededRandom(config.seed);

  const getOr = <T>(map: Map<string, T>, key: string, make: () => T): T => {
    let v = map.get(key);
    if (v === undefined) map.set(key, (v = make()));
    return v;
  };

  /** Retry-After in real seconds, millisecond precision, never 0. */
  const retryAfter = (simulatedMs: number): string => String(Math.max(1, Math.ceil(clock.toRealMs(simulatedMs))) / 1000);

  const mailboxThrottled = (ctx: DispatchContext, limit: string, waitMs: number): SimResponse => {
    throttled++;
    return graphError(ctx.req, 429, "ApplicationThrottled", `Application is over its ${limit} limit.`, { "retry-after": retryAfter(waitMs) });
  };

  /** Graph's generic 429 (fixture throttled-429.json), with its extra innerError fields. */
  const graphThrottled = (ctx: DispatchContext, waitMs: number, headers: Record<string, string> = {}): SimResponse => {
    throttled++;
    const res = graphError(ctx.req, 429, "TooManyRequests", "Please retry again later.", { "retry-after": retryAfter(waitMs), ...headers });
    const inner = (res.body as { error: { innerError: Record<string, string> } }).error.innerError;
    Object.assign(inner, { code: "429", status: "429", message: "Please retry after" });
    return res;
  };

  return {
    async handle(ctx, next) {
      if (ctx.route?.pattern === BATCH_PATTERN) return next();
      const { appId, tenantId } = ctx.req.principal;
      const now = clock.now();
      const mailbox = ctx.mailboxId;

      if (config.randomThrottleRate > 0 && random() < config.randomThrottleRate) {
        const wait = config.randomRetryAfterSeconds * 1000;
        return mailbox ? mailboxThrottled(ctx, "MailboxConcurrency", wait) : graphThrottled(ctx, wait);
      }
      const appWait = getOr(appBuckets, appId, () => new TokenBucket(config.appRequests, config.appWindowSeconds * 1000)).take(now);
      if (appWait > 0) return graphThrottled(ctx, appWait);

      if (mailbox !== undefined) {
        const key = `${appId}|${mailbox}`;
        const windowWait = getOr(windows, key, () => new SlidingWindow(config.mailboxWindowRequests, config.mailboxWindowSeconds * 1000)).take(now);
        // Exchange's message for the request-rate limit is not published; named like the concurrency
        // one (our naming, unverified).
        if (windowWait > 0) return mailboxThrottled(ctx, "MailboxRequestRate", windowWait);
        const running = inFlight.get(key) ?? 0;
        if (running >= config.mailboxConcurrency) return mailboxThrottled(ctx, "MailboxConcurrency", config.concurrencyRetryAfterSeconds * 1000);
        inFlight.set(key, running + 1);
        peaks.set(mailbox, Math.max(peaks.get(mailbox) ?? 0, running + 1));
        const counters = inFlight;
        try {
          if (config.mailboxServiceMs > 0) await clock.sleep(config.mailboxServiceMs);
          return await next();
        } finally {
          counters.set(key, (counters.get(key) ?? 1) - 1);
        }
      }

      const base = ctx.route?.resourceUnits;
      if (base === undefined) return next();
      const cost = resourceUnits(ctx, base);
      const ruWait = getOr(ruBuckets, `${appId}|${tenantId}`, () => new TokenBucket(config.directoryResourceUnits, 10_000)).take(now, cost);
      if (ruWait > 0) {
        return graphThrottled(ctx, ruWait, {
          "x-ms-throttle-scope": `Tenant_Application/ReadWrite/${appId}/${tenantId}`,
          "x-ms-throttle-information": "ResourceUnitLimitExceeded",
        });
      }
      const res = await next();
      return { ...res, headers: { ...res.headers, "x-ms-resource-unit": String(cost) } };
    },
    peakConcurrency: () => Object.fromEntries(peaks),
    throttledCount: () => throttled,
    reset() {
      inFlight = new Map();
      peaks = new Map();
      windows = new Map();
      appBuckets = new Map();
      ruBuckets = new Map();
      throttled = 0;
      random = seededRandom(config.seed);
    },
  };
}

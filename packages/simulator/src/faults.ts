/**
 * Fault injection: by rate and seed, a request may get a 503 or 504 (with or without Retry-After:
 * "504 may occur together with 503", docs/graph-behaviour.md#retries-and-backoff), have its
 * connection reset before it is processed, or — the fault that makes naive clients create
 * duplicates — be committed and then lose its response (`drop-after`).
 *
 * Deterministic: one seeded PRNG draw per request that passes the method filter, in arrival order.
 * Inside a `$batch` only the status faults apply to items; connection faults hit the envelope
 * (a batch travels on one connection, so a drop takes the whole batch).
 */
import { graphError } from "./errors";
import type { DispatchContext, SimResponse, Stage } from "./types";

export type FaultKind = "503" | "503-retry-after" | "504" | "504-retry-after" | "reset-before" | "drop-after";

export interface FaultConfig {
  /**
   * Probability (0–1) of each fault per request; they add up and are drawn from one uniform
   * number, so their sum must be ≤ 1.
   * @default {} (no faults)
   */
  readonly rates: Partial<Record<FaultKind, number>>;
  /**
   * Only requests with these methods can fail (e.g. ["POST"] to target creates).
   * @default undefined (every method)
   */
  readonly methods?: readonly string[];
  /**
   * Retry-After, in seconds, on the `*-retry-after` faults.
   * @default 1
   */
  readonly retryAfterSeconds?: number;
  /**
   * PRNG seed: the same seed and request order give the same faults.
   * @default 1
   */
  readonly seed?: number;
}

/** mulberry32: a small, fast, seedable PRNG in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ORDER: readonly FaultKind[] = ["503", "503-retry-after", "504", "504-retry-after", "reset-before", "drop-after"];
const CONNECTION: ReadonlySet<FaultKind> = new Set(["reset-before", "drop-after"]);

export function createFaultStage(config: FaultConfig): Stage {
  const total = ORDER.reduce((sum, k) => sum + (config.rates[k] ?? 0), 0);
  if (total > 1 || ORDER.some((k) => (config.rates[k] ?? 0) < 0)) throw new RangeError(`fault rates must be ≥ 0 and sum to ≤ 1, got ${total}`);
  const random = seededRandom(config.seed ?? 1);
  const methods = config.methods?.map((m) => m.toUpperCase());
  const retryAfter = String(config.retryAfterSeconds ?? 1);

  const pick = (ctx: DispatchContext): FaultKind | undefined => {
    if (total === 0 || (methods && !methods.includes(ctx.req.method))) return undefined;
    let r = random();
    for (const kind of ORDER) {
      r -= config.rates[kind] ?? 0;
      if (r < 0) return ctx.req.inBatch && CONNECTION.has(kind) ? undefined : kind;
    }
    return undefined;
  };

  return {
    async handle(ctx, next): Promise<SimResponse> {
      const kind = pick(ctx);
      switch (kind) {
        case undefined:
          return next();
        case "reset-before":
          return { status: 0, drop: "reset-before" };
        case "drop-after":
          return { ...(await next()), drop: "drop-after" };
        case "503":
        case "503-retry-after":
          // serviceNotAvailable, "You may repeat the request after a delay, the length of which may
          // be specified in a Retry-After header." (https://learn.microsoft.com/graph/errors)
          return graphError(ctx.req, 503, "serviceNotAvailable", "The service is temporarily unavailable. You may repeat the request after a delay.", kind === "503" ? undefined : { "retry-after": retryAfter });
        case "504":
        case "504-retry-after":
          return graphError(ctx.req, 504, "gatewayTimeout", "The server did not receive a timely response from an upstream server.", kind === "504" ? undefined : { "retry-after": retryAfter });
      }
    },
  };
}

/**
 * Fault injection: by rate and seed, a request may get a 503 or 504 (with or without Retry-After:
 * "504 may occur together with 503", docs/graph-behaviour.md#retries-and-backoff), have its
 * connection reset before it is processed, or — the faults that make naive clients create
 * duplicates — be committed and then lose its response (`drop-after`), or be committed and answered
 * 503 or 504 all the same (`commit-then-503`, `commit-then-504`: a gateway that gave up while the
 * backend still wrote, docs/graph-behaviour.md#lost-responses). Those late commits name no
 * Retry-After: the gateway that gave up does not know how long the backend needs.
 *
 * Deterministic: one seeded PRNG draw per request that passes the method filter, in arrival order.
 * Inside a `$batch` only the status faults apply to items; connection faults hit the envelope
 * (a batch travels on one connection, so a drop takes the whole batch).
 */
import { graphError } from "./errors";
import type { DispatchContext, SimResponse, Stage } from "./types";

export type FaultKind = "503" | "503-retry-after" | "504" | "504-retry-after" | "reset-before" | "drop-after" | "commit-then-503" | "commit-then-504";

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

/** Every fault kind, in draw order. New kinds go last: a seed keeps drawing the same faults for the kinds that were there before. */
const FAULT_KINDS: readonly FaultKind[] = ["503", "503-retry-after", "504", "504-retry-after", "reset-before", "drop-after", "commit-then-503", "commit-then-504"];
const CONNECTION: ReadonlySet<FaultKind> = new Set(["reset-before", "drop-after"]);

// serviceNotAvailable, "You may repeat the request after a delay, the length of which may be
// specified in a Retry-After header." (https://learn.microsoft.com/graph/errors)
const unavailable = (ctx: DispatchContext, retryAfter: string | undefined): SimResponse =>
  graphError(ctx.req, 503, "serviceNotAvailable", "The service is temporarily unavailable. You may repeat the request after a delay.", retryAfter === undefined ? undefined : { "retry-after": retryAfter });

const gatewayTimeout = (ctx: DispatchContext, retryAfter: string | undefined): SimResponse =>
  graphError(ctx.req, 504, "gatewayTimeout", "The server did not receive a timely response from an upstream server.", retryAfter === undefined ? undefined : { "retry-after": retryAfter });

/** Faults injected so far, by kind: dropped responses (`drop-after`) and late 5xx after a commit (`commit-then-*`) apart. */
export type FaultCounts = Record<FaultKind, number>;

export type FaultStage = Stage & {
  counts(): FaultCounts;
  reset(): void;
};

const zeroCounts = (): FaultCounts => Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as FaultCounts;

export function createFaultStage(config: FaultConfig): FaultStage {
  const total = FAULT_KINDS.reduce((sum, k) => sum + (config.rates[k] ?? 0), 0);
  if (total > 1 || FAULT_KINDS.some((k) => (config.rates[k] ?? 0) < 0)) throw new RangeError(`fault rates must be ≥ 0 and sum to ≤ 1, got ${total}`);
  const random = seededRandom(config.seed ?? 1);
  const methods = config.methods?.map((m) => m.toUpperCase());
  const retryAfter = String(config.retryAfterSeconds ?? 1);
  let counts = zeroCounts();

  const pick = (ctx: DispatchContext): FaultKind | undefined => {
    if (total === 0 || (methods && !methods.includes(ctx.req.method))) return undefined;
    let r = random();
    for (const kind of FAULT_KINDS) {
      r -= config.rates[kind] ?? 0;
      if (r < 0) return ctx.req.inBatch && CONNECTION.has(kind) ? undefined : kind;
    }
    return undefined;
  };

  return {
    async handle(ctx, next): Promise<SimResponse> {
      const kind = pick(ctx);
      // A late 5xx needs a write that took effect; a refused one keeps its answer and counts no fault.
      if (kind === "commit-then-503" || kind === "commit-then-504") {
        const committed = await next();
        if (committed.status >= 400) return committed;
        counts[kind]++;
        return kind === "commit-then-503" ? unavailable(ctx, undefined) : gatewayTimeout(ctx, undefined);
      }
      if (kind !== undefined) counts[kind]++;
      switch (kind) {
        case undefined:
          return next();
        case "reset-before":
          return { status: 0, drop: "reset-before" };
        case "drop-after":
          return { ...(await next()), drop: "drop-after" };
        case "503":
        case "503-retry-after":
          return unavailable(ctx, kind === "503" ? undefined : retryAfter);
        case "504":
        case "504-retry-after":
          return gatewayTimeout(ctx, kind === "504" ? undefined : retryAfter);
      }
    },
    counts: () => ({ ...counts }),
    reset() {
      counts = zeroCounts();
    },
  };
}

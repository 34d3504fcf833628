/**
 * Request statistics for `GET /_sim/stats` — the first pipeline stage, so it sees every request that
 * reached dispatch, including `$batch` items (Graph counts them as requests), while the `$batch`
 * envelope is counted on its own (`requests.batches`). Throttling's own figures (throttled count,
 * peak concurrency per mailbox) are merged in from the throttle stage, and the faults injected, by
 * kind, from the fault stage (faults.ts) — dropped responses and late 5xx after a commit apart,
 * since both leave a committed write the client was not told about. Requests refused before
 * dispatch — 401 for the token, 400 for an unreadable body — are not counted.
 */
import type { FaultCounts, FaultStage } from "./faults";
import type { Stage } from "./types";

const METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"] as const;

/** What the throttle stage reports (packages/simulator/src/throttle/). */
export interface ThrottleFigures {
  throttledCount(): number;
  peakConcurrency(): Record<string, number>;
  reset?(): void;
}

export interface StatsSnapshot {
  requests: {
    total: number;
    batches: number;
    byMethod: Record<string, number>;
    byStatus: Record<string, number>;
  };
  throttled: number;
  peakConcurrency: Record<string, number>;
  /** Faults injected, by kind; empty without fault injection. */
  faults: Partial<FaultCounts>;
}

export interface Stats {
  readonly stage: Stage;
  snapshot(): StatsSnapshot;
  reset(): void;
  /** Attach the throttle stage's figures. */
  attach(figures: ThrottleFigures): void;
  /** Attach the fault stage's counts. */
  attachFaults(faults: Pick<FaultStage, "counts" | "reset">): void;
}

const BATCH_PATH = /^\/\$batch$/i;

export function createStats(): Stats {
  let total = 0;
  let batches = 0;
  let byMethod: Record<string, number> = {};
  let byStatus: Record<string, number> = {};
  let throttled: ThrottleFigures | undefined;
  let faults: Pick<FaultStage, "counts" | "reset"> | undefined;
  const zero = (): void => {
    total = 0;
    batches = 0;
    byMethod = Object.fromEntries(METHODS.map((m) => [m, 0]));
    byStatus = {};
  };
  zero();
  return {
    stage: {
      async handle(ctx, next) {
        if (BATCH_PATH.test(ctx.req.path)) {
          batches++;
          return next();
        }
        total++;
        byMethod[ctx.req.method] = (byMethod[ctx.req.method] ?? 0) + 1;
        const res = await next();
        byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
        return res;
      },
    },
    snapshot: () => ({
      requests: { total, batches, byMethod: { ...byMethod }, byStatus: { ...byStatus } },
      throttled: throttled?.throttledCount() ?? 0,
      peakConcurrency: throttled?.peakConcurrency() ?? {},
      faults: faults?.counts() ?? {},
    }),
    reset() {
      zero();
      throttled?.reset?.();
      faults?.reset();
    },
    attach(figures) {
      throttled = figures;
    },
    attachFaults(stage) {
      faults = stage;
    },
  };
}

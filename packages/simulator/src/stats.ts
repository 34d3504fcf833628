/**
 * Request statistics for `GET /_sim/stats` — the first pipeline stage, so it sees every request that
 * reached dispatch, including `$batch` items (Graph counts them as requests), while the `$batch`
 * envelope is counted on its own (`requests.batches`). `toMailboxes` counts the requests addressed to a
 * mailbox (the rest are the directory's), `succeededByMethod` the 2xx answers per method — what a
 * client really wrote, whatever it retried. Throttling's own figures (throttled count,
 * peak concurrency per mailbox) are merged in from the throttle stage. Requests refused before
 * dispatch — 401 for the token, 400 for an unreadable body — are not counted.
 */
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
    toMailboxes: number;
    byMethod: Record<string, number>;
    byStatus: Record<string, number>;
    succeededByMethod: Record<string, number>;
  };
  throttled: number;
  peakConcurrency: Record<string, number>;
}

export interface Stats {
  readonly stage: Stage;
  snapshot(): StatsSnapshot;
  reset(): void;
  /** Attach the throttle stage's figures. */
  attach(figures: ThrottleFigures): void;
}

const BATCH_PATH = /^\/\$batch$/i;

export function createStats(): Stats {
  let total = 0;
  let batches = 0;
  let toMailboxes = 0;
  let byMethod: Record<string, number> = {};
  let byStatus: Record<string, number> = {};
  let succeededByMethod: Record<string, number> = {};
  let throttled: ThrottleFigures | undefined;
  const zero = (): void => {
    total = 0;
    batches = 0;
    toMailboxes = 0;
    byMethod = Object.fromEntries(METHODS.map((m) => [m, 0]));
    byStatus = {};
    succeededByMethod = Object.fromEntries(METHODS.map((m) => [m, 0]));
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
        if (ctx.mailboxId !== undefined) toMailboxes++;
        byMethod[ctx.req.method] = (byMethod[ctx.req.method] ?? 0) + 1;
        const res = await next();
        byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
        if (res.status >= 200 && res.status < 300) succeededByMethod[ctx.req.method] = (succeededByMethod[ctx.req.method] ?? 0) + 1;
        return res;
      },
    },
    snapshot: () => ({
      requests: { total, batches, toMailboxes, byMethod: { ...byMethod }, byStatus: { ...byStatus }, succeededByMethod: { ...succeededByMethod } },
      throttled: throttled?.throttledCount() ?? 0,
      peakConcurrency: throttled?.peakConcurrency() ?? {},
    }),
    reset() {
      zero();
      throttled?.reset?.();
    },
    attach(figures) {
      throttled = figures;
    },
  };
}

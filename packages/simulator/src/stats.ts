/**
 * Request statistics for `GET /_sim/stats` — the first pipeline stage, so it sees every request that
 * reached dispatch, including `$batch` items (Graph counts them as requests), while the `$batch`
 * envelope is counted on its own (`requests.batches`). `toMailboxes` counts the requests addressed to a
 * mailbox (the rest are the directory's), `succeededByMethod` the 2xx answers per method — what a
 * client really wrote, whatever it retried. Throttling's own figures (throttled count,
 * peak concurrency per mailbox) are merged in from the throttle stage, and the faults injected, by
 * kind, from the fault stage (faults.ts) — dropped responses and late 5xx after a commit apart,
 * since both leave a committed write the client was not told about. Requests refused before
 * dispatch — 401 for the token, 400 for an unreadable body — are not counted.
 */
import type { FaultCounts, FaultStage } from "./faults";
import type { Stage } from "./types";

const METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"] as const;

/** Photo requests, by kind: what the photo benchmark and tests count (docs/graph-behaviour.md#photos). */
export interface PhotoCounts {
  /** `GET /users/{id}/photo`: a user photo's metadata (its ETag). */
  userMetadata: number;
  /** `GET /users/{id}/photo/$value`: a user photo's bytes. */
  userBytes: number;
  /** `GET …/contacts/{id}/photo/$value`: a contact photo's bytes. */
  contactReads: number;
  /** `PUT|PATCH …/contacts/{id}/photo/$value`: a contact photo written. */
  contactWrites: number;
}

const USER_PHOTO = /^\/users\/[^/]+\/photo$/i;
const USER_PHOTO_BYTES = /^\/users\/[^/]+\/photo\/\$value$/i;
const CONTACT_PHOTO_BYTES = /\/contacts\/[^/]+\/photo\/\$value$/i;

function photoKind(method: string, path: string): keyof PhotoCounts | undefined {
  if (method === "GET" && USER_PHOTO.test(path)) return "userMetadata";
  if (method === "GET" && USER_PHOTO_BYTES.test(path)) return "userBytes";
  if (!CONTACT_PHOTO_BYTES.test(path)) return undefined;
  if (method === "GET") return "contactReads";
  return method === "PUT" || method === "PATCH" ? "contactWrites" : undefined;
}

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
    photos: PhotoCounts;
    succeededByMethod: Record<string, number>;
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
  let toMailboxes = 0;
  let byMethod: Record<string, number> = {};
  let byStatus: Record<string, number> = {};
  let photos: PhotoCounts = { userMetadata: 0, userBytes: 0, contactReads: 0, contactWrites: 0 };
  let succeededByMethod: Record<string, number> = {};
  let throttled: ThrottleFigures | undefined;
  let faults: Pick<FaultStage, "counts" | "reset"> | undefined;
  const zero = (): void => {
    total = 0;
    batches = 0;
    toMailboxes = 0;
    byMethod = Object.fromEntries(METHODS.map((m) => [m, 0]));
    byStatus = {};
    photos = { userMetadata: 0, userBytes: 0, contactReads: 0, contactWrites: 0 };
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
        const photo = photoKind(ctx.req.method, ctx.req.path);
        if (photo !== undefined) photos[photo]++;
        const res = await next();
        byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
        if (res.status >= 200 && res.status < 300) succeededByMethod[ctx.req.method] = (succeededByMethod[ctx.req.method] ?? 0) + 1;
        return res;
      },
    },
    snapshot: () => ({
      requests: { total, batches, toMailboxes, byMethod: { ...byMethod }, byStatus: { ...byStatus }, succeededByMethod: { ...succeededByMethod }, photos: { ...photos } },
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

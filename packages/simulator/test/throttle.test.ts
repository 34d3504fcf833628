import { describe, expect, it } from "vitest";
import { DEFAULT_THROTTLE_CONFIG, createThrottleStage, directoryBudgetForTenantSize, type ThrottleConfig } from "../src/throttle";
import { SlidingWindow, TokenBucket } from "../src/throttle/limiters";
import type { DispatchContext, Route, SimResponse } from "../src/types";

const APP = "app-1";
const TENANT = "tenant-1";

/** A manual clock: simulated ms, with `scale` simulated seconds per real second. */
function manualClock(scale = 1) {
  let t = 0;
  return { now: () => t, toRealMs: (ms: number) => ms / scale, sleep: () => Promise.resolve(), advance: (ms: number) => void (t += ms) };
}

const route = (extra: Partial<Route> = {}): Route => ({ method: "GET", pattern: "/x", anyOf: [], handler: () => ({ status: 200 }), ...extra });

function ctx(opts: { mailboxId?: string; route?: Route; query?: string; appId?: string } = {}): DispatchContext {
  return {
    req: {
      method: "GET",
      path: "/x",
      query: new URLSearchParams(opts.query ?? ""),
      headers: {},
      body: undefined,
      principal: { appId: opts.appId ?? APP, tenantId: TENANT, roles: [] },
      baseUrl: "https://sim/v1.0",
      requestId: "r",
      inBatch: false,
    },
    route: opts.route ?? route(),
    params: {},
    mailboxId: opts.mailboxId,
  };
}

const ok = (): Promise<SimResponse> => Promise.resolve({ status: 200, headers: {} });
const config = (over: Partial<ThrottleConfig>): ThrottleConfig => ({ ...DEFAULT_THROTTLE_CONFIG, ...over });
const code = (res: SimResponse): unknown => (res.body as { error?: { code?: string } } | undefined)?.error?.code;

describe("limiters", () => {
  it("sliding window: admits `limit` per window, then says when the oldest bucket leaves", () => {
    const w = new SlidingWindow(3, 1000);
    expect([w.take(0), w.take(100), w.take(200)]).toEqual([0, 0, 0]);
    expect(w.take(300)).toBe(700);
    expect(w.take(1000)).toBe(0);
  });

  it("token bucket: refills evenly and reports the wait for the missing tokens", () => {
    const b = new TokenBucket(10, 1000);
    expect(b.take(0, 10)).toBe(0);
    expect(b.take(0, 5)).toBe(500);
    expect(b.take(500, 5)).toBe(0);
  });
});

describe("throttle stage", () => {
  it("lets 4 requests per (app, mailbox) run at once; the 5th gets 429 ApplicationThrottled", async () => {
    const stage = createThrottleStage(DEFAULT_THROTTLE_CONFIG, manualClock(10));
    const release: Array<() => void> = [];
    const slow = () => new Promise<SimResponse>((resolve) => release.push(() => resolve({ status: 200 })));
    const running = [1, 2, 3, 4].map(() => stage.handle(ctx({ mailboxId: "m1" }), slow));
    const fifth = await stage.handle(ctx({ mailboxId: "m1" }), ok);
    expect([fifth.status, code(fifth)]).toEqual([429, "ApplicationThrottled"]);
    expect((fifth.body as { error: { message: string } }).error.message).toBe("Application is over its MailboxConcurrency limit.");
    expect(fifth.headers?.["retry-after"]).toBe("0.1");
    // Other mailboxes and other apps are unaffected.
    expect((await stage.handle(ctx({ mailboxId: "m2" }), ok)).status).toBe(200);
    expect((await stage.handle(ctx({ mailboxId: "m1", appId: "app-2" }), ok)).status).toBe(200);
    release.forEach((r) => r());
    await Promise.all(running);
    expect((await stage.handle(ctx({ mailboxId: "m1" }), ok)).status).toBe(200);
    expect(stage.peakConcurrency()).toEqual({ m1: 4, m2: 1 });
    expect(stage.throttledCount()).toBe(1);
  });

  it("holds the slot for the mailbox service time, so overlapping requests meet the concurrency limit", async () => {
    const sleeps: number[] = [];
    let wake: () => void = () => undefined;
    const clock = { ...manualClock(), sleep: (ms: number) => (sleeps.push(ms), new Promise<void>((r) => (wake = r))) };
    const stage = createThrottleStage(config({ mailboxServiceMs: 40, mailboxConcurrency: 1 }), clock);
    const first = stage.handle(ctx({ mailboxId: "m1" }), ok);
    const second = await stage.handle(ctx({ mailboxId: "m1" }), ok);
    expect([sleeps, second.status]).toEqual([[40], 429]);
    wake();
    expect((await first).status).toBe(200);
  });

  it("limits requests per mailbox per sliding window, with Retry-After scaled to real seconds", async () => {
    const clock = manualClock(60);
    const stage = createThrottleStage(config({ mailboxWindowRequests: 2, mailboxWindowSeconds: 600 }), clock);
    await stage.handle(ctx({ mailboxId: "m1" }), ok);
    await stage.handle(ctx({ mailboxId: "m1" }), ok);
    const res = await stage.handle(ctx({ mailboxId: "m1" }), ok);
    expect(code(res)).toBe("ApplicationThrottled");
    expect(Number(res.headers?.["retry-after"])).toBeCloseTo(10, 3);
    clock.advance(600_000);
    expect((await stage.handle(ctx({ mailboxId: "m1" }), ok)).status).toBe(200);
  });

  it("applies the global per-app rate with Graph's TooManyRequests body", async () => {
    const stage = createThrottleStage(config({ appRequests: 2, appWindowSeconds: 10 }), manualClock());
    await stage.handle(ctx(), ok);
    await stage.handle(ctx({ mailboxId: "m1" }), ok);
    const res = await stage.handle(ctx(), ok);
    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({
      error: { code: "TooManyRequests", message: "Please retry again later.", innerError: { code: "429", status: "429", message: "Please retry after" } },
    });
    expect(res.headers?.["retry-after"]).toBe("5");
  });

  it.each([
    ["GET users (2 RU)", 2, "", 2],
    ["with $select (−1)", 2, "$select=id", 1],
    ["with $expand (+1)", 1, "$expand=members", 2],
    ["with $top<20 (−1), minimum 1", 1, "$top=5", 1],
    ["transitiveMembers (5 RU)", 5, "", 5],
  ])("costs directory resource units: %s", async (_n, base, query, cost) => {
    const stage = createThrottleStage(DEFAULT_THROTTLE_CONFIG, manualClock());
    const res = await stage.handle(ctx({ route: route({ resourceUnits: base }), query }), ok);
    expect(res.headers?.["x-ms-resource-unit"]).toBe(String(cost));
  });

  it("throttles directory requests beyond the RU budget with the throttle scope header", async () => {
    const stage = createThrottleStage(config({ directoryResourceUnits: 4 }), manualClock());
    const users = route({ resourceUnits: 2 });
    await stage.handle(ctx({ route: users }), ok);
    await stage.handle(ctx({ route: users }), ok);
    const res = await stage.handle(ctx({ route: users }), ok);
    expect(res.status).toBe(429);
    expect(res.headers?.["x-ms-throttle-scope"]).toBe(`Tenant_Application/ReadWrite/${APP}/${TENANT}`);
  });

  it.each([
    [10, 3_500],
    [50, 5_000],
    [500, 5_000],
    [501, 8_000],
  ])("sizes the directory budget for a tenant of %i users: %i RU / 10 s", (users, budget) => {
    expect(directoryBudgetForTenantSize(users)).toBe(budget);
  });

  it("throttles a seeded share of requests, the same ones for the same seed", async () => {
    const run = async (seed: number) => {
      const stage = createThrottleStage(config({ randomThrottleRate: 0.3, seed }), manualClock());
      const out: number[] = [];
      for (let i = 0; i < 200; i++) out.push((await stage.handle(ctx({ mailboxId: `m${i}` }), ok)).status);
      return out;
    };
    const a = await run(7);
    expect(a).toEqual(await run(7));
    expect(a).not.toEqual(await run(8));
    const share = a.filter((s) => s === 429).length / a.length;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.4);
  });

  it("does not count the $batch envelope (its items are counted one by one)", async () => {
    const stage = createThrottleStage(config({ appRequests: 1 }), manualClock());
    await stage.handle(ctx({ route: route({ method: "POST", pattern: "/$batch" }) }), ok);
    expect((await stage.handle(ctx(), ok)).status).toBe(200);
  });

  it("reset() forgets windows, peaks and the count", async () => {
    const stage = createThrottleStage(config({ mailboxWindowRequests: 1 }), manualClock());
    await stage.handle(ctx({ mailboxId: "m1" }), ok);
    await stage.handle(ctx({ mailboxId: "m1" }), ok);
    stage.reset();
    expect([stage.throttledCount(), stage.peakConcurrency()]).toEqual([0, {}]);
    expect((await stage.handle(ctx({ mailboxId: "m1" }), ok)).status).toBe(200);
  });
});

import { describe, expect, it } from "vitest";
import { applySeconds, EXCHANGE_SERVICE_LIMITS, mailboxSeconds, type Bottleneck, type ServiceLimits, type Workload } from "../../src/graph/apply-time";

/** The benchmark's scaled-down limits: 4 at once, 200 per 20 s per mailbox (bench/buyer.ts). */
const SCALED: ServiceLimits = { mailboxConcurrency: 4, mailboxRequests: 200, mailboxWindowSeconds: 20, appRequests: 78_000, appWindowSeconds: 10 };

describe("mailboxSeconds", () => {
  it.each<[string, number, number, ServiceLimits, number]>([
    ["nothing to do", 0, 0.2, EXCHANGE_SERVICE_LIMITS, 0],
    ["a few requests: one round trip", 3, 0.2, EXCHANGE_SERVICE_LIMITS, 0.2],
    ["1,000 writes four at a time, within the window", 1_000, 0.2, EXCHANGE_SERVICE_LIMITS, 50],
    ["exactly the window's budget: no wait", 10_000, 0.2, EXCHANGE_SERVICE_LIMITS, 500],
    ["one more than the budget waits for the window", 10_001, 0.2, EXCHANGE_SERVICE_LIMITS, 600.2],
    ["slow requests: concurrency binds, never the window", 20_000, 1, EXCHANGE_SERVICE_LIMITS, 5_000],
    // 200 in 50 bursts of 150 ms, then at 20 s and 40 s the next 200 each: 40 + 30 × 0.15.
    ["the benchmark's limits, three windows", 520, 0.15, SCALED, 44.5],
  ])("%s", (_name, requests, latency, limits, seconds) => {
    expect(mailboxSeconds(requests, latency, limits)).toBeCloseTo(seconds, 6);
  });
});

describe("applySeconds", () => {
  it.each<[string, Workload, ServiceLimits, number, Bottleneck]>([
    // 1,000 contacts × 1,000 mailboxes (README "Performance").
    ["1,000 × 1,000 at --concurrency 64", { requests: 1e6, busiest: 1_000, concurrency: 64, latencySeconds: 0.2 }, EXCHANGE_SERVICE_LIMITS, 781.25, "concurrency"],
    ["1,000 × 1,000 at --concurrency 1,000", { requests: 1e6, busiest: 1_000, concurrency: 1_000, latencySeconds: 0.2 }, EXCHANGE_SERVICE_LIMITS, 1e6 / 13_000, "app"],
    ["10,000 × 10,000: the app's limit", { requests: 1e8, busiest: 10_000, concurrency: 10_000, latencySeconds: 0.2 }, EXCHANGE_SERVICE_LIMITS, 1e8 / 13_000, "app"],
    ["one mailbox past its window", { requests: 12_000, busiest: 12_000, concurrency: 8, latencySeconds: 0.2 }, EXCHANGE_SERVICE_LIMITS, 700, "mailbox-rate"],
    ["the benchmark: 12 mailboxes × 520 all at once", { requests: 6_240, busiest: 520, concurrency: 12, latencySeconds: 0.15 }, SCALED, 44.5, "mailbox-rate"],
    ["the benchmark at half the mailboxes at once", { requests: 6_240, busiest: 520, concurrency: 6, latencySeconds: 0.15 }, SCALED, 89, "concurrency"],
  ])("%s", (_name, workload, limits, seconds, bottleneck) => {
    const bound = applySeconds(workload, limits);
    expect(bound.seconds).toBeCloseTo(seconds, 6);
    expect(bound.bottleneck).toBe(bottleneck);
  });
});

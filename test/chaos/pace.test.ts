/**
 * Chaos scenario, keeping the pace: a 429 that load did not cause (Exchange's random refusals,
 * a failover) must not pin a mailbox at one request in flight. The same tenant is applied once
 * without throttling and once with 10 % of requests answered 429 (the throttle stage's random
 * refusals, with a Retry-After); the tenant reports the most requests it saw in flight per mailbox,
 * and the with-storm write rate must be at least (1 − 429 share) × 0.8 of the calm one.
 */
import { describe, expect, it } from "vitest";
import { startChaosTenant } from "./chaos-tenant";
import { recordedApply } from "./recorded-apply";
import { chaosSize, noSurvival, report } from "./survival";

const size = chaosSize({ seeds: 1, users: 30, mailboxes: 6 });
const SHARE = 0.1;
/**
 * Two mailboxes at a time and 100 ms per request: the write rate is bound by requests in flight
 * per mailbox (2 × 4 / 0.1 s = 80 writes/s at most), not by the CPU of a shared test machine.
 */
const MAILBOXES_AT_ONCE = 2;

interface Pace {
  /** While writing (recorded-apply.ts). */
  readonly writesPerSecond: number;
  /** Median over mailboxes of cync's writes in flight to the mailbox, averaged over its busy time. */
  readonly inFlight: number;
  readonly faults: number;
  readonly retries: number;
}

async function measure(randomThrottleRate: number): Promise<Pace> {
  // Latency is spent inside the mailbox's concurrency slot, so requests overlap as they do at Exchange;
  // Retry-After: 1 simulated second = 200 ms real.
  const t = await startChaosTenant({ users: size.users, mailboxes: size.mailboxes, seed: 5, timeScale: 5, latencyMs: 100, throttle: { randomThrottleRate, randomRetryAfterSeconds: 1, seed: 11 } });
  try {
    const { report, inFlight, writingMs } = await recordedApply(t.handle, t.env, t.policiesDir, t.stateDir, MAILBOXES_AT_ONCE);
    expect(report.failures).toEqual([]);
    expect((await t.judge()).diverged).toEqual([]);
    const writes = report.summary.create + report.summary.update + report.summary.delete;
    const sorted = [...inFlight].sort((a, b) => a - b);
    return { writesPerSecond: writes / (writingMs / 1000), inFlight: sorted[Math.floor(sorted.length / 2)] ?? 0, faults: await t.faults(), retries: report.retries };
  } finally {
    await t.close();
  }
}

describe(`pace under ${SHARE * 100} % random 429s: ${size.users} users, ${size.mailboxes} mailboxes`, () => {
  it("keeps several requests in flight per mailbox and at least (1 − share) × 0.8 of the calm write rate", async () => {
    const calm = await measure(0);
    const storm = await measure(SHARE);
    console.log(
      `pace: calm ${calm.writesPerSecond.toFixed(1)} writes/s, ${calm.inFlight.toFixed(2)} in flight per mailbox (median); ` +
        `${SHARE * 100} % 429s ${storm.writesPerSecond.toFixed(1)} writes/s, ${storm.inFlight.toFixed(2)} in flight per mailbox`,
    );
    report("pace", { ...noSurvival(), faults: storm.faults, retries: calm.retries + storm.retries });
    expect(storm.inFlight).toBeGreaterThan(2);
    expect(storm.writesPerSecond).toBeGreaterThanOrEqual((1 - SHARE) * 0.8 * calm.writesPerSecond);
  }, 300_000);
});

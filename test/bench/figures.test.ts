/**
 * The arithmetic behind `npm run bench`'s figures (bench/figures.ts): a refactor of the benchmark
 * cannot silently change what bench/results/latest.json's fields mean.
 */
import { describe, expect, it } from "vitest";
import {
  chosenThroughput,
  cpuFigures,
  loadFigures,
  ratio,
  renderTable,
  tenantCounts,
  throughputFigures,
  vsPeer,
  type LoadRuns,
  type TableInput,
  type TenantCounts,
  type ThroughputFigures,
} from "../../bench/figures";

const counts = (over: Partial<TenantCounts> = {}): TenantCounts => ({ requests: 0, toMailboxes: 0, writeRequests: 0, writes: 0, throttled: 0, ...over });

describe("tenantCounts", () => {
  it("reads writes from every write method, attempted and answered 2xx", () => {
    const stats = {
      requests: { total: 20, toMailboxes: 15, byMethod: { GET: 8, POST: 6, PATCH: 3, PUT: 1, DELETE: 2 }, succeededByMethod: { GET: 8, POST: 5, PATCH: 3, PUT: 0, DELETE: 2 } },
      throttled: 1,
    };
    expect(tenantCounts(stats)).toEqual({ requests: 20, toMailboxes: 15, writeRequests: 12, writes: 10, throttled: 1 });
  });
});

describe("ratio", () => {
  it.each<[number, number, number | null]>([
    [3, 2, 1.5],
    [1, 3, 0.3333],
    [5, 0, null],
    [0, 5, 0],
  ])("%d ÷ %d = %s", (a, b, r) => expect(ratio(a, b)).toBe(r));
});

describe("loadFigures", () => {
  const runs: LoadRuns = {
    // 10 mailboxes × 1,000 contacts; 4 requests per mailbox and 12 directory pages besides.
    first: counts({ requests: 10_052, toMailboxes: 10_040, writeRequests: 10_010, writes: 10_010 }),
    contactsWritten: 10_000,
    steady: counts({ requests: 11, toMailboxes: 10 }),
    cold: counts({ requests: 32, toMailboxes: 30 }),
    churn: counts({ requests: 111, toMailboxes: 110, writeRequests: 100, writes: 100 }),
    changedUsers: 10,
    mailboxes: 10,
  };
  it.each<[keyof ReturnType<typeof loadFigures>, number | null]>([
    ["requestsPerWrite", 1.0052],
    ["steadyStateWrites", 0],
    ["steadyStateReadsPerMailbox", 1],
    ["coldStateWrites", 0],
    ["coldStateReadsPerMailbox", 3],
    ["churnWriteRatio", 1],
    ["churnRequestsPerWrite", 1.11],
  ])("%s", (field, value) => expect(loadFigures(runs)[field]).toBe(value));

  it("counts attempted writes in a run that should write nothing, answered or not", () => {
    expect(loadFigures({ ...runs, steady: counts({ writeRequests: 2, writes: 0 }) }).steadyStateWrites).toBe(2);
  });

  it("counts a delete and a re-create per changed contact as two writes (the peer's pattern)", () => {
    expect(loadFigures({ ...runs, churn: counts({ writes: 200 }) }).churnWriteRatio).toBe(2);
  });
});

describe("throughputFigures", () => {
  it.each<[string, number, number, number, number | null, number]>([
    ["at the bound", 20, 20, 1_000, 1, 50],
    ["slower than the bound", 25, 20, 1_000, 0.8, 40],
    ["no writes timed", 0, 20, 0, 0, 0],
  ])("%s", (_name, seconds, boundSeconds, writes, throughputRatio, writesPerSecond) => {
    const f = throughputFigures({ concurrency: 8, seconds, boundSeconds, counts: counts({ requests: writes * 2, writes, throttled: 10 }), failedWrites: 0 });
    expect(f.throughputRatio).toBe(seconds === 0 ? null : throughputRatio);
    expect(f.writesPerSecond).toBe(writesPerSecond);
    expect(f.throttledShare).toBe(writes === 0 ? null : 10 / (writes * 2));
  });
});

describe("chosenThroughput", () => {
  const run = (concurrency: number, throughputRatio: number, throttledShare: number, failedWrites = 0): ThroughputFigures => ({
    concurrency,
    writesPerSecond: 0,
    boundWritesPerSecond: 0,
    throughputRatio,
    throttledShare,
    failedWrites,
  });
  it.each<[string, ThroughputFigures[], number]>([
    ["the lowest concurrency meeting both targets", [run(16, 0.97, 0.01), run(8, 0.96, 0), run(4, 0.5, 0)], 8],
    ["not one with failed writes", [run(8, 0.99, 0, 3), run(16, 0.96, 0)], 16],
    ["not one throttled too often", [run(8, 0.99, 0.05), run(16, 0.96, 0.01)], 16],
    ["the best ratio when none meets them", [run(4, 0.5, 0), run(8, 0.9, 0.03)], 8],
  ])("%s", (_name, runs, concurrency) => expect(chosenThroughput(runs)?.concurrency).toBe(concurrency));
});

describe("cpuFigures", () => {
  it.each<[number, number, number | null, number | null]>([
    [2_000_000, 4_000, 500, 2_000],
    [1_000, 0, null, null],
  ])("%d µs over %d writes", (cpu, writes, perWrite, perCore) => {
    expect(cpuFigures(cpu, writes)).toEqual({ cpuMicrosPerWrite: perWrite, writesPerSecondPerCore: perCore });
  });
});

describe("vsPeer", () => {
  it("says how many times better cync is: peer ÷ cync, and cync ÷ peer for throughput", () => {
    const cync = { requestsPerWrite: 1.004, steadyStateReadsPerMailbox: 1, churnWriteRatio: 1, throughputRatio: 0.95 };
    const peer = { requestsPerWrite: 3.012, steadyStateReadsPerMailbox: 560, churnWriteRatio: 2, throughputRatio: 0.05 };
    expect(vsPeer(cync, peer)).toEqual({ requestsPerWrite: 3, steadyStateReadsPerMailbox: 560, churnWriteRatio: 2, throughputRatio: 19 });
  });

  it("gives no ratio where either side has no figure", () => {
    const none = { requestsPerWrite: null, steadyStateReadsPerMailbox: null, churnWriteRatio: null, throughputRatio: null };
    expect(vsPeer(none, { requestsPerWrite: 3, steadyStateReadsPerMailbox: 1, churnWriteRatio: 2, throughputRatio: 0.1 }).requestsPerWrite).toBeNull();
  });
});

describe("renderTable", () => {
  const input: TableInput = {
    requestsPerWrite: 1.004,
    steadyStateWrites: 0,
    steadyStateReadsPerMailbox: 1,
    coldStateWrites: 0,
    coldStateReadsPerMailbox: 3,
    churnWriteRatio: 1,
    churnRequestsPerWrite: 1.1,
    throughputRatio: 0.9,
    throttledShare: 0,
    concurrency: 8,
    cpuMicrosPerWrite: 900,
    writesPerSecondPerCore: 1_111,
    peakRssMB: 600,
    rssGrowth: 1.2,
    peer: { requestsPerWrite: 3, steadyStateReadsPerMailbox: 560, churnWriteRatio: 2, throughputRatio: 0.05 },
    vsPeer: { requestsPerWrite: 2.988, steadyStateReadsPerMailbox: 560, churnWriteRatio: 2, throughputRatio: 18 },
  };
  const rows = renderTable(input).trim().split("\n");

  it.each<[string, string]>([
    ["requestsPerWrite", "| `requestsPerWrite` | first load: Graph requests per contact written | 1.004 | ≤ 1.01 | yes | 3 | 3× |"],
    ["throughputRatio", "| `throughputRatio` | write rate ÷ the tenant's bound (--concurrency 8) | 0.9 | ≥ 0.95 | no | 0.05 | 18× |"],
    ["cpuMicrosPerWrite", "| `cpuMicrosPerWrite` | cync's CPU time per write, µs | 900 | — |  |  |  |"],
    ["rssGrowth", "| `rssGrowth` | peak RSS at 200 ÷ at 50 mailboxes | 1.2 | < 4 (sub-linear) | yes |  |  |"],
  ])("shows %s with its target, whether it is met, and the peer", (field, line) => {
    expect(rows.find((r) => r.startsWith(`| \`${field}\``))).toBe(line);
  });

  it("has a header, a rule and one row per figure", () => expect(rows).toHaveLength(2 + 11));
});

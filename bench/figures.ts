/**
 * The figures `npm run bench` reports (bench/buyer.ts), derived from raw counts by pure functions so
 * the arithmetic is tested (test/bench/figures.test.ts) apart from the runs that produce the counts.
 * Field names are part of bench/results/latest.json's public shape.
 */

/** Targets of the figures (README "Performance"). */
export const TARGETS = {
  requestsPerWrite: 1.01,
  steadyStateWrites: 0,
  steadyStateReadsPerMailbox: 1,
  coldStateWrites: 0,
  churnWriteRatio: 1,
  throughputRatio: 0.95,
  throttledShare: 0.02,
  peakRssMB: 1024,
} as const;

/** What the tenant's statistics (`GET /_sim/stats`) say about one run. */
export interface TenantCounts {
  /** Graph requests of every kind, throttled ones included. */
  readonly requests: number;
  /** Of those, requests addressed to a mailbox. */
  readonly toMailboxes: number;
  /** POST, PATCH, PUT and DELETE requests, whatever their answer. */
  readonly writeRequests: number;
  /** Of those, the ones answered 2xx. */
  readonly writes: number;
  /** Requests answered 429. */
  readonly throttled: number;
}

const WRITE_METHODS = ["POST", "PATCH", "PUT", "DELETE"] as const;

/** The shape of `GET /_sim/stats` this module reads. */
export interface StatsLike {
  readonly requests: {
    readonly total: number;
    readonly toMailboxes: number;
    readonly byMethod: Readonly<Record<string, number>>;
    readonly succeededByMethod: Readonly<Record<string, number>>;
  };
  readonly throttled: number;
}

export function tenantCounts(stats: StatsLike): TenantCounts {
  const sum = (by: Readonly<Record<string, number>>): number => WRITE_METHODS.reduce((n, m) => n + (by[m] ?? 0), 0);
  return {
    requests: stats.requests.total,
    toMailboxes: stats.requests.toMailboxes,
    writeRequests: sum(stats.requests.byMethod),
    writes: sum(stats.requests.succeededByMethod),
    throttled: stats.throttled,
  };
}

/** a ÷ b rounded to 4 decimals; null when b is 0 (no figure rather than Infinity or NaN). */
export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : Math.round((a / b) * 10_000) / 10_000;
}

/** Figures 1–3: first load, a run with nothing changed (warm and cold state), 1 % of users changed. */
export interface LoadRuns {
  readonly first: TenantCounts;
  /** Contacts the first load left in the target mailboxes (counted in the tenant). */
  readonly contactsWritten: number;
  readonly steady: TenantCounts;
  readonly cold: TenantCounts;
  readonly churn: TenantCounts;
  readonly changedUsers: number;
  /** Target mailboxes; every changed user's contact is in each of them. */
  readonly mailboxes: number;
}

export interface LoadFigures {
  readonly requestsPerWrite: number | null;
  readonly steadyStateWrites: number;
  readonly steadyStateReadsPerMailbox: number | null;
  readonly coldStateWrites: number;
  readonly coldStateReadsPerMailbox: number | null;
  readonly churnWriteRatio: number | null;
  readonly churnRequestsPerWrite: number | null;
}

export function loadFigures(r: LoadRuns): LoadFigures {
  return {
    requestsPerWrite: ratio(r.first.requests, r.contactsWritten),
    steadyStateWrites: r.steady.writeRequests,
    steadyStateReadsPerMailbox: ratio(r.steady.toMailboxes, r.mailboxes),
    coldStateWrites: r.cold.writeRequests,
    coldStateReadsPerMailbox: ratio(r.cold.toMailboxes, r.mailboxes),
    churnWriteRatio: ratio(r.churn.writes, r.changedUsers * r.mailboxes),
    churnRequestsPerWrite: ratio(r.churn.requests, r.churn.writes),
  };
}

/** Figure 4: one apply against the scaled-down limits at one `--concurrency`. */
export interface ThroughputRun {
  readonly concurrency: number;
  /** Seconds from the first request to a mailbox until the apply ended. */
  readonly seconds: number;
  /** Seconds the workload needs at the tenant's limits (the bound, bench/buyer.ts). */
  readonly boundSeconds: number;
  readonly counts: TenantCounts;
  /** Writes the apply reported failed. */
  readonly failedWrites: number;
}

export interface ThroughputFigures {
  readonly concurrency: number;
  readonly writesPerSecond: number;
  readonly boundWritesPerSecond: number;
  readonly throughputRatio: number | null;
  readonly throttledShare: number | null;
  readonly failedWrites: number;
}

/** Achieved rate ÷ the bound's rate for the same writes, i.e. bound time ÷ achieved time. */
export function throughputFigures(run: ThroughputRun): ThroughputFigures {
  const rate = (seconds: number): number => (seconds > 0 ? Math.round((run.counts.writes / seconds) * 10) / 10 : 0);
  return {
    concurrency: run.concurrency,
    writesPerSecond: rate(run.seconds),
    boundWritesPerSecond: rate(run.boundSeconds),
    throughputRatio: ratio(run.boundSeconds, run.seconds),
    throttledShare: ratio(run.counts.throttled, run.counts.requests),
    failedWrites: run.failedWrites,
  };
}

/** The run the figures are quoted from: the lowest concurrency meeting both targets, else the best ratio. */
export function chosenThroughput(runs: readonly ThroughputFigures[]): ThroughputFigures | undefined {
  const meets = (f: ThroughputFigures): boolean =>
    (f.throughputRatio ?? 0) >= TARGETS.throughputRatio && (f.throttledShare ?? 1) <= TARGETS.throttledShare && f.failedWrites === 0;
  const passing = runs.filter(meets).sort((a, b) => a.concurrency - b.concurrency);
  return passing[0] ?? [...runs].sort((a, b) => (b.throughputRatio ?? 0) - (a.throughputRatio ?? 0))[0];
}

/** Figure 5: CPU time of cync's process per write, and the writes one core could drive. */
export function cpuFigures(cpuMicros: number, writes: number): { cpuMicrosPerWrite: number | null; writesPerSecondPerCore: number | null } {
  const perWrite = ratio(cpuMicros, writes);
  return { cpuMicrosPerWrite: perWrite === null ? null : Math.round(perWrite), writesPerSecondPerCore: perWrite ? Math.round(1e6 / perWrite) : null };
}

/** How many times better cync is than the peer on each figure (peer ÷ cync; for throughput cync ÷ peer). */
export function vsPeer(
  cync: { requestsPerWrite: number | null; steadyStateReadsPerMailbox: number | null; churnWriteRatio: number | null; throughputRatio: number | null },
  peer: { requestsPerWrite: number | null; steadyStateReadsPerMailbox: number | null; churnWriteRatio: number | null; throughputRatio: number | null },
): { requestsPerWrite: number | null; steadyStateReadsPerMailbox: number | null; churnWriteRatio: number | null; throughputRatio: number | null } {
  const over = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : ratio(a, b));
  return {
    requestsPerWrite: over(peer.requestsPerWrite, cync.requestsPerWrite),
    steadyStateReadsPerMailbox: over(peer.steadyStateReadsPerMailbox, cync.steadyStateReadsPerMailbox),
    churnWriteRatio: over(peer.churnWriteRatio, cync.churnWriteRatio),
    throughputRatio: over(cync.throughputRatio, peer.throughputRatio),
  };
}

/** A figure of the table: its JSON field, what it says, its value and its target. */
interface Row {
  readonly field: string;
  readonly what: string;
  readonly value: number | null;
  readonly target: string;
  readonly met: boolean | undefined;
}

/** What the table shows (bench/results/latest.json's fields). */
export interface TableInput extends LoadFigures {
  readonly throughputRatio: number | null;
  readonly throttledShare: number | null;
  readonly concurrency: number;
  readonly cpuMicrosPerWrite: number | null;
  readonly writesPerSecondPerCore: number | null;
  readonly peakRssMB: number;
  readonly rssGrowth: number | null;
  readonly peer: { readonly requestsPerWrite: number | null; readonly steadyStateReadsPerMailbox: number | null; readonly churnWriteRatio: number | null; readonly throughputRatio: number | null };
  readonly vsPeer: ReturnType<typeof vsPeer>;
}

const atMost = (v: number | null, t: number): boolean | undefined => (v === null ? undefined : v <= t);

function tableRows(r: TableInput): Row[] {
  return [
    { field: "requestsPerWrite", what: "first load: Graph requests per contact written", value: r.requestsPerWrite, target: `≤ ${TARGETS.requestsPerWrite}`, met: atMost(r.requestsPerWrite, TARGETS.requestsPerWrite) },
    { field: "steadyStateWrites", what: "nothing changed, warm state: writes", value: r.steadyStateWrites, target: "0", met: r.steadyStateWrites === 0 },
    { field: "steadyStateReadsPerMailbox", what: "nothing changed, warm state: requests per mailbox", value: r.steadyStateReadsPerMailbox, target: `≤ ${TARGETS.steadyStateReadsPerMailbox}`, met: atMost(r.steadyStateReadsPerMailbox, TARGETS.steadyStateReadsPerMailbox) },
    { field: "coldStateWrites", what: "nothing changed, state deleted: writes", value: r.coldStateWrites, target: "0", met: r.coldStateWrites === 0 },
    { field: "churnWriteRatio", what: "1 % of users changed: writes ÷ (changed × mailboxes)", value: r.churnWriteRatio, target: "1.00", met: r.churnWriteRatio === null ? undefined : r.churnWriteRatio === TARGETS.churnWriteRatio },
    { field: "throughputRatio", what: `write rate ÷ the tenant's bound (--concurrency ${r.concurrency})`, value: r.throughputRatio, target: `≥ ${TARGETS.throughputRatio}`, met: r.throughputRatio === null ? undefined : r.throughputRatio >= TARGETS.throughputRatio },
    { field: "throttledShare", what: "requests answered 429 in that run", value: r.throttledShare, target: `≤ ${TARGETS.throttledShare}`, met: atMost(r.throttledShare, TARGETS.throttledShare) },
    { field: "cpuMicrosPerWrite", what: "cync's CPU time per write, µs", value: r.cpuMicrosPerWrite, target: "—", met: undefined },
    { field: "writesPerSecondPerCore", what: "writes one core drives", value: r.writesPerSecondPerCore, target: "—", met: undefined },
    { field: "peakRssMB", what: "peak RSS of `cync plan`, MB", value: r.peakRssMB, target: `≤ ${TARGETS.peakRssMB}`, met: r.peakRssMB <= TARGETS.peakRssMB },
    { field: "rssGrowth", what: "peak RSS at 200 ÷ at 50 mailboxes", value: r.rssGrowth, target: "< 4 (sub-linear)", met: r.rssGrowth === null ? undefined : r.rssGrowth < 4 },
  ];
}

const show = (v: number | null): string => (v === null ? "—" : v.toLocaleString("en-US", { maximumFractionDigits: 4 }));

/** The table `npm run bench` prints and the README's "Performance" section shows: cync, its target, the peer and how many times better cync is. */
export function renderTable(r: TableInput): string {
  const peer: Record<string, [number | null, number | null]> = {
    requestsPerWrite: [r.peer.requestsPerWrite, r.vsPeer.requestsPerWrite],
    steadyStateReadsPerMailbox: [r.peer.steadyStateReadsPerMailbox, r.vsPeer.steadyStateReadsPerMailbox],
    churnWriteRatio: [r.peer.churnWriteRatio, r.vsPeer.churnWriteRatio],
    throughputRatio: [r.peer.throughputRatio, r.vsPeer.throughputRatio],
  };
  const lines = ["| Figure | What | cync | Target | Met | Peer | cync's advantage |", "|---|---|--:|--:|:-:|--:|--:|"];
  for (const row of tableRows(r)) {
    const compared = peer[row.field];
    const met = row.met === undefined ? "" : row.met ? "yes" : "no";
    const vs = compared?.[1] ?? null;
    lines.push(`| \`${row.field}\` | ${row.what} | ${show(row.value)} | ${row.target} | ${met} | ${compared === undefined ? "" : show(compared[0])} | ${vs === null ? "" : `${show(Math.round(vs * 10) / 10)}×`} |`);
  }
  return `${lines.join("\n")}\n`;
}

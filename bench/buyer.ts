/**
 * `npm run bench` (`-- --quick` for a scaled-down run of a few minutes): the figures a buyer asks
 * for, measured against the embedded tenant in a process of its own (bench/tenant-process.ts), with
 * cync's real CLI in another (bench/cync-process.ts), so requests are counted by the tenant and CPU
 * time and memory are cync's alone. Prints a table and writes bench/results/latest.json; the fields
 * and their targets are in bench/figures.ts and the README's "Performance".
 *
 * 1–3. load: first load, a run with nothing changed (warm, then with the state directory deleted),
 *      1 % of the users changed — on a tenant with Microsoft's limits.
 * 4.   throughput: the first load again on tenants whose per-mailbox limits are scaled down (4 in
 *      flight, 200 requests per 20 s, 150 ms service time; the app's limit scaled alike), so the bound
 *      is reached in a minute, at several `--concurrency`.
 * 5.   CPU: cync's process CPU time per write over the load runs.
 * 6.   memory: `cync plan` over a large directory into 50 and 200 mailboxes (peak RSS).
 * 7.   peer: tardispilot/GraphContactSync's request pattern (bench/peer.ts) on the same workloads —
 *      the same tenant and contacts per mailbox, on fewer of its mailboxes: the peer works through
 *      mailboxes one by one, so its per-mailbox figures do not depend on how many.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { applySeconds, type ServiceLimits } from "../src/graph/apply-time";
import { STAFF_POLICY } from "./ca";
import { cync, timeWrites, type CyncRun } from "./cync-run";
import {
  chosenThroughput,
  cpuFigures,
  loadFigures,
  ratio,
  renderTable,
  TARGETS,
  throughputFigures,
  vsPeer,
  type ThroughputFigures,
} from "./figures";
import { replayPeer, type PeerRun } from "./peer";
import { contactsInMailboxes, heldEverywhere, ROOT, startTenant, type Tenant, type TenantUser } from "./tenant";

const QUICK = process.argv.includes("--quick");
/** The machine's 1-minute load average when the run began: other work competes for the cores. */
const LOAD_AT_START = os.loadavg()[0];
const RESULT = path.join(ROOT, "bench/results/latest.json");

/**
 * Workload sizes: the full run, and the quick one (≤ 5 minutes on 2 cores). Contacts per mailbox
 * are about 0.43 × users (the generated tenant's enabled members with mail). The throughput
 * tenants' per-mailbox limits are Exchange's 4 at once and, for the rate, a window short enough to
 * be spent several times in a run: 10 requests/s (Exchange's 16.7/s × 0.6), the app's limit scaled
 * alike; 150 ms service time per request.
 */
const SIZES = QUICK
  ? {
      load: { users: 1_400, mailboxes: 6 },
      throughput: { users: 600, mailboxes: 4, concurrency: [4], limits: scaledLimits(100, 10) },
      memory: { users: 10_000, mailboxes: [50, 200] },
      peer: { mailboxes: 2, throughputSeconds: 10 },
    }
  : {
      load: { users: 2_400, mailboxes: 40 },
      throughput: { users: 1_220, mailboxes: 8, concurrency: [2, 4, 8, 16], limits: scaledLimits(200, 20) },
      memory: { users: 100_000, mailboxes: [50, 200] },
      peer: { mailboxes: 10, throughputSeconds: 30 },
    };

function scaledLimits(mailboxRequests: number, mailboxWindowSeconds: number): ServiceLimits {
  return { mailboxConcurrency: 4, mailboxRequests, mailboxWindowSeconds, appRequests: 78_000, appWindowSeconds: 10 };
}

const SCALED = SIZES.throughput.limits;
const SERVICE_MS = 150;

/** `--only <part>` runs one part and prints it, leaving bench/results/latest.json alone. */
const ONLY = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;


interface ApplyResult {
  readonly planned: { readonly mailboxes: number };
  readonly summary: { readonly create: number; readonly update: number; readonly delete: number };
  readonly failures: readonly { readonly failedChanges: number }[];
}

/** A work directory with the policy, and `cync apply` against it. */
async function workDir(): Promise<{ dir: string; apply: (tenant: Tenant, concurrency: number, env?: Record<string, string>) => Promise<CyncRun & { result: ApplyResult }> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "cync-bench-"));
  await mkdir(path.join(dir, "policies"));
  await writeFile(path.join(dir, "policies", "staff.yaml"), STAFF_POLICY);
  return {
    dir,
    apply: async (tenant, concurrency, env) => {
      const out = path.join(dir, "apply.json");
      const args = ["apply", "--policies", path.join(dir, "policies"), "--state-dir", path.join(dir, "state"), "--format", "json", "--out", out, "--concurrency", String(concurrency)];
      const run = await cync(tenant, args, env);
      if (run.usage.exitCode !== 0) throw new Error(`cync apply exited with ${run.usage.exitCode}`);
      return { ...run, result: JSON.parse(await readFile(out, "utf8")) as ApplyResult };
    },
  };
}

/** The mailboxes cync's policy targets: enabled users' user mailboxes. */
async function targetMailboxes(tenant: Tenant): Promise<TenantUser[]> {
  const { users } = await tenant.control<{ users: TenantUser[] }>("GET", "/tenant");
  return users.filter((u) => u.mailbox === "user" && u.accountEnabled === true);
}

/** Changes 1 % of the users held in every mailbox (a new job title); returns how many. */
async function churn(tenant: Tenant, users: number, title: string): Promise<number> {
  const candidates = await heldEverywhere(tenant);
  const changed = candidates.slice(0, Math.max(1, Math.round(users / 100)));
  for (const u of changed) await tenant.control("PATCH", `/users/${u.id}`, { jobTitle: title });
  return changed.length;
}

async function load(): Promise<{ figures: ReturnType<typeof loadFigures>; cpu: ReturnType<typeof cpuFigures>; sizes: Record<string, number> }> {
  const { users } = SIZES.load;
  const tenant = await startTenant({ users, mailboxes: SIZES.load.mailboxes, seed: 11 });
  const work = await workDir();
  try {
    await tenant.reset();
    const first = await work.apply(tenant, 16);
    const firstCounts = await tenant.counts();
    const written = await contactsInMailboxes(tenant, "CYNC");
    await tenant.reset();
    const steady = await work.apply(tenant, 16);
    const steadyCounts = await tenant.counts();
    await rm(path.join(work.dir, "state"), { recursive: true, force: true });
    await tenant.reset();
    const cold = await work.apply(tenant, 16);
    const coldCounts = await tenant.counts();
    const changedUsers = await churn(tenant, users, "Benchmark Engineer");
    await tenant.reset();
    const churned = await work.apply(tenant, 16);
    const churnCounts = await tenant.counts();
    const figures = loadFigures({ first: firstCounts, contactsWritten: written.contacts, steady: steadyCounts, cold: coldCounts, churn: churnCounts, changedUsers, mailboxes: written.mailboxes });
    // CPU per write over the runs that write: the first load and the churn.
    const cpu = cpuFigures(first.usage.cpuMicros + churned.usage.cpuMicros, firstCounts.writes + churnCounts.writes);
    for (const run of [first, steady, cold, churned]) if (run.result.failures.length > 0) throw new Error("a load run had failed writes");
    return { figures, cpu, sizes: { users, mailboxes: written.mailboxes, contacts: written.contacts, changedUsers, firstLoadSeconds: round(first.seconds), steadySeconds: round(steady.seconds) } };
  } finally {
    await tenant.close();
    await rm(work.dir, { recursive: true, force: true });
  }
}

/** A fresh tenant of the throughput size, with the scaled-down limits and service time. */
function scaledTenant(): Promise<Tenant> {
  const { users, mailboxes, limits } = SIZES.throughput;
  return startTenant({
    users,
    mailboxes,
    seed: 12,
    throttle: {
      mailboxConcurrency: limits.mailboxConcurrency,
      mailboxWindowRequests: limits.mailboxRequests,
      mailboxWindowSeconds: limits.mailboxWindowSeconds,
      appRequests: limits.appRequests,
      appWindowSeconds: limits.appWindowSeconds,
      mailboxServiceMs: SERVICE_MS,
    },
  });
}

/** One first load at `concurrency` on a fresh tenant with the scaled-down limits, timed from its first write to its last. */
async function throughput(concurrency: number): Promise<ThroughputFigures & { seconds: number; boundSeconds: number; requests: number; throttled: number; cyncCpuShare: number | null }> {
  const tenant = await scaledTenant();
  const work = await workDir();
  try {
    await tenant.reset();
    const timer = timeWrites(tenant);
    // cync paces each mailbox by the tenant's window, as it does by Exchange's (src/graph/limits.ts).
    const run = await work.apply(tenant, concurrency, { CYNC_MAILBOX_WINDOW: `${SCALED.mailboxRequests}/${SCALED.mailboxWindowSeconds}` });
    const seconds = await timer.stop();
    const counts = await tenant.counts();
    const target = await contactsInMailboxes(tenant, "CYNC");
    // The bound for those writes alone: every mailbox at once, each its share in its windows.
    const bound = applySeconds({ requests: counts.writes, busiest: counts.writes / target.mailboxes, concurrency: target.mailboxes, latencySeconds: SERVICE_MS / 1000 }, SCALED);
    const failedWrites = run.result.failures.reduce((n, f) => n + f.failedChanges, 0);
    const figures = throughputFigures({ concurrency, seconds, boundSeconds: bound.seconds, counts, failedWrites });
    // The share of one core cync's process had over its run: far below 1 when other work starves it.
    const cyncCpuShare = ratio(run.usage.cpuMicros / 1e6, run.seconds);
    return { ...figures, seconds: round(seconds), boundSeconds: round(bound.seconds), requests: counts.requests, throttled: counts.throttled, cyncCpuShare };
  } finally {
    await tenant.close();
    await rm(work.dir, { recursive: true, force: true });
  }
}

/** Peak RSS of `cync plan` over `users` directory users into `mailboxes` empty mailboxes. */
async function memory(users: number, mailboxes: number): Promise<{ mailboxes: number; peakRssMB: number; seconds: number }> {
  const tenant = await startTenant({ users, mailboxes, seed: 13, throttle: false });
  const work = await workDir();
  try {
    const run = await cync(tenant, ["plan", "--policies", path.join(work.dir, "policies"), "--state-dir", path.join(work.dir, "state"), "--out", os.devNull, "--concurrency", "16"]);
    if (run.usage.exitCode !== 0 && run.usage.exitCode !== 2) throw new Error(`cync plan exited with ${run.usage.exitCode}`);
    return { mailboxes, peakRssMB: Math.round(run.usage.maxRssBytes / 2 ** 20), seconds: round(run.seconds) };
  } finally {
    await tenant.close();
    await rm(work.dir, { recursive: true, force: true });
  }
}

async function peer(): Promise<PeerRun & { throughputRatio: number | null }> {
  const loadTenant = await startTenant({ users: SIZES.load.users, mailboxes: SIZES.load.mailboxes, seed: 11 });
  let figures: PeerRun;
  try {
    const mailboxes = (await targetMailboxes(loadTenant)).slice(0, SIZES.peer.mailboxes);
    figures = await replayPeer(loadTenant, { mailboxes, churn: (t) => churn(t, SIZES.load.users, "Peer Benchmark Engineer") });
  } finally {
    await loadTenant.close();
  }
  // Sequential, so a time-boxed first load shows its rate; the bound is the workload's asymptote.
  const { mailboxes } = SIZES.throughput;
  const tenant = await scaledTenant();
  try {
    const timed = await replayPeer(tenant, { mailboxes: await targetMailboxes(tenant), seconds: SIZES.peer.throughputSeconds });
    const boundRate = Math.min(mailboxes * (SCALED.mailboxRequests / SCALED.mailboxWindowSeconds), SCALED.appRequests / SCALED.appWindowSeconds);
    return { ...figures, throughputRatio: ratio(timed.writesPerSecond ?? 0, boundRate), throttledShare: timed.throttledShare };
  } finally {
    await tenant.close();
  }
}

const round = (n: number): number => Math.round(n * 10) / 10;

async function main(): Promise<void> {
  const started = performance.now();
  const log = (s: string): void => void process.stderr.write(`bench: ${s} (${round((performance.now() - started) / 1000)} s)\n`);
  const part = async <T>(name: string, run: () => Promise<T>): Promise<T | undefined> => {
    if (ONLY !== undefined && ONLY !== name) return undefined;
    const result = await run();
    log(`${name} ${JSON.stringify(result)}`);
    return result;
  };
  const loaded = await part("load", load);
  const runs = await part("throughput", async () => {
    const out = [];
    for (const c of SIZES.throughput.concurrency) out.push(await throughput(c));
    return out;
  });
  const mem = await part("memory", async () => {
    const out = [];
    for (const m of SIZES.memory.mailboxes) out.push(await memory(SIZES.memory.users, m));
    return out;
  });
  const peerFigures = await part("peer", peer);
  if (!loaded || !runs || !mem || !peerFigures) return;
  const chosen = chosenThroughput(runs)!;
  const smallest = mem[0]!;
  const largest = mem.at(-1)!;
  const result = {
    mode: QUICK ? "quick" : "full",
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", node: process.version, loadAverageAtStart: LOAD_AT_START, loadAverageAtEnd: os.loadavg()[0] },
    sizes: { load: loaded.sizes, throughput: { ...SIZES.throughput, serviceMs: SERVICE_MS }, memory: SIZES.memory, peer: SIZES.peer },
    ...loaded.figures,
    throughputRatio: chosen.throughputRatio,
    throttledShare: chosen.throttledShare,
    concurrency: chosen.concurrency,
    throughputByConcurrency: runs,
    ...loaded.cpu,
    peakRssMB: largest.peakRssMB,
    rssGrowth: ratio(largest.peakRssMB, smallest.peakRssMB),
    memoryRuns: mem,
    peer: peerFigures,
    vsPeer: vsPeer({ ...loaded.figures, throughputRatio: chosen.throughputRatio }, peerFigures),
    targets: TARGETS,
    wallSeconds: round((performance.now() - started) / 1000),
  };
  await mkdir(path.dirname(RESULT), { recursive: true });
  await writeFile(RESULT, `${JSON.stringify(result, null, 2)}\n`);
  console.log(renderTable(result));
  console.log(`${result.mode} run, ${result.wallSeconds} s; every figure and the sizes in ${path.relative(ROOT, RESULT)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

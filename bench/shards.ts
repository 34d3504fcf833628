/**
 * `npm run bench:shards` (`-- --quick`: one repetition of a smaller tenant): N = 1, 2 and 4
 * concurrent `cync apply --shard i/N` processes (bench/cync-run.ts) on one embedded tenant in a
 * process of its own (bench/tenant-process.ts), whose app limit is scaled down so that it, not the
 * mailboxes, binds — the situation of a large tenant at Microsoft's limits (README "Performance").
 * Each shard is told the scaled app window (CYNC_APP_WINDOW) and paces itself to 1/N of it; then
 * again with each shard believing it has the whole window (`--app-share 1`), the 429 storm the
 * share avoids. Per run, from the tenant's own counters and contents: writes per second over the
 * write phase, the share of requests answered 429, and whether every mailbox was written exactly
 * once (bench/shard-figures.ts). Prints a table and writes bench/results/shards.json.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { STAFF_POLICY } from "./ca";
import { cync, timeWrites } from "./cync-run";
import { exactlyOnce, renderShardTable, shardFigures, type BudgetShare, type MailboxCensus, type ShardRun } from "./shard-figures";
import { folderCensus, ROOT, startTenant } from "./tenant";

const QUICK = process.argv.includes("--quick");
const LOAD_AT_START = os.loadavg()[0];
const RESULT = path.join(ROOT, "bench/results/shards.json");
const FOLDER = "CYNC";

/**
 * The tenant: ~0.43 × users contacts per mailbox (bench/buyer.ts). Per mailbox Exchange's 4 in
 * flight, 50 ms service time and a window of 200 requests per 10 s (20/s); the app 40 requests per
 * second across the tenant — a quarter of the mailboxes' 20/s × 8, so the app limit binds.
 */
const SIZES = QUICK ? { users: 300, mailboxes: 8, repetitions: 1 } : { users: 400, mailboxes: 8, repetitions: 3 };
const LIMITS = { mailboxConcurrency: 4, mailboxWindowRequests: 200, mailboxWindowSeconds: 10, appRequests: 40, appWindowSeconds: 1, mailboxServiceMs: 50 };
const APP_RATE = LIMITS.appRequests / LIMITS.appWindowSeconds;
const CONFIGS: readonly { readonly shards: number; readonly share: BudgetShare }[] = [
  { shards: 1, share: "split" },
  { shards: 2, share: "split" },
  { shards: 4, share: "split" },
  { shards: 2, share: "whole" },
  { shards: 4, share: "whole" },
];

interface ShardResult {
  readonly planned: { readonly mailboxes: number };
  readonly durationMs: number;
  readonly failures: readonly { readonly failedChanges: number }[];
}

/** N shards' `cync apply` at once on a fresh tenant; the census of what they left. */
async function shardRun(shards: number, share: BudgetShare): Promise<{ run: Omit<ShardRun, "exactlyOnce">; census: MailboxCensus[]; planned: number[]; creates: number }> {
  const tenant = await startTenant({ users: SIZES.users, mailboxes: SIZES.mailboxes, seed: 14, throttle: LIMITS });
  const dir = await mkdtemp(path.join(os.tmpdir(), "cync-bench-shards-"));
  try {
    await mkdir(path.join(dir, "policies"));
    await writeFile(path.join(dir, "policies", "staff.yaml"), STAFF_POLICY);
    await tenant.reset();
    const env = {
      CYNC_MAILBOX_WINDOW: `${LIMITS.mailboxWindowRequests}/${LIMITS.mailboxWindowSeconds}`,
      CYNC_APP_WINDOW: `${LIMITS.appRequests}/${LIMITS.appWindowSeconds}`,
    };
    const timer = timeWrites(tenant);
    const runs = await Promise.all(
      Array.from({ length: shards }, async (_, i) => {
        const out = path.join(dir, `apply-${i + 1}.json`);
        const args = [
          "apply",
          ...(shards > 1 ? ["--shard", `${i + 1}/${shards}`] : []),
          ...(share === "whole" ? ["--app-share", "1"] : []),
          "--policies",
          path.join(dir, "policies"),
          "--state-dir",
          path.join(dir, `state-${i + 1}`),
          "--record",
          path.join(dir, `record-${i + 1}.json`),
          "--format",
          "json",
          "--out",
          out,
          "--concurrency",
          "16",
        ];
        const run = await cync(tenant, args, env);
        // Exit 1 is failed mailboxes (counted below); anything else is the benchmark's failure.
        if (run.usage.exitCode !== 0 && run.usage.exitCode !== 1) throw new Error(`cync apply --shard ${i + 1}/${shards} exited with ${run.usage.exitCode}`);
        return JSON.parse(await readFile(out, "utf8")) as ShardResult;
      }),
    );
    const seconds = await timer.stop();
    const counts = await tenant.counts();
    const stats = await tenant.control<{ requests: { succeededByMethod: Record<string, number> } }>("GET", "/stats");
    return {
      run: {
        shards,
        share,
        seconds: Math.round(seconds * 10) / 10,
        shardSeconds: runs.map((r) => Math.round(r.durationMs / 100) / 10),
        counts,
        failedWrites: runs.reduce((n, r) => n + r.failures.reduce((m, f) => m + f.failedChanges, 0), 0),
      },
      census: await folderCensus(tenant, FOLDER),
      planned: runs.map((r) => r.planned.mailboxes),
      creates: stats.requests.succeededByMethod["POST"] ?? 0,
    };
  } finally {
    await tenant.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const log = (s: string): void => void process.stderr.write(`bench:shards: ${s} (${Math.round((performance.now() - started) / 1000)} s)\n`);
  let reference: MailboxCensus[] | undefined;
  const runs: ShardRun[] = [];
  for (let rep = 0; rep < SIZES.repetitions; rep++) {
    for (const { shards, share } of CONFIGS) {
      const r = await shardRun(shards, share);
      // The reference: the same seeded tenant written by one process.
      reference ??= r.census;
      const run: ShardRun = { ...r.run, exactlyOnce: exactlyOnce(r.census, reference, r.planned, r.creates) };
      runs.push(run);
      log(JSON.stringify(run));
    }
  }
  const figures = CONFIGS.map((c) => shardFigures(runs.filter((r) => r.shards === c.shards && r.share === c.share), APP_RATE));
  const result = {
    mode: QUICK ? "quick" : "full",
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", node: process.version, loadAverageAtStart: LOAD_AT_START, loadAverageAtEnd: os.loadavg()[0] },
    sizes: { ...SIZES, limits: LIMITS, contacts: reference?.reduce((n, m) => n + m.contacts, 0) ?? 0 },
    figures,
    runs,
    wallSeconds: Math.round((performance.now() - started) / 1000),
  };
  await mkdir(path.dirname(RESULT), { recursive: true });
  await writeFile(RESULT, `${JSON.stringify(result, null, 2)}\n`);
  console.log(renderShardTable(figures));
  console.log(`${result.mode} run, ${result.wallSeconds} s; every run and the sizes in ${path.relative(ROOT, RESULT)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

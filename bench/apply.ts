/**
 * Applier benchmark (`npm run bench:apply`): `cync apply`'s engine against the embedded tenant with
 * Exchange Online's limits on (4 concurrent requests and 10,000 per 10 minutes per mailbox, 130,000
 * per 10 s per app), real HTTPS and tokens, and a per-response latency standing in for Graph's
 * round trip. The simulator runs in this process, so it shares the CPU with cync: figures are a
 * floor on what cync does against Microsoft. JSON lines on stdout.
 *
 * Scenarios, in order on one tenant: the first load (every contact created), a second run (nothing
 * to write), a change to 1% of the users (updates), and the first load again at several mailbox
 * concurrencies on fresh tenants.
 *
 * Environment: BENCH_USERS (default 400), BENCH_MAILBOXES (default 40), BENCH_LATENCY_MS (default 30),
 * BENCH_CONCURRENCY (default "8,16,32").
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { executeApply, pacingFor } from "../src/apply/execute";
import { openSession } from "../src/engine/session";
import { loadPolicies } from "../src/policy/load";
import { simulatorEnv, type SimulatorHandle, startSimulator } from "@cync/simulator";
import { BENCH_CA_DIR, STAFF_POLICY } from "./ca";

const USERS = Number(process.env["BENCH_USERS"] ?? 400);
const MAILBOXES = Number(process.env["BENCH_MAILBOXES"] ?? 40);
const LATENCY_MS = Number(process.env["BENCH_LATENCY_MS"] ?? 30);
const CONCURRENCIES = (process.env["BENCH_CONCURRENCY"] ?? "8,16,32").split(",").map(Number);

async function run(sim: SimulatorHandle, work: string, scenario: string, concurrency: number): Promise<void> {
  const env = simulatorEnv(sim, "applier");
  const { policies } = await loadPolicies([path.join(work, "policies")]);
  const session = openSession({ env, stateDir: path.join(work, "state"), concurrency, requester: { pacing: pacingFor(concurrency) } });
  sim.stats.reset();
  const started = performance.now();
  const outcome = await executeApply({ policies, session, concurrency });
  const ms = performance.now() - started;
  if (outcome.kind !== "applied") throw new Error(`${scenario}: refused`);
  const r = outcome.report;
  const sim_ = sim.stats.snapshot();
  const writes = r.summary.create + r.summary.update + r.summary.delete;
  const perMailbox = r.planned.mailboxes > 0 ? writes / r.planned.mailboxes : 0;
  console.log(
    JSON.stringify({
      bench: "apply",
      scenario,
      users: USERS,
      mailboxes: r.planned.mailboxes,
      concurrency,
      latencyMs: LATENCY_MS,
      created: r.summary.create,
      updated: r.summary.update,
      deleted: r.summary.delete,
      failures: r.failures.length,
      ms: Math.round(ms),
      writesPerSecond: Math.round((writes * 1000) / ms),
      requests: r.requests.byMethod,
      throttled: sim_.throttled,
      retries: r.retries,
      peakConcurrencyPerMailbox: Math.max(0, ...Object.values(sim_.peakConcurrency)),
      // At 4 in flight per mailbox and LATENCY_MS each, one mailbox's writes take at least this long.
      perMailboxFloorMs: Math.round((perMailbox / 4) * LATENCY_MS),
    }),
  );
}

async function tenant(concurrency: number, scenarios: boolean): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), "cync-bench-apply-"));
  const sim = await startSimulator({ caDir: BENCH_CA_DIR, users: USERS, mailboxes: MAILBOXES, seed: 5, latencyMs: LATENCY_MS });
  try {
    await mkdir(path.join(work, "policies"));
    await writeFile(path.join(work, "policies", "staff.yaml"), STAFF_POLICY);
    await run(sim, work, "first load", concurrency);
    if (!scenarios) return;
    await run(sim, work, "nothing changed", concurrency);
    // 1% of the users, all of them sources of the policy (enabled members with mail).
    const sources = sim.directory.userIds.filter((id) => {
      const u = sim.directory.liveUser(id);
      return u !== undefined && u.accountEnabled === true && u.userType === "Member" && typeof u.mail === "string";
    });
    for (const id of sources.slice(0, Math.max(1, Math.floor(USERS / 100)))) sim.directory.updateUser(id, { jobTitle: "Benchmark Engineer" });
    await run(sim, work, "1% of users changed", concurrency);
  } finally {
    await sim.close();
    await rm(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const [first, ...others] = CONCURRENCIES;
  await tenant(first ?? 16, true);
  for (const c of others) await tenant(c, false);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

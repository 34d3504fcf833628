/**
 * `cync plan` benchmark (`npm run bench:plan`): what a plan costs against the embedded tenant, in
 * Graph requests (the simulator's own counters), wall time and memory, for
 *   1. a fresh tenant (no cync folder anywhere),
 *   2. the first plan after every contact was written (no state for the folders yet: full reads),
 *   3. a plan with nothing changed and the plan memo deleted (state present otherwise: 1 users delta
 *      page + 1 request per mailbox, every mailbox planned from its stored contacts),
 *   4. a plan with nothing changed (the memo answers from the delta round: no contacts loaded).
 * Figures go to stdout as JSON lines. BENCH_USERS (default 1000) and BENCH_MAILBOXES (default 200)
 * size the tenant; contacts are written through the simulator's pipeline in-process (the applier's
 * speed is bench:writer's business).
 *
 * Node reads NODE_EXTRA_CA_CERTS only at start (docs/architecture.md#trusting-the-local-ca), so the
 * benchmark makes the simulator's CA at a stable path and re-runs itself with it set.
 */
import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { computePlan } from "../src/engine/plan";
import { openSession } from "../src/engine/session";
import { createBody } from "../src/plan/bodies";
import type { Plan } from "../src/plan/types";
import { loadPolicies } from "../src/policy/load";
import { APPLIER_ROLES, type SimRequest, simulatorEnv, type SimulatorHandle, startSimulator } from "@cync/simulator";
import { BENCH_CA_DIR } from "./ca";


async function graphWrite(sim: SimulatorHandle, method: string, p: string, body: unknown): Promise<Record<string, unknown>> {
  const req: SimRequest = {
    method,
    path: p,
    query: new URLSearchParams(),
    headers: { "content-type": "application/json" },
    body,
    principal: { appId: sim.apps.applier.clientId, tenantId: sim.tenantId, roles: APPLIER_ROLES },
    baseUrl: `${sim.graphUrl}/v1.0`,
    requestId: randomUUID(),
    inBatch: false,
  };
  const res = await sim.dispatch(req);
  if (res.status >= 300) throw new Error(`${method} ${p} answered ${res.status}`);
  return res.body as Record<string, unknown>;
}

/** Writes every planned create, as `cync apply` would (one folder, one POST per contact). */
async function writeAll(sim: SimulatorHandle, plan: Plan): Promise<number> {
  let n = 0;
  for (const p of plan.policies) {
    for (const m of p.mailboxes) {
      const folder = await graphWrite(sim, "POST", `/users/${m.mailbox.id}/contactFolders`, { displayName: p.folder });
      for (const c of m.create) {
        await graphWrite(sim, "POST", `/users/${m.mailbox.id}/contactFolders/${String(folder.id)}/contacts`, createBody(p.policy, c));
        n++;
      }
    }
  }
  return n;
}

async function main(): Promise<void> {
  const users = Number(process.env.BENCH_USERS ?? 1000);
  const mailboxes = Number(process.env.BENCH_MAILBOXES ?? 200);
  const work = await mkdtemp(path.join(tmpdir(), "cync-bench-plan-"));
  const sim = await startSimulator({ users, mailboxes, seed: 5, caDir: BENCH_CA_DIR, throttle: false });
  try {
    await mkdir(path.join(work, "policies"));
    await writeFile(path.join(work, "policies", "staff.yaml"), "apiVersion: cync/v1\nkind: ContactSyncPolicy\nmetadata:\n  name: staff\nspec: {}\n");
    const { policies } = await loadPolicies([path.join(work, "policies")]);
    const session = openSession({
      stateDir: path.join(work, "state"),
      env: simulatorEnv(sim, "planner"),
    });
    const run = async (scenario: string): Promise<Plan> => {
      sim.stats.reset();
      global.gc?.();
      const base = process.memoryUsage().heapUsed;
      let peak = base;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
      const started = process.hrtime.bigint();
      const { plan, meta } = await computePlan({ policies, steps: session.steps, io: session.io, tenant: session.tenant });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      clearInterval(sampler);
      const requests = sim.stats.snapshot().requests;
      const planned = plan.policies.reduce((n, p) => n + p.mailboxes.length + p.unchangedMailboxes, 0);
      const skipped = plan.policies.reduce((n, p) => n + p.skipped.length, 0);
      console.log(
        JSON.stringify({
          bench: "plan",
          scenario,
          users,
          mailboxes: planned,
          skippedMailboxes: skipped,
          directoryUsers: meta.directoryUsers,
          creates: plan.summary.create,
          graphRequests: requests.total,
          mailboxRequests: meta.mailboxReads.requests,
          fullFolderReads: meta.mailboxReads.fullReads,
          memoHits: meta.mailboxReads.memoHits,
          ms: Math.round(ms),
          heapPeakAboveBaseMB: Math.round((peak - base) / 1e5) / 10,
        }),
      );
      return plan;
    };
    const fresh = await run("fresh tenant");
    const written = await writeAll(sim, fresh);
    console.log(JSON.stringify({ bench: "plan", step: "contacts written through the simulator pipeline", contacts: written }));
    await run("first plan after writing (full folder reads)");
    for (const file of await readdir(session.state.dir)) if (file.startsWith("plan-memo")) await rm(path.join(session.state.dir, file));
    await run("nothing changed, plan memo deleted");
    await run("nothing changed");
  } finally {
    await sim.close();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

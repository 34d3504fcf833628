/**
 * Directory reader benchmark (`npm run bench:directory`): request counts and times of the users
 * and groups delta reads against the embedded tenant (real HTTPS, real tokens, Graph's default
 * delta page size, no latency), and client-side condition evaluation. JSON lines on stdout.
 *
 * Environment: BENCH_USERS (default 5000).
 */
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compileCondition } from "../src/conditions";
import { readDirectory, type GroupUse } from "../src/directory";
import { createGraphClient, graphUrlFromEnv } from "../src/graph/client";
import { credentialFromEnv } from "../src/graph/credentials";
import { graphClientTransport } from "../src/graph/graph-client-transport";
import { GraphRequester } from "../src/graph/requester";
import { directoryGraphOver } from "../src/mailbox/requester-graph";
import { requiredUserAttributes, resolvePolicy } from "../src/policy";
import { simulatorEnv, type SimulatorHandle, startSimulator } from "@cync/simulator";
import { BENCH_CA_DIR } from "./ca";
import { fileNameFor, openStateStore, STATE_KEYS } from "../src/state";
import { selectSourceUsers, selectTargets } from "../src/targets";


async function measure(sim: SimulatorHandle): Promise<void> {
  const env = simulatorEnv(sim, "planner");
  const graphUrl = graphUrlFromEnv(env);
  const requester = new GraphRequester({ transport: graphClientTransport(createGraphClient(credentialFromEnv(env).credential, graphUrl), graphUrl) });
  const graph = directoryGraphOver(requester);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cync-bench-dir-"));
  const state = openStateStore({ dir, tenantId: sim.tenantId, graphUrl: sim.graphUrl });
  const file = sim.exportTenant();
  const nested = file.groups.filter((g) => g.members.some((m) => file.groups.some((h) => h.id === m)));
  const uses: GroupUse[] = (nested.length > 0 ? nested : file.groups).slice(0, 3).map((g) => ({ policy: "bench", ref: { id: g.id } }));
  const policy = resolvePolicy({
    apiVersion: "cync/v1",
    kind: "ContactSyncPolicy",
    metadata: { name: "bench" },
    spec: { source: { where: { any: [{ attribute: "department", in: ["Sales", "Engineering"] }, { attribute: "jobTitle", matches: "^(Senior|Lead) " }] } } },
  });
  const attributes = requiredUserAttributes([policy]);

  const run = async (name: string): Promise<void> => {
    sim.stats.reset();
    const started = performance.now();
    const d = await readDirectory({ graph, state, attributes, groups: uses });
    const ms = performance.now() - started;
    const stateBytes = (await fs.stat(path.join(state.dir, fileNameFor(STATE_KEYS.users)))).size;
    console.log(JSON.stringify({ bench: "directory-read", name, users: d.users.size, round: d.round, usersPages: d.pages, groupRequests: d.groupRequests, simRequests: sim.stats.snapshot().requests.total, ms: Math.round(ms), stateBytes }));
  };

  await run("initial (no state)");
  await run("no change");
  const someone = sim.directory.userIds.find((id) => sim.directory.liveUser(id))!;
  sim.directory.updateUser(someone, { mobilePhone: "+1 425 555 0199" });
  await run("one user changed");
  await fs.rm(dir, { recursive: true, force: true });
  await run("state deleted");

  const d = await readDirectory({ graph, state, attributes, groups: uses });
  const where = compileCondition(policy.source.where!);
  const users = [...d.users.values()];
  const rounds = 20;
  let started = performance.now();
  for (let i = 0; i < rounds; i++) for (const u of users) where(u, d.membership);
  const evalMs = (performance.now() - started) / rounds;
  started = performance.now();
  selectSourceUsers(policy, d);
  await selectTargets(policy, d);
  const selectMs = performance.now() - started;
  console.log(JSON.stringify({ bench: "conditions", users: users.length, evaluateAllUsersMs: Number(evalMs.toFixed(2)), sourceAndTargetSelectionMs: Math.round(selectMs) }));
  await fs.rm(dir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const users = Number(process.env.BENCH_USERS ?? 5000);
  const sim = await startSimulator({ caDir: BENCH_CA_DIR, users, seed: 3, throttle: false });
  try {
    await measure(sim);
  } finally {
    await sim.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

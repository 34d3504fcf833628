/**
 * `cync demo`: the quick start in one command, against the embedded tenant
 * (docs/architecture.md#the-embedded-tenant).
 *
 *   0. start the simulator in-process, persisted under `<dir>/sim` (a few hundred users, dozens of
 *      mailboxes, generated once and reloaded on later runs); cync's state lives in `<dir>/state`;
 *   1. plan and apply the example policies (the first run fills every mailbox; a later run finds
 *      nothing to do for what has not changed);
 *   2. change the directory through the simulator's control API: a hire, a leaver, a phone change
 *      and a department move, picked afresh on every run (changes.ts);
 *   3. plan again — printed: exactly those changes — and apply that plan;
 *   4. print a one-screen summary.
 *
 * The process must trust the simulator's CA before it starts (Node reads NODE_EXTRA_CA_CERTS once):
 * commands/demo.ts relaunches itself with it (trust.ts).
 */
import { join } from "node:path";
import { executeApply, pacingFor, type ExecuteOutcome } from "../apply/execute";
import type { ApplyReport } from "../apply/report";
import { loadEmbeddedTenant } from "./embedded-tenant";
import { createProgressReporter, type ProgressSink } from "../cli/progress";
import { computePlan } from "../engine/plan";
import { openSession } from "../engine/session";
import { formatLoadResult, hasErrors } from "../policy/format";
import { loadPolicies } from "../policy/load";
import type { LoadedPolicy } from "../policy";
import { DEFAULT_ESTIMATE, renderText } from "../render";
import type { SimulatorHandle, TenantFile } from "@cync/simulator";
import { describeChanges, pickChanges, type DemoChanges } from "./changes";
import { renderDemoSummary } from "./summary";

export interface DemoOptions {
  /** Where the demo keeps the tenant and cync's state. @default ".cync/demo" */
  readonly dir: string;
  readonly policies: string;
  /** Generated tenant size (first run only; later runs reload it). */
  readonly users: number;
  readonly mailboxes: number;
  readonly seed: number;
  readonly concurrency: number;
  readonly stdout: ProgressSink;
  readonly stderr: ProgressSink;
}

/** The simulator's control API, over HTTPS like any client (the process trusts its CA). */
async function control(sim: SimulatorHandle, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${sim.controlUrl}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`demo: ${method} /_sim${path} answered ${res.status}`);
  return text === "" ? undefined : (JSON.parse(text) as unknown);
}

async function makeChanges(sim: SimulatorHandle, c: DemoChanges): Promise<void> {
  await control(sim, "POST", "/users", c.hire);
  await control(sim, "DELETE", `/users/${c.leaver.id}`);
  await control(sim, "PATCH", `/users/${c.phone.user.id}`, { mobilePhone: c.phone.mobilePhone });
  await control(sim, "PUT", `/users/${c.phone.user.id}/photo`, {});
  await control(sim, "PATCH", `/users/${c.move.user.id}`, { department: c.move.department });
}

export async function runDemo(o: DemoOptions): Promise<number> {
  const started = Date.now();
  const say = (text: string): void => void o.stdout.write(`${text}\n`);
  const loaded = await loadPolicies([o.policies]);
  if (hasErrors(loaded)) {
    o.stderr.write(formatLoadResult(loaded, "text"));
    return 1;
  }
  say(`Starting the embedded tenant (${o.dir})…`);
  const { simulatorEnv, startSimulator } = await loadEmbeddedTenant();
  const sim = await startSimulator({ dataDir: join(o.dir, "sim"), users: o.users, mailboxes: o.mailboxes, seed: o.seed });
  try {
    let tenant = (await control(sim, "GET", "/tenant")) as TenantFile;
    const env: Record<string, string | undefined> = {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AZURE_|CYNC_)/.test(k))),
      ...simulatorEnv(sim),
    };
    const stateDir = join(o.dir, "state");
    const live = tenant.users.filter((u) => !u.deletedDateTime);
    say(`Tenant ${sim.domain}: ${live.length} users, ${live.filter((u) => u.mailbox === "user").length} user mailboxes.`);

    say("\n1. Plan and apply the example policies");
    // The first run's plan creates every contact everywhere: its counts say enough.
    const sync = await applyStep(o, loaded.policies, env, stateDir, ({ summary: s }) =>
      say(`   plan: ${s.create} to create, ${s.update} to update, ${s.delete} to delete in ${s.mailboxes} mailboxes`),
    );

    tenant = (await control(sim, "GET", "/tenant")) as TenantFile;
    const changes = pickChanges(tenant);
    if (typeof changes === "string") {
      o.stderr.write(`cync demo: ${changes}\n`);
      return 1;
    }
    const described = describeChanges(changes);
    say("\n2. Change the directory (control API)");
    await makeChanges(sim, changes);
    for (const line of described) say(`   ${line}`);

    say("\n3. Plan again — exactly those changes — and apply");
    // A scheduled run checks each person's photo once a day; the demo checks them now, to show the new one.
    const session = openSession({ stateDir, concurrency: o.concurrency, env, photoRefreshMs: 0 });
    const { plan } = await computePlan({ policies: loaded.policies, steps: session.steps, io: session.io, tenant: session.tenant });
    say(renderText(plan, { estimate: { ...DEFAULT_ESTIMATE, concurrency: o.concurrency } }).trimEnd());
    const resync = await applyStep(o, loaded.policies, env, stateDir, () => undefined, plan);
    const photoRequests = sim.stats.snapshot().requests.photos;

    const users = ((await control(sim, "GET", "/tenant")) as TenantFile).users.filter((u) => !u.deletedDateTime);
    say(
      renderDemoSummary({
        run: changes.run,
        dir: o.dir,
        users: users.length,
        userMailboxes: users.filter((u) => u.mailbox === "user").length,
        sync,
        changes: described,
        resync,
        ...(loaded.policies.some((p) => p.resolved.mapping.photo === true) && {
          photos: { uploaded: photoRequests.contactWrites, metadataReads: photoRequests.userMetadata, downloads: photoRequests.userBytes },
        }),
        totalMs: Date.now() - started,
      }),
    );
    return sync.failures.length + resync.failures.length === 0 ? 0 : 1;
  } finally {
    await sim.close();
  }
}

/** One `cync apply` (a fresh session, so its request counts are its own), with live progress. */
async function applyStep(
  o: DemoOptions,
  policies: readonly LoadedPolicy[],
  env: Record<string, string | undefined>,
  stateDir: string,
  show: (plan: ExecuteOutcome["plan"]) => void,
  saved?: ExecuteOutcome["plan"],
): Promise<ApplyReport> {
  const session = openSession({ stateDir, concurrency: o.concurrency, env, requester: { pacing: pacingFor(o.concurrency) } });
  const progress = createProgressReporter(o.stderr);
  let last: Parameters<typeof progress.update>[0] | undefined;
  const outcome = await executeApply({
    policies,
    session,
    concurrency: o.concurrency,
    ...(saved === undefined ? {} : { saved }),
    onPlan: ({ plan }) => show(plan),
    onProgress: (s) => {
      last = s;
      if (s.writesTotal > 0) progress.update(s);
    },
  });
  if (last !== undefined && last.writesTotal > 0) progress.finish(last);
  if (outcome.kind === "refused") throw new Error(`demo: the safety guards refused the plan: ${outcome.violations.map((v) => v.message).join("; ")}`);
  return outcome.report;
}

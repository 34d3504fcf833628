/**
 * Contact photo benchmark (`npm run bench:photos`, docs/architecture.md#photos): the photo requests
 * each `cync apply` run costs against the embedded tenant — its own per-kind counters: user photo
 * metadata reads, user photo downloads, contact photo reads and uploads — beside what a peer that
 * reads one photo per managed contact on every run would send (N users × M mailboxes).
 *
 * Runs, in order, on one tenant and state directory (as a scheduled reconcile does):
 *   1. first load — every contact created, one PUT per contact whose person has a photo;
 *   2. the run after — the contacts the first load wrote show up in the contacts delta once; the
 *      photos the applier left on them are remembered, not read back;
 *   3. nothing changed — within the refresh interval (default a day): no photo request;
 *   4. nothing changed, refresh due — one metadata read per person, no download, no write;
 *   5. one person's photo changed (refresh due) — one download, one PUT per contact of that person.
 * With a run every `BENCH_RUNS_PER_DAY` (default 24) and the default refresh of a day, metadata
 * reads average source users ÷ runs per day per run. BENCH_USERS (default 200) and BENCH_MAILBOXES
 * (default 20) size the tenant. Figures go to stdout as JSON lines.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { executeApply, pacingFor } from "../src/apply/execute";
import { openSession } from "../src/engine/session";
import { loadPolicies } from "../src/policy/load";
import { simulatorEnv, startSimulator } from "@cync/simulator";
import { BENCH_CA_DIR } from "./ca";

const POLICY = "apiVersion: cync/v1\nkind: ContactSyncPolicy\nmetadata:\n  name: staff\nspec:\n  mapping:\n    photo: true\n";
const CONCURRENCY = 8;

async function main(): Promise<void> {
  const users = Number(process.env.BENCH_USERS ?? 200);
  const mailboxes = Number(process.env.BENCH_MAILBOXES ?? 20);
  const runsPerDay = Number(process.env.BENCH_RUNS_PER_DAY ?? 24);
  const work = await mkdtemp(path.join(tmpdir(), "cync-bench-photos-"));
  const sim = await startSimulator({ users, mailboxes, seed: 9, caDir: BENCH_CA_DIR, throttle: false });
  try {
    await mkdir(path.join(work, "policies"));
    await writeFile(path.join(work, "policies", "staff.yaml"), POLICY);
    const { policies } = await loadPolicies([path.join(work, "policies")]);
    const env = simulatorEnv(sim, "applier");
    const stateDir = path.join(work, "state");

    const run = async (scenario: string, photoRefreshMs?: number): Promise<number> => {
      const session = openSession({ stateDir, env, concurrency: CONCURRENCY, requester: { pacing: pacingFor(CONCURRENCY) }, ...(photoRefreshMs === undefined ? {} : { photoRefreshMs }) });
      sim.stats.reset();
      const started = process.hrtime.bigint();
      const outcome = await executeApply({ policies, session, concurrency: CONCURRENCY });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (outcome.kind !== "applied") throw new Error(`${scenario}: the plan was refused`);
      const { requests } = sim.stats.snapshot();
      const contacts = outcome.plan.policies.reduce((n, p) => n + p.ownedContacts, 0) + outcome.report.summary.create;
      console.log(
        JSON.stringify({
          bench: "photos",
          scenario,
          users,
          mailboxes: outcome.plan.policies.reduce((n, p) => n + p.mailboxes.length + p.unchangedMailboxes, 0),
          contacts,
          created: outcome.report.summary.create,
          updated: outcome.report.summary.update,
          photoRequests: requests.photos,
          // The peer: one photo GET per managed contact on every run (N users × M mailboxes).
          peerPhotoReadsPerRun: contacts,
          graphRequests: requests.total,
          ms: Math.round(ms),
        }),
      );
      return requests.photos.userMetadata;
    };

    await run("first load");
    await run("the run after (its own writes show in the contacts delta)");
    await run("nothing changed");
    const people = await run("nothing changed, refresh due", 0);
    console.log(JSON.stringify({ bench: "photos", note: `metadata reads per run, averaged over a day of ${runsPerDay} runs with the default refresh of a day`, sourceUsers: people, metadataReadsPerRun: people / runsPerDay }));
    const person = sim.directory.toFile().users.find((u) => u.mailbox === null && u.accountEnabled === true && typeof u.mail === "string");
    if (person !== undefined) {
      sim.photos.regenerate(person.id, false);
      await run("one person's photo changed, refresh due", 0);
    }
  } finally {
    await sim.close();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

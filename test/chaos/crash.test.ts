/**
 * Chaos scenario, crash and resume: the built CLI (`npm test` and `npm run test:chaos` build
 * first) applies in a child process and is killed with SIGKILL at a random point — the first kill
 * of each tenant while its first folder create is pending, the others after a random number of
 * creates, with creates in flight (latency keeps them pending) — then planned and applied again,
 * several times over; a last run completes. The dead run's state lock is aged instead of waited
 * for (test/helpers/state-lock.ts). Afterwards the tenant matches the oracle, with no duplicate
 * and nothing foreign touched at any point.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { seededRandom } from "@cync/simulator";
import { ageStateLocks } from "../helpers/state-lock";
import { startChaosTenant, type ChaosTenant } from "./chaos-tenant";
import { chaosSize, noSurvival, report } from "./survival";

const BIN = path.resolve(__dirname, "../../bin/cync.js");
const size = chaosSize({ seeds: 1, users: 20, mailboxes: 4 });
/** `--kills K` (scripts/chaos.mjs); 2 at CI size. */
const kills = Number(process.env["CYNC_CHAOS_KILLS"] || 2);
/** Kills per tenant before the run that completes. */
const KILLS_PER_TENANT = 4;

async function posts(t: ChaosTenant): Promise<number> {
  const stats = (await fetch(`${t.handle.controlUrl}/stats`).then((r) => r.json())) as { requests: { byMethod: Record<string, number> } };
  return stats.requests.byMethod["POST"] ?? 0;
}

/** Starts `cync apply` in a child process and kills it once the tenant has seen `afterPosts` more POSTs (or it ended). */
async function killedApply(t: ChaosTenant, afterPosts: number): Promise<"killed" | "finished"> {
  const start = await posts(t);
  const child = spawn(process.execPath, [BIN, "apply", "--policies", t.policiesDir, "--state-dir", t.stateDir], { env: { ...process.env, ...t.env }, stdio: "ignore" });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
  let done = false;
  void exited.then(() => (done = true));
  while (!done && (await posts(t)) - start < afterPosts) await new Promise((r) => setTimeout(r, 5));
  if (done) return "finished";
  child.kill("SIGKILL");
  return (await exited) === "SIGKILL" ? "killed" : "finished";
}

describe(`crash and resume: ${kills} kills, ${size.users} users, ${size.mailboxes} mailboxes`, () => {
  it("killed at random points, re-planned and re-applied, converges; nothing foreign touched", async () => {
    const survived = noSurvival();
    for (let seed = 1; survived.kills < kills; seed++) {
      const random = seededRandom(seed);
      const t = await startChaosTenant({ users: size.users, mailboxes: size.mailboxes, seed, latencyMs: 30 });
      try {
        await t.plant();
        const creates = size.mailboxes * size.users;
        for (let k = 0; k < KILLS_PER_TENANT && survived.kills < kills; k++) {
          // The first POST is a folder create: killed while it is pending.
          const outcome = await killedApply(t, k === 0 ? 1 : 1 + Math.floor(random() * (creates / 2)));
          if (outcome === "killed") survived.kills++;
          await ageStateLocks(t.stateDir);
          expect((await t.judge()).foreignWrites, `seed ${seed}, kill ${k + 1}`).toEqual([]);
        }
        const last = await t.apply();
        expect(last.code, last.stderr).toBe(0);
        const verdict = await t.judge();
        expect(verdict.diverged, `seed ${seed}`).toEqual([]);
        expect(verdict.foreignWrites).toEqual([]);
        survived.seeds++;
        survived.retries += last.report?.retries ?? 0;
      } finally {
        await t.close();
      }
    }
    report("crash", survived);
  }, 900_000);
});

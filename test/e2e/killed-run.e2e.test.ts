/**
 * A run killed half way (SIGKILL, no clean-up), then planned and applied again, converges: every
 * mailbox holds one contact per source user — nothing missing, nothing duplicated — whatever the
 * first run had in flight when it died (docs/architecture.md#safe-write-order). The first run is
 * the built CLI in a child process (`npm test` builds first); latency keeps it busy long enough to
 * be killed mid-write. Its state lock is left behind and refuses a re-run until it is stale.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { simulatorEnv, type TenantFile } from "@cync/simulator";
import { ageStateLocks } from "../helpers/state-lock";
import { withApplyTenant } from "./harness";

const BIN = path.resolve(__dirname, "../../bin/cync.js");

const t = withApplyTenant({ users: 60, mailboxes: 8, seed: 21, latencyMs: 40 });

async function postsSoFar(): Promise<number> {
  const stats = (await t.control("GET", "/stats")).body as { requests: { byMethod: Record<string, number> } };
  return stats.requests.byMethod["POST"] ?? 0;
}

describe("a killed apply", () => {
  it("re-planned and re-applied, converges with no duplicate", async () => {
    const env = { ...process.env, ...simulatorEnv(t.sim) };
    const child = spawn(process.execPath, [BIN, "apply", "--policies", t.policiesDir, "--state-dir", t.stateDir], { env, stdio: "ignore" });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    // Kill it once a good share of the creates went out, while more are in flight.
    for (let i = 0; i < 2000 && (await postsSoFar()) < 80; i++) await new Promise((r) => setTimeout(r, 10));
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    const postsBeforeKill = await postsSoFar();

    // The dead run's state lock refuses an immediate re-run, clearly, and frees itself once stale.
    const refused = await t.apply();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/another cync run is applying/);
    expect(await ageStateLocks(t.stateDir)).toBe(1);

    const again = await t.apply();
    expect(again.code, again.stderr).toBe(0);
    // The killed run had not finished: the second run still had creates to make.
    expect(again.json.summary.create).toBeGreaterThan(0);
    expect(postsBeforeKill).toBeGreaterThan(0);

    const tenant = (await t.control("GET", "/tenant")).body as TenantFile;
    const targets = tenant.users.filter((u) => u.mailbox === "user").map((u) => u.id);
    const perMailbox = await Promise.all(targets.map(async (m) => [m, await t.owned(m)] as const));
    const filled = perMailbox.filter(([, owned]) => owned.size > 0);
    const sources = new Set(filled.flatMap(([, owned]) => [...owned.keys()]));
    expect(filled.length).toBeGreaterThan(1);
    for (const [m, owned] of filled) {
      expect([...owned.keys()].sort(), `mailbox ${m}`).toEqual([...sources].filter((s) => s !== m).sort());
      for (const [s, contacts] of owned) expect(contacts, `${s} in ${m}`).toHaveLength(1);
    }
    const third = await t.apply();
    expect(third.json.planned).toEqual({ create: 0, update: 0, delete: 0, mailboxes: 0 });
  }, 60_000);
});

/**
 * One budget for all shards: N shard runs of one app at once, each pacing itself to 1/N of the
 * app's window (CYNC_APP_WINDOW), stay under the tenant's per-app limit together — where the same
 * runs, each taking the whole window, meet it as 429s. Against the embedded tenant with the app
 * window scaled down, so a few hundred writes cross it.
 */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { applyCommand } from "../../src/cli/commands/apply";
import type { ProgressSink } from "../../src/cli/progress";
import { simulatorEnv } from "@cync/simulator";
import { withApplyTenant } from "./harness";

/** The tenant's limit per app: a token bucket of 30 requests refilled over 1 s. */
const APP_WINDOW = { requests: 30, seconds: 1 };
const SHARDS = 3;

const t = withApplyTenant({ users: 40, mailboxes: 10, seed: 5, latencyMs: 5, throttle: { appRequests: APP_WINDOW.requests, appWindowSeconds: APP_WINDOW.seconds } });

const policy = (name: string): string => `apiVersion: cync/v1
kind: ContactSyncPolicy
metadata:
  name: ${name}
spec:
  folder:
    name: ${name}
`;

const sink = (): ProgressSink => ({ isTTY: false, write: () => true });

interface Outcome {
  readonly codes: number[];
  /** Requests the tenant answered, and those it refused with 429. */
  readonly requests: number;
  readonly throttled: number;
}

/** Applies `name` (a policy with its own folder, so every run has the same writes to make) as N shards at once. */
async function shardsAtOnce(name: string, appShare: number | undefined): Promise<Outcome> {
  await t.writePolicies({ [`${name}.yaml`]: policy(name) });
  await t.control("POST", "/stats/reset");
  const env = { ...simulatorEnv(t.sim, "applier"), CYNC_APP_WINDOW: `${APP_WINDOW.requests}/${APP_WINDOW.seconds}` };
  const codes = await Promise.all(
    Array.from({ length: SHARDS }, (_, i) =>
      applyCommand(
        {
          policies: t.policiesDir,
          stateDir: path.join(t.stateDir, `${name}-${i + 1}`),
          format: "json",
          concurrency: 8,
          redact: false,
          shard: { index: i + 1, count: SHARDS },
          ...(appShare === undefined ? {} : { appShare }),
        },
        { stdout: sink(), stderr: sink(), env },
      ),
    ),
  );
  const stats = (await t.control("GET", "/stats")).body as { requests: { total: number }; throttled: number };
  return { codes, requests: stats.requests.total, throttled: stats.throttled };
}

describe("N shard runs of one app at once", () => {
  it("stay under the app's limit with their 1/N share each, and meet it as 429s each taking the whole window", async () => {
    const paced = await shardsAtOnce("paced", undefined);
    expect(paced.codes).toEqual([0, 0, 0]);
    // Many windows' worth, so the limit was really in reach.
    expect(paced.requests).toBeGreaterThan(5 * APP_WINDOW.requests);
    expect(paced.throttled / paced.requests).toBeLessThan(0.01);

    // A run whose retries are spent fails its mailboxes (exit 1): the storm a shared budget prevents.
    const greedy = await shardsAtOnce("greedy", 1);
    expect(greedy.throttled / greedy.requests).toBeGreaterThan(0.05);
  });
});

/**
 * Chaos scenario, concurrency: two applies started at once on the same state directory. One
 * applies, the other is refused at once with a clear message (the state lock, src/state/lock.ts)
 * and writes nothing; the tenant converges with no duplicate and nothing foreign touched.
 */
import { describe, expect, it } from "vitest";
import { startChaosTenant } from "./chaos-tenant";
import { chaosSize, noSurvival, report } from "./survival";

const size = chaosSize({ seeds: 1, users: 30, mailboxes: 6 });

describe("two applies at once on one state directory", () => {
  it("one applies, the other is refused with a clear message; converged, nothing foreign touched", async () => {
    const t = await startChaosTenant({ users: size.users, mailboxes: size.mailboxes, seed: 8, latencyMs: 5 });
    try {
      await t.plant();
      const runs = await Promise.all([t.apply(), t.apply()]);
      const codes = runs.map((r) => r.code).sort();
      expect(codes).toEqual([0, 1]);
      const refused = runs.find((r) => r.code === 1)!;
      expect(refused.stderr).toMatch(/cync apply: another cync run is applying with the state directory .+; wait for it to finish/);
      expect(refused.report).toBeUndefined();
      const verdict = await t.judge();
      expect(verdict.diverged).toEqual([]);
      expect(verdict.foreignWrites).toEqual([]);
      // The lock was released: the next run goes ahead and finds nothing to do.
      const again = await t.apply();
      expect(again.code, again.stderr).toBe(0);
      expect(again.report?.planned).toEqual({ create: 0, update: 0, delete: 0, mailboxes: 0 });
      report("concurrency", { ...noSurvival(), seeds: 1 });
    } finally {
      await t.close();
    }
  }, 120_000);
});

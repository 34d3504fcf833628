/**
 * Chaos scenario, least privilege: the read-only planner identity (the one the pull-request
 * workflow uses: User.Read.All, GroupMember.Read.All, Contacts.Read, MailboxSettings.Read —
 * docs/architecture.md#least-privilege) plans a fresh tenant successfully, the same plan as the
 * applier's, and attempts no write: the tenant's own statistics count only GETs. (That its apply
 * fails every mailbox on the first refused write is secrets.test.ts's.)
 */
import { readFile } from "node:fs/promises";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { startChaosTenant } from "./chaos-tenant";
import { runCli } from "./cli";
import { chaosSize, noSurvival, report } from "./survival";

const size = chaosSize({ seeds: 1, users: 20, mailboxes: 4 });

interface Requests {
  readonly byMethod: Record<string, number>;
  readonly succeededByMethod: Record<string, number>;
}

const writes = (counts: Record<string, number>): [string, number][] => Object.entries(counts).filter(([method, n]) => method !== "GET" && n > 0);

describe("least privilege", () => {
  it("the read-only planner identity plans what the applier would, attempting no write", async () => {
    const t = await startChaosTenant({ users: size.users, mailboxes: size.mailboxes, seed: 9 });
    try {
      const stats = async (): Promise<unknown> => (await fetch(`${t.handle.controlUrl}/stats`)).json();
      const out = (who: string): string => path.join(t.stateDir, "..", `plan-${who}.json`);
      await fetch(`${t.handle.controlUrl}/stats/reset`, { method: "POST" });
      const planner = await runCli(t, ["plan", "--format", "json", "--out", out("planner")], "planner");
      // Exit 2: the plan has changes (terraform's -detailed-exitcode); 1 would be an error.
      expect(planner.code, planner.stderr).toBe(2);
      const { requests } = (await stats()) as { requests: Requests };
      expect(requests.byMethod["GET"]).toBeGreaterThan(0);
      expect(writes(requests.byMethod), "write requests sent by the planner").toEqual([]);
      expect(writes(requests.succeededByMethod)).toEqual([]);

      const applier = await runCli(t, ["plan", "--format", "json", "--out", out("applier")], "applier");
      expect(applier.code, applier.stderr).toBe(2);
      const [byPlanner, byApplier] = await Promise.all([readFile(out("planner"), "utf8"), readFile(out("applier"), "utf8")]);
      const plan = JSON.parse(byPlanner) as { summary: { create: number; mailboxes: number } };
      expect(plan.summary.create).toBeGreaterThan(0);
      expect(plan.summary.mailboxes).toBeGreaterThan(0);
      expect(JSON.parse(byPlanner)).toEqual(JSON.parse(byApplier));
      report("least privilege", { ...noSurvival(), seeds: 1 });
    } finally {
      await t.close();
    }
  }, 120_000);
});

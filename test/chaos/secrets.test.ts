/**
 * Chaos scenario, secrets and personal data: canaries — the apps' client secrets (random per
 * tenant) and a hired user's mail, phones and street (unique strings) — must never appear where
 * they do not belong, over a plan, a markdown plan with --redact (what the pull-request comment
 * posts, README "The pull-request comment"), an apply by the read-only planner identity (every
 * write refused: error messages) and an apply by the applier:
 *
 * - secrets: nowhere — no output, no log, no plan, no state file;
 * - personal data: not in any log (stderr), not in the apply report, not in the redacted markdown,
 *   not in the messages of the plan's warnings and skipped mailboxes, not in the state directory's files other than
 *   its snapshots of the directory and of mailbox folders (README.txt says those hold personal data).
 *
 * The canaries and how they are searched for are test/chaos/canary.ts's.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { CANARY_PERSONAL, canaryUser, leaks } from "./canary";
import { startChaosTenant } from "./chaos-tenant";
import { runCli } from "./cli";
import { chaosSize, noSurvival, report } from "./survival";

const size = chaosSize({ seeds: 1, users: 20, mailboxes: 4 });

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}

/** Personal data as stored: the directory snapshot and the contact-folder snapshots (src/state/keys.ts). */
const isSnapshot = (file: string): boolean => /^(directory~2f~users|contacts~2f~)/.test(path.basename(file));

describe("secrets and personal data canaries", () => {
  it("never appear in logs, reports, redacted plans, plan error fields or non-personal state", async () => {
    const t = await startChaosTenant({ users: size.users, mailboxes: size.mailboxes, seed: 10 });
    try {
      await fetch(`${t.handle.controlUrl}/users`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(canaryUser(t.handle.domain)) });
      const secrets = [t.handle.apps.applier.clientSecret, t.handle.apps.planner.clientSecret];
      const personal = CANARY_PERSONAL;
      const cli = (args: string[], app: "applier" | "planner" = "applier") => runCli(t, args, app);
      const planFile = path.join(t.stateDir, "..", "plan.json");
      const plan = await cli(["plan", "--format", "json", "--out", planFile], "planner");
      expect(plan.code, plan.stderr).toBe(2);
      const redacted = await cli(["plan", "--format", "markdown", "--redact"], "planner");
      const refused = await cli(["apply", "--format", "json"], "planner");
      expect(refused.code, refused.stdout + refused.stderr).toBe(1);
      const applied = await cli(["apply", "--format", "json"]);
      expect(applied.code, applied.stderr).toBe(0);

      const planText = await fs.readFile(planFile, "utf8");
      const planDoc = JSON.parse(planText) as { policies: { warnings: { message: string }[]; skipped: { reason: string }[] }[] };
      // The canaries are there to be found: the plan holds the contact as it will be written.
      expect(leaks(planText, personal)).toEqual(personal);
      expect(planDoc.policies.flatMap((p) => p.warnings).length).toBeGreaterThan(0);

      const logs = [plan, redacted, refused, applied].map((r) => r.stderr).join("\n");
      const reports = [refused.stdout, applied.stdout].join("\n");
      // Least privilege: the read-only identity plans, and its apply fails every mailbox
      // on the first refused write (its folder create), exit 1 — never skipped as out of scope.
      const refusedReport = JSON.parse(refused.stdout) as { failures: unknown[]; skipped: unknown[]; planned: { mailboxes: number }; requests: { byMethod: Record<string, number> } };
      expect(refusedReport.failures).toHaveLength(refusedReport.planned.mailboxes);
      expect(refusedReport.skipped).toEqual([]);
      expect(refusedReport.requests.byMethod["POST"]).toBe(refusedReport.planned.mailboxes);
      // The plan's error fields: what its warnings and skipped mailboxes say, in words.
      const errorFields = planDoc.policies.flatMap((p) => [...p.warnings.map((w) => w.message), ...p.skipped.map((k) => k.reason)]).join("\n");
      for (const [where, text] of Object.entries({ logs, reports, "redacted plan": redacted.stdout, "plan warnings and skipped": errorFields })) {
        expect(leaks(text, [...secrets, ...personal]), where).toEqual([]);
      }
      expect(leaks([plan.stdout, planText].join("\n"), secrets), "plan").toEqual([]);

      const stateFiles = await filesUnder(t.stateDir);
      expect(stateFiles.some(isSnapshot)).toBe(true);
      for (const file of stateFiles) {
        const text = await fs.readFile(file, "utf8").catch(() => "");
        expect(leaks(text, secrets), file).toEqual([]);
        if (!isSnapshot(file)) expect(leaks(text, personal), file).toEqual([]);
      }
      report("secrets", { ...noSurvival(), seeds: 1 });
    } finally {
      await t.close();
    }
  }, 180_000);
});

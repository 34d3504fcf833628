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
 * The user's name is not a canary: plans show names by design, redacted or not.
 */
import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { startChaosTenant } from "./chaos-tenant";
import { chaosSize, noSurvival, report } from "./survival";

const BIN = path.resolve(__dirname, "../../bin/cync.js");
const size = chaosSize({ seeds: 1, users: 20, mailboxes: 4 });

const CANARY = { mail: "qzx7canary", phone: "4255550199", business: "5550177", street: "Qzx7 Canary Row" };

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

/** Canary digits survive formatting ("+1 425-555-0199"): compare digits too. */
const digits = (s: string): string => s.replace(/\D/g, "");

function leaks(text: string, canaries: readonly string[]): string[] {
  return canaries.filter((c) => text.includes(c) || (/^\d+$/.test(c) && digits(text).includes(c)));
}

describe("secrets and personal data canaries", () => {
  it("never appear in logs, reports, redacted plans, plan error fields or non-personal state", async () => {
    const t = await startChaosTenant({ users: size.users, mailboxes: size.mailboxes, seed: 10 });
    try {
      const domain = t.handle.domain;
      await fetch(`${t.handle.controlUrl}/users`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          // The UPN is shown in plans as an identifier, like the name; the mail is the canary.
          userPrincipalName: `canary.person@${domain}`,
          mail: `${CANARY.mail}@${domain}`,
          displayName: "Canary Person",
          accountEnabled: true,
          userType: "Member",
          mobilePhone: "+1 425 555 0199",
          // Not international and no defaultRegion: a phone warning about this user.
          businessPhones: ["555 0177"],
          streetAddress: CANARY.street,
          mailbox: "user",
        }),
      });
      const secrets = [t.handle.apps.applier.clientSecret, t.handle.apps.planner.clientSecret];
      const personal = [CANARY.mail, CANARY.phone, CANARY.business, CANARY.street];
      // Asynchronously: the tenant answers from this process.
      const cli = (args: string[], app: "applier" | "planner" = "applier") =>
        new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
          const env = { ...process.env, ...t.env, AZURE_CLIENT_ID: t.handle.apps[app].clientId, AZURE_CLIENT_SECRET: t.handle.apps[app].clientSecret };
          const child = spawn(process.execPath, [BIN, ...args, "--policies", t.policiesDir, "--state-dir", t.stateDir], { env });
          let stdout = "";
          let stderr = "";
          child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
          child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
          child.on("close", (code) => resolve({ code, stdout, stderr }));
        });
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

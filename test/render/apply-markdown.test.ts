import { describe, expect, it } from "vitest";
import type { ApplyReport } from "../../src/apply/report";
import { applyErrorMarkdown, renderApplyMarkdown, type ApplyOutcomeSummary } from "../../src/render/markdown/apply-report";
import { applyReport } from "../helpers/apply-report";
import { POLICY } from "../plan/fixtures";

/** Everything planned was applied, in two mailboxes, without a retry. */
const applied = applyReport({
  summary: { create: 3, update: 1, delete: 1, mailboxes: 2 },
  planned: { create: 3, update: 1, delete: 1, mailboxes: 2 },
  requests: { total: 9, byMethod: { DELETE: 1, GET: 2, PATCH: 1, POST: 5 } },
  durationMs: 1_234,
});

const nothingToDo = applyReport({ requests: { total: 2, byMethod: { GET: 2 } }, durationMs: 450 });

/** Two mailboxes failed (one with an error that looks like markup), one was skipped, Graph throttled. */
const failedAndThrottled: ApplyReport = {
  ...applied,
  summary: { create: 1, update: 0, delete: 0, mailboxes: 1 },
  planned: { create: 3, update: 1, delete: 0, mailboxes: 3 },
  failures: [
    { policy: POLICY, mailboxId: "m-2", failedChanges: 1, error: "Graph 400 ErrorInvalidProperty" },
    { policy: POLICY, mailboxId: "m-3", failedChanges: 2, error: "Graph 503 <html>|busy" },
  ],
  skipped: [{ policy: POLICY, mailboxId: "m-9", reason: "no Exchange Online mailbox" }],
  retries: 7,
  throttled: 5,
};

/** Exchange refused one user's contact in three mailboxes; everything else was written. */
const refusedContact: ApplyReport = {
  ...applied,
  refusedContacts: [{ policy: POLICY, sourceUserId: "u-7", mailboxes: 3, error: "400 ErrorInvalidProperty" }],
};

const allowedAndNoted: ApplyReport = {
  ...applied,
  recovered: 1,
  alreadyDone: 2,
  foldersRemoved: 1,
  allowedGuardViolations: ["policy all-employees: 120 deletes exceed the limit of 50"],
};

const refused: ApplyOutcomeSummary = {
  kind: "refused",
  plan: { summary: { create: 0, update: 0, delete: 120, mailboxes: 40 } },
  violations: [{ message: "policy all-employees: 120 deletes exceed the limit of 50 (max of 50 and 10% of 400 owned contacts)" }],
};

describe("renderApplyMarkdown: the reconcile job's summary", () => {
  it.each<[string, ApplyOutcomeSummary, readonly string[]]>([
    ["applied", { kind: "applied", report: applied }, ["**3 created · 1 updated · 1 deleted** in 2 of 2 mailboxes (1.2s)", "| Applied | 3 | 1 | 1 | 2 |", "Graph requests: 9 (DELETE 1, GET 2, PATCH 1, POST 5) · 0 retries · 0 throttled"]],
    ["nothing-to-do", { kind: "applied", report: nothingToDo }, ["**Nothing to apply.** Every targeted mailbox is up to date (450ms)."]],
    [
      "failures-by-mailbox",
      { kind: "applied", report: failedAndThrottled },
      [
        "**Failed in 2 mailboxes**",
        `| \`${POLICY}\` | <code>m-2</code> | 1 | Graph 400 ErrorInvalidProperty |`,
        `| \`${POLICY}\` | <code>m-3</code> | 2 | Graph 503 &lt;html&gt;&#124;busy |`,
        "· 7 retries · 5 throttled",
        "Skipped 1 target mailbox: 1 no Exchange Online mailbox.",
      ],
    ],
    [
      "refused-by-user",
      { kind: "applied", report: refusedContact },
      [
        "**Refused for 1 user**: Exchange refused their contact (400): fix the user's directory data; the other contacts were written.",
        "| Policy | User | Mailboxes | Error |",
        `| \`${POLICY}\` | <code>u-7</code> | 3 | 400 ErrorInvalidProperty |`,
      ],
    ],
    ["allowed-and-notes", { kind: "applied", report: allowedAndNoted }, ["**Allowed by `--allow-deletes`:**", "> - policy all-employees: 120 deletes exceed the limit of 50", "> - 1 creates whose response was lost", "> - 2 planned changes were already done", "> - 1 contact folders cync had created were removed, empty"]],
    ["guard-refusal", refused, ["**Refused by the safety guards: nothing was written.** The plan: 0 to create · 0 to update · 120 to delete in 40 mailboxes.", "> - policy all-employees: 120 deletes exceed"]],
  ])("%s", async (name, outcome, says) => {
    const md = renderApplyMarkdown(outcome);
    for (const text of says) expect(md).toContain(text);
    await expect(md).toMatchFileSnapshot(`golden/apply-${name}.md`);
  });

  it("says nothing of failures, notes, allowances or skips that did not happen", () => {
    const md = renderApplyMarkdown({ kind: "applied", report: applied });
    for (const absent of ["Failed", "[!NOTE]", "--allow-deletes", "Skipped"]) expect(md).not.toContain(absent);
  });

  it("lists at most the given number of failed mailboxes, then counts the rest", () => {
    const failures = Array.from({ length: 5 }, (_, i) => ({ policy: POLICY, mailboxId: `m-${i}`, failedChanges: 1, error: "boom" }));
    const md = renderApplyMarkdown({ kind: "applied", report: { ...applied, failures } }, 3);
    expect(md.match(/<code>m-\d<\/code>/g)).toEqual(["<code>m-0</code>", "<code>m-1</code>", "<code>m-2</code>"]);
    expect(md).toContain("| … and 2 more | | | |");
  });

  it("says why an apply stopped on an error, escaped", () => {
    expect(applyErrorMarkdown("token request failed: <AADSTS700016>")).toBe("## cync apply\n\n> [!CAUTION]\n> **cync apply failed:** token request failed: &lt;AADSTS700016&gt;\n");
  });
});

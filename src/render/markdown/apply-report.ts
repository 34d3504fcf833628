/**
 * What an apply did, in markdown: the run's page in GitHub Actions (`cync apply --summary
 * "$GITHUB_STEP_SUMMARY"` in .github/workflows/reconcile.yml) — one glance says what was written,
 * what failed and where, what it cost in requests and throttling, and what a safety guard refused.
 * Built from the apply report (src/apply/report.ts), which names mailboxes by object id and errors
 * by cync's own messages: nothing here quotes contact data.
 */
import { reportNotes, skippedByReason, type ApplyReport } from "../../apply/report";
import type { Shard } from "../../engine/partition";
import type { PlanSummary } from "../../plan/types";
import { count, duration, plural, runTitle } from "../format";
import { mdCode, mdText } from "./escape";

/** What `cync apply` ended with: a report, or the guards' refusal before any write (src/apply/execute.ts). */
export type ApplyOutcomeSummary =
  | { readonly kind: "applied"; readonly report: ApplyReport; readonly plan?: { readonly shard?: Shard } }
  | { readonly kind: "refused"; readonly plan: { readonly summary: PlanSummary; readonly shard?: Shard }; readonly violations: readonly { readonly message: string }[] };

/** Failed mailboxes listed one per row, then counted: a step summary holds at most 1 MiB. */
const MAX_FAILURE_ROWS = 50;

/** The heading, with the shard the run covered (`--shard`), so a gathered summary says whose it is. */
const title = (shard: Shard | undefined): string => `## ${runTitle("cync apply", shard)}\n`;

const quoted = (heading: string, items: readonly string[]): string => [heading, ...items.map((i) => `> - ${mdText(i)}`), ""].join("\n");

const totals = (s: PlanSummary): string => `${count(s.create)} to create · ${count(s.update)} to update · ${count(s.delete)} to delete in ${plural(s.mailboxes, "mailbox")}`;

export function renderApplyMarkdown(outcome: ApplyOutcomeSummary, maxFailures = MAX_FAILURE_ROWS): string {
  const heading = title(outcome.plan?.shard);
  if (outcome.kind === "refused") {
    return [
      heading,
      quoted(`> [!CAUTION]\n> **Refused by the safety guards: nothing was written.** The plan: ${totals(outcome.plan.summary)}.`, outcome.violations.map((v) => v.message)),
      "Rerun with `--allow-deletes` if these deletes are intended, or raise the policy's safety limits.\n",
    ].join("\n");
  }
  const r = outcome.report;
  const nothingPlanned = r.planned.create + r.planned.update + r.planned.delete === 0;
  const methods = Object.entries(r.requests.byMethod).map(([m, n]) => `${m} ${count(n)}`).join(", ") || "none";
  const sections = [
    heading,
    nothingPlanned
      ? `**Nothing to apply.** Every targeted mailbox is up to date (${duration(r.durationMs)}).\n`
      : [
          `**${count(r.summary.create)} created · ${count(r.summary.update)} updated · ${count(r.summary.delete)} deleted** in ${count(r.summary.mailboxes)} of ${plural(r.planned.mailboxes, "mailbox")} (${duration(r.durationMs)})`,
          "",
          "| | Create | Update | Delete | Mailboxes |",
          "|---|--:|--:|--:|--:|",
          `| Planned | ${count(r.planned.create)} | ${count(r.planned.update)} | ${count(r.planned.delete)} | ${count(r.planned.mailboxes)} |`,
          `| Applied | ${count(r.summary.create)} | ${count(r.summary.update)} | ${count(r.summary.delete)} | ${count(r.summary.mailboxes)} |`,
          "",
        ].join("\n"),
    `Graph requests: ${count(r.requests.total)} (${methods}) · ${count(r.retries)} ${r.retries === 1 ? "retry" : "retries"} · ${count(r.throttled)} throttled\n`,
    r.failures.length === 0 ? "" : failureSection(r.failures, maxFailures),
    r.allowedGuardViolations.length === 0 ? "" : quoted("> [!WARNING]\n> **Allowed by `--allow-deletes`:**", r.allowedGuardViolations),
    reportNotes(r).length === 0 ? "" : quoted("> [!NOTE]", reportNotes(r)),
    r.skipped.length === 0 ? "" : `Skipped ${plural(r.skipped.length, "target mailbox")}: ${mdText(skippedByReason(r))}.\n`,
  ];
  return sections.filter((s) => s !== "").join("\n");
}

function failureSection(failures: ApplyReport["failures"], max: number): string {
  const rows = failures.slice(0, max).map((f) => `| \`${f.policy}\` | ${mdCode(f.mailboxId)} | ${count(f.failedChanges)} | ${mdText(f.error)} |`);
  if (failures.length > max) rows.push(`| … and ${count(failures.length - max)} more | | | |`);
  return [
    "> [!CAUTION]",
    `> **Failed in ${plural(failures.length, "mailbox")}**: their changes were not applied; the next run retries them.`,
    "",
    "| Policy | Mailbox | Changes not applied | Error |",
    "|---|---|--:|---|",
    ...rows,
    "",
  ].join("\n");
}

/** The summary of an apply that stopped on an error: its one-line message (cync's own, never a secret). */
export const applyErrorMarkdown = (message: string, shard?: Shard): string => `${title(shard)}\n> [!CAUTION]\n> **cync apply failed:** ${mdText(message)}\n`;

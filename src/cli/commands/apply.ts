/**
 * `cync apply`: plan, check the safety guards, and make the plan real through Microsoft Graph.
 * Takes `cync plan`'s options, plus `--concurrency`, `--plan FILE`, `--allow-deletes` and
 * `--summary FILE` (the result in markdown, appended: GitHub Actions' job summary).
 *
 * Output: the plan (text or markdown) on stdout, live progress on stderr — a status line on a
 * terminal, JSON lines otherwise — then the summary; with `--format json`, stdout carries one JSON
 * document ending with the summary of what was done.
 *
 * Exit status: 0 applied (or nothing to do), 1 error or a mailbox failed (the others were applied),
 * 3 refused by a safety guard (nothing written).
 */
import { promises as fs } from "node:fs";
import type { Command } from "commander";
import { executeApply, pacingFor, type ExecuteOutcome } from "../../apply/execute";
import { renderReport, reportSucceeded } from "../../apply/report";
import { parseSavedPlan } from "../../apply/saved-plan";
import { openSession, type SessionOptions } from "../../engine/session";
import { isEmptyPlan } from "../../plan/aggregate";
import { openRecord } from "../../record/file";
import { formatLoadResult, hasErrors, textLine } from "../../policy/format";
import { loadPolicies } from "../../policy/load";
import { DEFAULT_ESTIMATE, renderPlan } from "../../render";
import { applyErrorMarkdown, renderApplyMarkdown } from "../../render/markdown/apply-report";
import type { Runner } from "./register";
import { createProgressReporter, type ProgressSink } from "../progress";
import { addPlanOptions, budget, oneLine, photoRefreshMs, planFilters, sweepLine, type PlanOptions } from "./plan-options";

/** Exit status when a safety guard refuses the plan; distinct from errors (1) and plan's "changes" (2). */
export const EXIT_REFUSED = 3;

export interface ApplyOptions extends PlanOptions {
  readonly plan?: string;
  readonly allowDeletes?: boolean;
  readonly summary?: string;
}

/** Where the command writes; injected by tests and the demo. */
export interface ApplyIOStreams {
  readonly stdout: ProgressSink;
  readonly stderr: ProgressSink;
  readonly env?: SessionOptions["env"];
}

const HELP_AFTER = `
Safety guards, checked on the whole plan before any write:
  - a policy's plan deleting more than max(safety.maxDeletes, safety.maxDeletePercent % of the
    contacts it owns) is refused;
  - a policy whose directory read returned no source users while it owns contacts is refused
    (an empty or failed read looks exactly like everyone leaving);
  - removals of what is no longer declared (mailbox-left-targets, policy-removed) count like any
    delete; a removed policy is judged by the limits the record kept for it (--record).
  --allow-deletes lets such a plan through (say so in the change record); raising the policy's
  limits allows it for good. Deletion style is the policy's safety.deletion: deletedItems
  (recoverable) or permanent (leavers do not linger in Deleted Items).

Only contacts that carry this policy's ownership marker are ever updated or deleted, checked when
planning and again against a fresh read of each mailbox before its writes; a user's own contacts
are never touched.

Credentials: as for \`cync plan\` (needs Contacts.ReadWrite in addition).

Exit status: 0 applied or nothing to do, 1 error or some mailboxes failed (the others were applied;
the next run retries), 3 refused by a safety guard (nothing written).

Examples:
  cync apply
  cync apply --policy all-employees --concurrency 32
  cync plan --format json --out plan.json && cync apply --plan plan.json
  cync apply --allow-deletes --format json --out apply.json
  cync apply --format json --out apply.json --summary "$GITHUB_STEP_SUMMARY"
  cync apply --shard 2/4   (one of 4 runners at once, each paced to 1/4 of the app's request rate; README "Sharding")`;

export function registerApply(program: Command, run: Runner): void {
  addPlanOptions(
    program
      .command("apply")
      .description("Create, update and delete contacts in every target mailbox as planned. Only ever changes contacts cync owns."),
    "apply",
  )
    .option("--plan <file>", "apply this saved plan (cync plan --format json) if the directory and policies still match; otherwise re-plan")
    .option("--allow-deletes", "apply even when a safety guard refuses the plan's deletes", false)
    .option("--summary <file>", "append the result in markdown to this file (GitHub Actions: \"$GITHUB_STEP_SUMMARY\")")
    .addHelpText("after", HELP_AFTER)
    .action(run((options: ApplyOptions) => applyCommand(options)));
}

export async function applyCommand(options: ApplyOptions, streams: ApplyIOStreams = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const { stdout, stderr } = streams;
  const json = options.format === "json";
  // Appended, as GitHub Actions expects of $GITHUB_STEP_SUMMARY (other steps write there too).
  const summarise = async (markdown: string): Promise<void> => {
    if (options.summary !== undefined) await fs.appendFile(options.summary, markdown);
  };
  try {
    const loaded = await loadPolicies([options.policies]);
    if (hasErrors(loaded)) {
      stderr.write(formatLoadResult(loaded, "text"));
      const message = `the policies have errors (run \`cync validate ${options.policies}\`)`;
      stderr.write(`cync apply: ${message}\n`);
      await summarise(applyErrorMarkdown(message, options.shard));
      return 1;
    }
    // Warnings do not stop an apply, but the operator should see them.
    for (const d of loaded.diagnostics) stderr.write(`${textLine(d)}\n`);
    const saved = options.plan === undefined ? undefined : parseSavedPlan(await fs.readFile(options.plan, "utf8"), options.plan);
    const session = openSession({
      stateDir: options.stateDir,
      concurrency: options.concurrency,
      photoRefreshMs: photoRefreshMs(options),
      ...budget(options),
      requester: { pacing: pacingFor(options.concurrency) },
      ...(streams.env === undefined ? {} : { env: streams.env }),
    });
    const record = options.record === undefined ? undefined : await openRecord(options.record, session.tenant);
    const progress = createProgressReporter(stderr);
    let last: Parameters<typeof progress.update>[0] | undefined;
    // Nothing to apply: no progress to show.
    let quiet = false;
    const outcome = await executeApply({
      policies: loaded.policies,
      session,
      filters: planFilters(options),
      ...(saved === undefined ? {} : { saved }),
      allowDeletes: options.allowDeletes === true,
      concurrency: options.concurrency,
      ...(record === undefined ? {} : { record }),
      sweep: options.sweep === true,
      onPlan: ({ plan, violations, staleReasons, sweep }) => {
        quiet = isEmptyPlan(plan);
        if (sweep !== undefined) stderr.write(sweepLine(sweep));
        if (options.plan !== undefined) stderr.write(savedPlanNote(options.plan, staleReasons));
        const estimate = { ...DEFAULT_ESTIMATE, concurrency: options.concurrency };
        if (!json) stdout.write(renderPlan(plan, options.format, { redact: options.redact === true, violations, estimate }));
      },
      onProgress: (s) => {
        last = s;
        if (!quiet) progress.update(s);
      },
    });
    if (last !== undefined && !quiet) progress.finish(last);
    const result = render(outcome, json);
    if (options.out === undefined) stdout.write(result);
    else {
      await fs.writeFile(options.out, result, { mode: 0o600 });
      stdout.write(`cync apply: result written to ${options.out}\n`);
    }
    await summarise(renderApplyMarkdown(outcome));
    if (outcome.kind === "refused") {
      for (const v of outcome.violations) stderr.write(`cync apply: REFUSED: ${v.message}\n`);
      stderr.write("cync apply: nothing was written; rerun with --allow-deletes if these deletes are intended, or raise the policy's safety limits\n");
      return EXIT_REFUSED;
    }
    return reportSucceeded(outcome.report) ? 0 : 1;
  } catch (err) {
    stderr.write(`cync apply: ${oneLine(err)}\n`);
    // The summary says why the run stopped; if the summary itself cannot be written, the log has said it.
    await summarise(applyErrorMarkdown(oneLine(err), options.shard)).catch(() => undefined);
    return 1;
  }
}

function savedPlanNote(file: string, staleReasons: readonly string[]): string {
  return staleReasons.length > 0
    ? `cync apply: the saved plan ${file} is stale (${staleReasons.join("; ")}); re-planned — applying the plan shown\n`
    : `cync apply: applying the saved plan ${file} (made from the same directory and policies)\n`;
}

function render(outcome: ExecuteOutcome, json: boolean): string {
  if (json) {
    const base = { ...(outcome.plan.shard === undefined ? {} : { shard: outcome.plan.shard }), planned: outcome.plan.summary, staleSavedPlan: outcome.staleReasons };
    return `${JSON.stringify(
      outcome.kind === "refused"
        ? { ...base, refused: outcome.violations.map((v) => ({ kind: v.kind, policy: v.policy, message: v.message })), summary: { create: 0, update: 0, delete: 0, mailboxes: 0 } }
        : { ...base, ...outcome.report },
      null,
      2,
    )}\n`;
  }
  if (outcome.kind === "refused") return "";
  return renderReport(outcome.report);
}

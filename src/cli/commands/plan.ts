/**
 * `cync plan`: read the directory and every target mailbox, and show what `cync apply` would
 * change — without changing anything. Exit status follows terraform's `-detailed-exitcode`:
 * 0 no changes, 2 changes, 1 error (one line on stderr, no stack, no secrets).
 */
import { promises as fs } from "node:fs";
import type { Command } from "commander";
import { computePlan } from "../../engine/plan";
import { openSession } from "../../engine/session";
import { isEmptyPlan } from "../../plan/aggregate";
import { checkDeleteGuard } from "../../plan/guard";
import { formatLoadResult, hasErrors, textLine } from "../../policy/format";
import { loadPolicies } from "../../policy/load";
import { readRecord } from "../../record/file";
import { DEFAULT_ESTIMATE, renderPlan } from "../../render";
import type { Runner } from "./register";
import { addPlanOptions, budget, oneLine, photoRefreshMs, planFilters, sweepLine, type PlanOptions } from "./plan-options";

const HELP_AFTER = `
Credentials come from the environment (never from files or flags):
  AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or AZURE_CLIENT_CERTIFICATE_PATH, or
  AZURE_FEDERATED_TOKEN_FILE; GitHub Actions OIDC; CYNC_CREDENTIAL=managed-identity or azure-cli.
  AZURE_AUTHORITY_HOST and CYNC_GRAPH_URL (default https://graph.microsoft.com) select the cloud —
  or the embedded tenant started by \`cync sim\` (with NODE_EXTRA_CA_CERTS set to its CA).
  Needs User.Read.All, GroupMember.Read.All and Contacts.Read (MailboxSettings.Read when a policy
  targets shared, room or equipment mailboxes).

The state directory caches delta links and snapshots so an unchanged tenant costs one directory
request and one request per mailbox; deleting it only costs time. It holds personal data: keep it
out of git. Plans in JSON and text hold personal data too; --redact masks phones, addresses and
notes in text and markdown.

Exit status: 0 no changes, 2 changes planned, 1 error.

Examples:
  cync plan
  cync plan --policy all-employees --mailbox alice@contoso.com
  cync plan --format markdown --redact --out plan.md
  cync plan --format json --out plan.json && cync apply --plan plan.json
  cync plan --format json --out plan.json --redact --summary "$GITHUB_STEP_SUMMARY"
  cync plan --base-policies "$RUNNER_TEMP/base-policies" --format markdown
  cync plan --shard 2/4 --format json --out plan-2.json   (one of 4 runners; README "Sharding")`;

export function registerPlan(program: Command, run: Runner): void {
  addPlanOptions(
    program
      .command("plan")
      .description("Show the contacts cync would create, update and delete in every target mailbox. Changes nothing."),
    "plan",
  )
    .option(
      "--base-policies <dir>",
      "the base branch's policies: plan them too over the same directory read and show apart what this pull request changes and what is pending regardless of it",
    )
    .option("--summary <file>", "also append the plan in markdown (masked with --redact) to this file (GitHub Actions: \"$GITHUB_STEP_SUMMARY\")")
    .addHelpText("after", HELP_AFTER)
    .action(run((options: PlanCommandOptions) => planCommand(options)));
}

interface PlanCommandOptions extends PlanOptions {
  /** Where the markdown plan is appended too: one directory read gives both the saved plan and the job summary. */
  readonly summary?: string;
  /** The base branch's policy directory: the plan is split into the pull request's effect and what is pending (plan/split.ts). */
  readonly basePolicies?: string;
}

async function planCommand(options: PlanCommandOptions): Promise<number> {
  try {
    const loaded = await loadPolicies([options.policies]);
    if (hasErrors(loaded)) {
      process.stderr.write(formatLoadResult(loaded, "text"));
      process.stderr.write(`cync plan: the policies have errors (run \`cync validate ${options.policies}\`)\n`);
      return 1;
    }
    // Warnings do not stop a plan, but the reader should see them (stderr keeps stdout a clean plan).
    for (const d of loaded.diagnostics) process.stderr.write(`${textLine(d)}\n`);
    const base = options.basePolicies === undefined ? undefined : await loadPolicies([options.basePolicies]);
    if (base !== undefined && hasErrors(base)) {
      process.stderr.write(formatLoadResult(base, "text"));
      process.stderr.write(`cync plan: the base policies have errors (run \`cync validate ${options.basePolicies}\`)\n`);
      return 1;
    }
    const session = openSession({ stateDir: options.stateDir, concurrency: options.concurrency, photoRefreshMs: photoRefreshMs(options), ...budget(options) });
    const filters = planFilters(options);
    const record = options.record === undefined ? undefined : await readRecord(options.record, session.tenant);
    const { plan, meta } = await computePlan({
      policies: loaded.policies,
      steps: session.steps,
      io: session.io,
      filters,
      tenant: session.tenant,
      ...(base === undefined ? {} : { basePolicies: base.policies }),
      ...(record === undefined ? {} : { record }),
      sweep: options.sweep === true,
    });
    if (meta.sweep !== undefined) process.stderr.write(sweepLine(meta.sweep));
    const limits = new Map([...loaded.policies.map((p) => p.resolved), ...meta.removed].map((p) => [p.name, p.safety]));
    const violations = checkDeleteGuard(plan, limits);
    // The apply that follows takes the same options (plan-options.ts): estimate at its concurrency.
    const estimate = { ...DEFAULT_ESTIMATE, concurrency: options.concurrency };
    const renderOptions = { redact: options.redact === true, violations, estimate };
    const text = renderPlan(plan, options.format, renderOptions);
    if (options.out === undefined) process.stdout.write(text);
    else {
      await fs.writeFile(options.out, text, { mode: 0o600 });
      const s = plan.summary;
      process.stdout.write(`cync plan: ${s.create} to create, ${s.update} to update, ${s.delete} to delete in ${s.mailboxes} mailboxes; written to ${options.out}\n`);
    }
    if (options.summary !== undefined) await fs.appendFile(options.summary, renderPlan(plan, "markdown", renderOptions));
    return isEmptyPlan(plan) ? 0 : 2;
  } catch (err) {
    process.stderr.write(`cync plan: ${oneLine(err)}\n`);
    return 1;
  }
}

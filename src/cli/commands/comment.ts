/**
 * `cync comment`: post a saved plan to its pull request as ONE sticky comment, created on the first
 * run and edited in place on every later one (src/notify/). The comment is the redacted markdown
 * plan, within GitHub's size limit by construction, linking the full plan; `--failed` says instead
 * that the plan failed, so a stale plan never stays up.
 *
 * Exit status: 0 posted (created, updated or already up to date), 1 error (one line on stderr,
 * never the token).
 */
import { promises as fs, readFileSync } from "node:fs";
import type { Command } from "commander";
import { evaluateGuards } from "../../apply/guard";
import { parseSavedPlan } from "../../apply/saved-plan";
import { mergeShardPlans } from "../../plan/merge-shards";
import { failedComment, planComment } from "../../notify/body";
import { commentContext } from "../../notify/context";
import { githubClient, postStickyComment } from "../../notify/github";
import { formatLoadResult, hasErrors } from "../../policy/format";
import { loadPolicies } from "../../policy/load";
import { oneLine, positiveInt } from "./plan-options";
import type { Runner } from "./register";

export interface CommentOptions {
  /** The saved plan, or the N shard plans of one (`cync plan --shard i/N`), merged into one (src/plan/merge-shards.ts). */
  readonly plan?: string | readonly string[];
  readonly failed?: boolean;
  readonly policies: string;
  /** Commander's `--no-redact`: true unless that flag is given. */
  readonly redact: boolean;
  readonly pr?: number;
  readonly artifactUrl?: string;
}

/** What the command reads and writes; injected by tests. */
export interface CommentIO {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Milliseconds per second of a GitHub `Retry-After`; tests shorten it. */
  readonly retryAfterBaseMs?: number;
}

const HELP_AFTER = `
Environment (GitHub Actions sets all but GITHUB_TOKEN):
  GITHUB_TOKEN        a token that may write pull-request comments (workflow: secrets.GITHUB_TOKEN
                      with \`permissions: pull-requests: write\`); never printed
  GITHUB_REPOSITORY   owner/repo
  GITHUB_EVENT_PATH   the pull_request event, for the pull request number (or --pr)
  GITHUB_API_URL      REST API root (default https://api.github.com)
  GITHUB_SERVER_URL, GITHUB_RUN_ID   this run's page, linked as where the full plan and the log are

The comment is found again by the hidden marker at its end (comments written by a bot only: a
person quoting it is never edited), updated only when its text changed, and never longer than
GitHub's 65,536 characters: changes that do not fit are counted, and the full plan is linked.

Several --plan files must be the shards 1…N of one \`cync plan --shard i/N\` run, each exactly once:
they are merged into one plan (and the safety limits judged on it), and a missing shard is an error.

Exit status: 0 comment created, updated or already up to date; 1 error.

Examples:
  cync plan --format json --out plan.json; cync comment --plan plan.json
  cync comment --plan plan-1.json --plan plan-2.json --plan plan-3.json   # the 3 shards of one plan
  cync comment --plan plan.json --pr 42 --artifact-url https://github.com/o/r/actions/runs/1/artifacts/2
  cync comment --failed`;

export function registerComment(program: Command, run: Runner): void {
  program
    .command("comment")
    .description("Post a saved plan to its pull request as one sticky comment, updated in place on every run.")
    .option("--plan <file>", "the saved plan (cync plan --format json --out FILE); repeated: the shards' plans of one sharded plan (--shard i/N), every shard once", collect)
    .option("--failed", "say that the plan failed instead (linking the run's log)", false)
    .option("--policies <dir>", "the policy files the plan was made from, for its safety-limit refusals", "policies")
    .option("--no-redact", "show personal values unmasked (everyone who can read the pull request reads the comment)")
    .option("--pr <n>", "pull request number (default: from GITHUB_EVENT_PATH)", (v) => positiveInt(v, "--pr"))
    .option("--artifact-url <url>", "where the full plan is (default: this workflow run's page)")
    .addHelpText("after", HELP_AFTER)
    .action(run((options: CommentOptions) => commentCommand(options)));
}

export async function commentCommand(options: CommentOptions, io: CommentIO = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  try {
    if ((options.plan === undefined) === (options.failed !== true)) {
      io.stderr.write("cync comment: give either --plan FILE (a saved plan) or --failed\n");
      return 1;
    }
    const context = commentContext(io.env, { pr: options.pr, artifactUrl: options.artifactUrl }, (path) => readFileSync(path, "utf8"));
    const body = options.plan === undefined ? failedComment(context.runUrl) : await renderSavedPlan([options.plan].flat(), options, context.fullPlanUrl, io);
    if (body === undefined) return 1;
    const client = githubClient(context.token, context.target.apiUrl, io.retryAfterBaseMs === undefined ? {} : { retryAfterBaseMs: io.retryAfterBaseMs });
    const result = await postStickyComment(client, context.target, body);
    io.stdout.write(`cync comment: ${result.kind} ${result.url}\n`);
    return 0;
  } catch (err) {
    io.stderr.write(`cync comment: ${oneLine(err)}\n`);
    return 1;
  }
}

/** `--plan` given again adds a file. */
const collect = (file: string, files: readonly string[] | undefined): string[] => [...(files ?? []), file];

/**
 * The plan's comment (the shards' plans merged into one), with the refusals its policies' safety
 * limits make (as `cync plan` shows them); undefined when the policies have errors.
 */
async function renderSavedPlan(files: readonly string[], options: CommentOptions, fullPlanUrl: string | undefined, io: CommentIO): Promise<string | undefined> {
  const plan = mergeShardPlans(await Promise.all(files.map(async (source) => ({ source, plan: parseSavedPlan(await fs.readFile(source, "utf8"), source) }))));
  const loaded = await loadPolicies([options.policies]);
  if (hasErrors(loaded)) {
    io.stderr.write(formatLoadResult(loaded, "text"));
    io.stderr.write(`cync comment: the policies have errors (run \`cync validate ${options.policies}\`)\n`);
    return undefined;
  }
  const { refused } = evaluateGuards(plan, loaded.policies.map((p) => p.resolved), false);
  return planComment(plan, { redact: options.redact, violations: refused, fullPlanUrl });
}

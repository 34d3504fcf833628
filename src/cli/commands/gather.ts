/**
 * `cync gather <results…>`: the results of a sharded run's `cync apply --shard i/N --format json`
 * (one per matrix job) gathered into one summary — totals, each shard's outcome, failures by shard
 * and mailbox (src/apply/gather.ts). `--shards N` names how many there should be, so a shard whose
 * job died before writing its result shows as missing instead of vanishing.
 *
 * Exit status: 0 every shard applied, 1 a shard failed, is missing or a file is not a result, 3 a
 * shard was refused by a safety guard (and nothing else went wrong), as `cync apply`'s.
 */
import { promises as fs } from "node:fs";
import { Option, type Command } from "commander";
import { gatherExitCode, gatherShards, type GatherInput } from "../../apply/gather";
import { renderGatherMarkdown, renderGatherText } from "../../render/gather";
import { EXIT_REFUSED } from "./apply";
import { oneLine, positiveInt } from "./plan-options";
import type { Runner } from "./register";

const GATHER_FORMATS = ["text", "markdown", "json"] as const;

export interface GatherOptions {
  readonly shards?: number;
  readonly format: (typeof GATHER_FORMATS)[number];
  readonly out?: string;
  readonly summary?: string;
}

const HELP_AFTER = `
Each file is one shard's \`cync apply --shard i/N --format json --out FILE\`; which shard it is comes
from the file, not its name. A file that cannot be read or is not such a result fails the gather.

Exit status: 0 every shard applied; 1 a shard failed, is missing, or a file is not a result;
3 a shard was refused by a safety guard (nothing else wrong).

Examples:
  cync gather apply-*.json --shards 4
  cync gather reports/*/apply.json --shards "$CYNC_SHARDS" --summary "$GITHUB_STEP_SUMMARY"`;

export function registerGather(program: Command, run: Runner): void {
  program
    .command("gather")
    .description("Sum the apply results of a sharded run (cync apply --shard i/N --format json) into one summary; fail when a shard failed or is missing.")
    .argument("[results...]", "the shards' apply results (JSON files)")
    .option("--shards <n>", "how many shards the run had (default: as the results say)", (v) => positiveInt(v, "--shards"))
    .addOption(new Option("--format <format>", "output format").choices(GATHER_FORMATS).default("text"))
    .option("--out <file>", "write the summary to this file instead of stdout")
    .option("--summary <file>", "append the summary in markdown to this file (GitHub Actions: \"$GITHUB_STEP_SUMMARY\")")
    .addHelpText("after", HELP_AFTER)
    .action(run((files: string[], options: GatherOptions) => gatherCommand(files, options)));
}

export async function gatherCommand(files: readonly string[], options: GatherOptions, stdout: { write(text: string): unknown } = process.stdout): Promise<number> {
  const inputs = await Promise.all(
    files.map(
      (source): Promise<GatherInput> =>
        fs.readFile(source, "utf8").then(
          (text) => ({ source, text }),
          (err: unknown) => ({ source, readError: oneLine(err) }),
        ),
    ),
  );
  const summary = gatherShards(inputs, options.shards);
  const rendered =
    options.format === "json" ? `${JSON.stringify(summary, null, 2)}\n` : options.format === "markdown" ? renderGatherMarkdown(summary) : renderGatherText(summary);
  if (options.out === undefined) stdout.write(rendered);
  else await fs.writeFile(options.out, rendered);
  // Appended, as GitHub Actions expects of $GITHUB_STEP_SUMMARY (other steps write there too).
  if (options.summary !== undefined) await fs.appendFile(options.summary, renderGatherMarkdown(summary));
  return gatherExitCode(summary, EXIT_REFUSED);
}

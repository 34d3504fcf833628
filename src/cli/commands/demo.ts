/**
 * `cync demo` (`npm run demo`): starts the embedded tenant, syncs the example policies, changes the
 * directory (a hire, a leaver, a phone change, a department move), plans and applies again, and
 * prints a one-screen summary. See src/demo/run.ts. Exit status: 0 done, 1 error or failures.
 */
import { join } from "node:path";
import { Option, type Command } from "commander";
import { runDemo, type DemoOptions } from "../../demo/run";
import { demoTrust, relaunch } from "../../demo/trust";
import { CONCURRENCY } from "../../graph/limits";
import type { Runner } from "./register";
import { oneLine, positiveInt } from "./plan-options";

/** The demo's options as the command line gives them: all but where it writes. */
type DemoCliOptions = Omit<DemoOptions, "stdout" | "stderr">;

export function registerDemo(program: Command, run: Runner): void {
  const int = (flag: string) => (v: string) => positiveInt(v, flag);
  program
    .command("demo")
    .description("Sync the example policies into an embedded tenant, change its directory, and sync again.")
    .option("--dir <dir>", "where the demo keeps its tenant and state", join(".cync", "demo"))
    .option("--policies <dir>", "directory (or file) of policy files", "policies")
    .addOption(new Option("--users <n>", "users in the generated tenant (first run only)").default(300).argParser(int("--users")))
    .addOption(new Option("--mailboxes <n>", "user mailboxes in the generated tenant (first run only)").default(40).argParser(int("--mailboxes")))
    .addOption(new Option("--seed <n>", "generator seed (first run only)").default(42).argParser(int("--seed")))
    .addOption(new Option("--concurrency <n>", "mailboxes worked on at once").default(CONCURRENCY.mailboxes).argParser(int("--concurrency")))
    .addHelpText("after", "\nRun it again to see a steady state: nothing to do for what has not changed. `rm -rf .cync/demo` starts over.")
    .action(run((options: DemoCliOptions) => demoCommand(options)));
}

async function demoCommand(options: DemoCliOptions): Promise<number> {
  try {
    const trust = await demoTrust(join(options.dir, "sim"));
    if (!trust.trusted) return await relaunch(trust.env);
    return await runDemo({ ...options, stdout: process.stdout, stderr: process.stderr });
  } catch (err) {
    process.stderr.write(`cync demo: ${oneLine(err)}\n`);
    return 1;
  }
}

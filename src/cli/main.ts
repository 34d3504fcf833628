/**
 * The `cync` command line: one commander program, one module per command under ./commands.
 * Each command module exports `register(program, run)`; `run` records the command's exit code so
 * `main` can return it instead of calling process.exit (which would cut stdout short on pipes).
 */
import { Command, CommanderError } from "commander";
import { commands } from "./commands";
import type { ExitCode, Runner } from "./commands/register";

export function buildProgram(run: Runner): Command {
  const program = new Command("cync")
    .description(
      "Keep Entra ID users as native contacts in Exchange Online mailboxes, declared as policy files in git.",
    )
    .showHelpAfterError("(run `cync <command> --help` for usage)")
    .exitOverride();
  for (const register of commands) register(program, run);
  return program;
}

export async function main(argv: readonly string[]): Promise<ExitCode> {
  let code: ExitCode = 0;
  const run: Runner =
    (action) =>
    async (...args) => {
      code = await action(...args);
    };
  const program = buildProgram(run);
  try {
    await program.parseAsync([...argv]);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version are "errors" to commander; they exit 0.
      return err.exitCode;
    }
    throw err;
  }
  return code;
}

/** `cync validate [paths…]`: check policy files; exit 0 when valid (warnings allowed), 1 otherwise. */
import { Option, type Command } from "commander";
import type { Runner } from "./register";
import { loadPolicies } from "../../policy/load";
import { DIAGNOSTIC_FORMATS, formatLoadResult, hasErrors, type DiagnosticFormat } from "../../policy/format";

const DEFAULT_POLICY_PATHS = ["policies"];

export function registerValidate(program: Command, run: Runner): void {
  program
    .command("validate")
    .summary("Check policy files; report each problem with its file, line and column.")
    .description(
      "Check policy files against the schema and the rules the schema cannot express (attribute names, " +
        "regular expressions, unique names, folders shared by overlapping targets). Reads no directory: " +
        "groups named in policies are checked when `cync plan` reads them.",
    )
    .argument("[paths...]", "policy files or directories of *.yaml / *.yml files", DEFAULT_POLICY_PATHS)
    .addOption(
      new Option("--format <format>", "text (one line per problem), json, or github (workflow annotations)")
        .choices(DIAGNOSTIC_FORMATS)
        .default("text"),
    )
    .addHelpText("after", "\nExit status: 0 when every policy is valid (warnings allowed), 1 when any problem is an error.")
    .action(
      run(async (paths: string[], options: { format: DiagnosticFormat }) => {
        const result = await loadPolicies(paths);
        process.stdout.write(formatLoadResult(result, options.format));
        return hasErrors(result) ? 1 : 0;
      }),
    );
}

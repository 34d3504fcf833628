/**
 * What `cync plan` and `cync apply` share: the options that choose what is planned (apply takes the
 * same options as plan, so a reviewed plan and its apply cover the same policies and mailboxes),
 * their parsing, and the one-line error text.
 */
import { InvalidArgumentError, Option, type Command } from "commander";
import { CONCURRENCY } from "../../graph/limits";
import { RENDER_FORMATS, type RenderFormat } from "../../render";
import { DEFAULT_RECORD_FILE } from "../../record/file";
import { DEFAULT_STATE_DIR } from "../../state";

export interface PlanOptions {
  readonly policies: string;
  readonly stateDir: string;
  /** The removal record (src/record); without it nothing is removed for not being declared. */
  readonly record?: string;
  readonly policy?: string;
  readonly mailbox?: string;
  readonly format: RenderFormat;
  readonly out?: string;
  readonly redact?: boolean;
  readonly concurrency: number;
  /** Search every mailbox for cync's contacts no longer declared (src/engine/sweep.ts). */
  readonly sweep?: boolean;
}

/** Adds the planning options; `verb` words the help ("plan only …" / "apply only …"). */
export function addPlanOptions(command: Command, verb: "plan" | "apply"): Command {
  const reading = verb === "plan";
  return command
    .option("--policies <dir>", "directory (or file) of policy files", "policies")
    .option("--state-dir <dir>", "local state directory (delta links and snapshots)", DEFAULT_STATE_DIR)
    .option(
      "--record <file>",
      `the removal record: which mailboxes each policy wrote to, so what is no longer declared is removed (${reading ? "read" : "read and updated"}; not a cache: keep it)`,
      DEFAULT_RECORD_FILE,
    )
    .option("--policy <name>", `${verb} only the policy with this metadata.name`)
    .option("--mailbox <id|upn>", `${verb} only ${reading ? "" : "to "}the mailbox with this object id or user principal name`)
    .addOption(new Option("--format <format>", "output format").choices(RENDER_FORMATS).default("text"))
    .option("--out <file>", `write the ${reading ? "plan" : "result"} to this file instead of stdout`)
    .option("--redact", `mask personal values (phones, mail, addresses, notes) in ${reading ? "text and markdown" : "the plan shown"}`, false)
    .option(
      "--sweep",
      `also search every mailbox of the tenant for cync's contacts of policies no longer declared, or in mailboxes their policy no longer targets — when the record is lost (costs about 2 requests per mailbox plus 1 per contact folder)`,
      false,
    )
    .addOption(
      new Option("--concurrency <n>", reading ? "mailboxes read at once" : "mailboxes worked on at once")
        .default(CONCURRENCY.mailboxes)
        .argParser((v) => positiveInt(v, "--concurrency")),
    );
}

/** The error's own message on one line: cync's errors are written to be shown (no secrets, no bodies). */
export function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\s*\n\s*/g, " ").trim() || "unexpected error";
}

export function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} must be a positive integer`);
  return n;
}

/** What a sweep cost, on one line for stderr (README "Sweep"). */
export function sweepLine(s: { readonly mailboxes: number; readonly unreadable: number; readonly requests: number }): string {
  const per = s.mailboxes === 0 ? 0 : s.requests / s.mailboxes;
  return `cync: sweep searched ${s.mailboxes} mailboxes (${s.unreadable} not served by Exchange) with ${s.requests} requests, ${per.toFixed(2)} per mailbox\n`;
}

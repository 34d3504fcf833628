/**
 * What `cync plan` and `cync apply` share: the options that choose what is planned (apply takes the
 * same options as plan, so a reviewed plan and its apply cover the same policies and mailboxes),
 * their parsing, and the one-line error text.
 */
import { InvalidArgumentError, Option, type Command } from "commander";
import { narrowing, parseShard, ShardSyntaxError, type Shard } from "../../engine/partition";
import type { PlanFilters } from "../../engine/plan";
import type { SessionOptions } from "../../engine/session";
import { defaultRecordFile, defaultStateDir } from "../../engine/shard-paths";
import { CONCURRENCY } from "../../graph/limits";
import { DEFAULT_PHOTO_REFRESH_MS } from "../../photos/read";
import { RENDER_FORMATS, type RenderFormat } from "../../render";

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
  /** Hours a person's checked photo is trusted before its ETag is read again (src/photos/read.ts). */
  readonly photoRefreshHours?: number;
  /** Only this shard of the target mailboxes (`--shard i/N`, src/engine/partition.ts); undefined for all (or `1/1`). */
  readonly shard?: Shard;
  /** This run's share of the app's global request rate (`--app-share`); 1/N under `--shard i/N` when not given (src/engine/session.ts). */
  readonly appShare?: number;
}

/** Adds the planning options; `verb` words the help ("plan only …" / "apply only …"). */
export function addPlanOptions(command: Command, verb: "plan" | "apply"): Command {
  const reading = verb === "plan";
  return command
    .option("--policies <dir>", "directory (or file) of policy files", "policies")
    .option("--state-dir <dir>", `local state directory (delta links and snapshots); under --shard 2/4, ${defaultStateDir(EXAMPLE_SHARD)} (and so on) unless given`, defaultStateDir(undefined))
    .option(
      "--record <file>",
      `the removal record: which mailboxes each policy wrote to, so what is no longer declared is removed (${reading ? "read" : "read and updated"}; not a cache: keep it); under --shard 2/4, ${defaultRecordFile(EXAMPLE_SHARD)} (and so on) unless given`,
      defaultRecordFile(undefined),
    )
    .addOption(
      new Option(
        "--shard <i/N>",
        `${verb} only shard i of N of the target mailboxes (1-based, e.g. 2/4), split by a stable hash of each mailbox's id: N runs with 1/N … N/N together cover every mailbox exactly once`,
      ).argParser(shardArg),
    )
    .addOption(
      new Option(
        "--app-share <fraction>",
        "this run's share (0 < fraction ≤ 1, e.g. 0.25 or 1/4) of the app's global request rate (CYNC_APP_WINDOW, default Graph's 130000/10 s): every request is paced to it; default 1/N under --shard i/N, else 1",
      ).argParser(fractionArg),
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
    )
    .addOption(
      new Option("--photo-refresh-hours <hours>", "policies with mapping.photo: hours a person's photo is trusted before it is checked again (users delta does not report photo changes)")
        .default(DEFAULT_PHOTO_REFRESH_MS / HOUR_MS)
        .argParser((v) => nonNegative(v, "--photo-refresh-hours")),
    )
    .hook("preAction", (cmd) => shardDefaults(cmd));
}

/** The shard the help's defaults are shown for. */
const EXAMPLE_SHARD: Shard = { index: 2, count: 4 };

function shardArg(value: string): Shard {
  try {
    return parseShard(value);
  } catch (err) {
    if (err instanceof ShardSyntaxError) throw new InvalidArgumentError(`--shard ${err.message}`);
    throw err;
  }
}

/** `0.25` or `1/4`: a share of the app's rate, 0 < share ≤ 1. */
function fractionArg(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(\d+(?:\.\d+)?)\s*)?$/.exec(value);
  const share = m === null ? Number.NaN : Number(m[1]) / Number(m[2] ?? 1);
  if (!(share > 0 && share <= 1)) throw new InvalidArgumentError("--app-share must be a fraction above 0 and at most 1, e.g. 0.25 or 1/4");
  return share;
}

/**
 * Under `--shard`, the state directory and the removal record the operator did not name are the
 * shard's own (src/engine/shard-paths.ts): each shard keeps its own delta state and record. `1/1`
 * is no shard at all.
 */
function shardDefaults(cmd: Command): void {
  const shard = narrowing(cmd.getOptionValue("shard") as Shard | undefined);
  cmd.setOptionValueWithSource("shard", shard, cmd.getOptionValueSource("shard"));
  if (shard === undefined) return;
  if (cmd.getOptionValueSource("stateDir") === "default") cmd.setOptionValueWithSource("stateDir", defaultStateDir(shard), "default");
  if (cmd.getOptionValueSource("record") === "default") cmd.setOptionValueWithSource("record", defaultRecordFile(shard), "default");
}

/** The session's share of the app's global rate: the shard's, or what `--app-share` says (src/engine/session.ts). */
export function budget(options: Pick<PlanOptions, "shard" | "appShare">): Pick<SessionOptions, "shard" | "appShare"> {
  return { ...(options.shard === undefined ? {} : { shard: options.shard }), ...(options.appShare === undefined ? {} : { appShare: options.appShare }) };
}

/** What the options narrow the plan to: a policy, a mailbox, a shard. */
export function planFilters(options: Pick<PlanOptions, "policy" | "mailbox" | "shard">): PlanFilters {
  return {
    ...(options.policy === undefined ? {} : { policy: options.policy }),
    ...(options.mailbox === undefined ? {} : { mailbox: options.mailbox }),
    ...(options.shard === undefined ? {} : { shard: options.shard }),
  };
}

const HOUR_MS = 3_600_000;

/** The photo refresh interval the options ask for, in ms (the reader's default when not given). */
export function photoRefreshMs(options: Pick<PlanOptions, "photoRefreshHours">): number {
  return (options.photoRefreshHours ?? DEFAULT_PHOTO_REFRESH_MS / HOUR_MS) * HOUR_MS;
}

function nonNegative(value: string, flag: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${flag} must be a number of hours, 0 or more`);
  return n;
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

/**
 * `cync gather`'s core: N shards' apply results (`cync apply --shard i/N --format json`, one per
 * GitHub Actions matrix job) summed into one account of the run — totals, each shard's outcome,
 * failures by shard and mailbox — and whether the run as a whole succeeded. Pure: the command
 * (src/cli/commands/gather.ts) reads the files. A shard whose job died before writing its result
 * has no file: it is reported missing, and a missing shard fails the run like a failed one.
 * Mailboxes are named by object id and errors by cync's own messages, as in the apply report
 * (src/apply/report.ts): nothing here is more personal than each shard's own summary.
 */
import type { PlanSummary } from "../plan/types";
import type { RefusedUser } from "./report";

/** One file given to the command: its text, or why it could not be read. */
export type GatherInput = { readonly source: string; readonly text: string } | { readonly source: string; readonly readError: string };

/** How one shard's run ended, as far as its result file tells. */
export type ShardStatus =
  | "applied" // every planned mailbox applied (or skipped for a reported reason)
  | "failed" // some mailboxes failed, or Exchange refused some users' contacts; the rest was applied
  | "refused" // a safety guard refused the plan: nothing written
  | "missing"; // no result: the job died before writing it (or its artifact was lost)

/** What a shard did, or all shards together. */
export interface ShardCounts {
  readonly planned: PlanSummary;
  readonly applied: PlanSummary;
  readonly failedMailboxes: number;
  /** Users whose contact Exchange refused (src/apply/refused.ts): `cync apply` exits 1 on them too. */
  readonly refusedUsers: number;
  readonly skippedMailboxes: number;
  readonly requests: number;
  readonly throttled: number;
  readonly retries: number;
  /** Together: the slowest shard's, as shards run at once. */
  readonly durationMs: number;
}

export interface ShardOutcome extends ShardCounts {
  /** 1-based, as `--shard i/N`. */
  readonly index: number;
  readonly status: ShardStatus;
  /** The file the result came from; absent when missing. */
  readonly source?: string;
  /** What the guards refused, when refused. */
  readonly refused: readonly string[];
}

export interface ShardFailure {
  readonly shard: number;
  readonly policy: string;
  readonly mailboxId: string;
  readonly failedChanges: number;
  readonly error: string;
}

export interface GatherSummary {
  /** The number of shards the run had (`--shards`, else the results' own `shard.count`). */
  readonly shards: number;
  readonly totals: ShardCounts;
  readonly byShard: readonly ShardOutcome[];
  readonly failures: readonly ShardFailure[];
  readonly refusedUsers: readonly (RefusedUser & { readonly shard: number })[];
  /** Files that are not a shard's result, shards reported twice, counts that disagree: each fails the run. */
  readonly problems: readonly string[];
  /** Every shard applied and nothing above went wrong. */
  readonly succeeded: boolean;
}

const ZERO: PlanSummary = { create: 0, update: 0, delete: 0, mailboxes: 0 };

/** What this module reads of an apply result: the fields of `cync apply --format json` (src/cli/commands/apply.ts). */
interface ShardResult {
  readonly shard: { readonly index: number; readonly count: number };
  readonly planned: PlanSummary;
  readonly summary: PlanSummary;
  readonly refused: readonly string[];
  readonly failures: readonly Omit<ShardFailure, "shard">[];
  readonly refusedUsers: readonly RefusedUser[];
  readonly skipped: number;
  readonly requests: number;
  readonly throttled: number;
  readonly retries: number;
  readonly durationMs: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0;
const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);
const isSummary = (v: unknown): v is PlanSummary => isRecord(v) && isCount(v.create) && isCount(v.update) && isCount(v.delete) && isCount(v.mailboxes);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** An apply result's fields, or why the text is not one. An unsharded result is shard 1 of 1. */
function parseShardResult(text: string): ShardResult | string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return "not JSON";
  }
  if (!isRecord(doc) || !isSummary(doc.planned) || !isSummary(doc.summary)) return "not a cync apply result (cync apply --format json)";
  const shard = doc.shard === undefined ? { index: 1, count: 1 } : doc.shard;
  if (!isRecord(shard) || !isCount(shard.index) || !isCount(shard.count) || shard.index < 1 || shard.index > shard.count) return "its shard is not i of N";
  const requests = isRecord(doc.requests) ? num(doc.requests.total) : 0;
  return {
    shard: { index: shard.index, count: shard.count },
    planned: doc.planned,
    summary: doc.summary,
    refused: list(doc.refused).map((r) => (isRecord(r) && typeof r.message === "string" ? r.message : "refused")),
    failures: list(doc.failures).filter(isRecord).map((f) => ({
      policy: String(f.policy ?? ""),
      mailboxId: String(f.mailboxId ?? ""),
      failedChanges: num(f.failedChanges),
      error: String(f.error ?? "unknown error"),
    })),
    refusedUsers: list(doc.refusedContacts).filter(isRecord).map((u) => ({
      policy: String(u.policy ?? ""),
      sourceUserId: String(u.sourceUserId ?? ""),
      mailboxes: num(u.mailboxes),
      error: String(u.error ?? "refused"),
    })),
    skipped: list(doc.skipped).length,
    requests,
    throttled: num(doc.throttled),
    retries: num(doc.retries),
    durationMs: num(doc.durationMs),
  };
}

const statusOf = (r: ShardResult): ShardStatus => (r.refused.length > 0 ? "refused" : r.failures.length + r.refusedUsers.length > 0 ? "failed" : "applied");

const add = (a: PlanSummary, b: PlanSummary): PlanSummary => ({ create: a.create + b.create, update: a.update + b.update, delete: a.delete + b.delete, mailboxes: a.mailboxes + b.mailboxes });

const missing = (index: number): ShardOutcome => ({
  index,
  status: "missing",
  planned: ZERO,
  applied: ZERO,
  failedMailboxes: 0,
  refusedUsers: 0,
  skippedMailboxes: 0,
  requests: 0,
  throttled: 0,
  retries: 0,
  durationMs: 0,
  refused: [],
});

/**
 * The run's summary from the files given, for a run of `expectedShards` shards (when not given:
 * the count the results carry). Every shard 1…N appears once in `byShard`, missing when no result
 * names it.
 */
export function gatherShards(inputs: readonly GatherInput[], expectedShards?: number): GatherSummary {
  const problems: string[] = [];
  const results = new Map<number, { readonly source: string; readonly result: ShardResult }>();
  const counts = new Set<number>();
  for (const input of inputs) {
    if ("readError" in input) {
      problems.push(`${input.source}: ${input.readError}`);
      continue;
    }
    const result = parseShardResult(input.text);
    if (typeof result === "string") {
      problems.push(`${input.source}: ${result}`);
      continue;
    }
    counts.add(result.shard.count);
    const earlier = results.get(result.shard.index);
    if (earlier !== undefined) {
      problems.push(`${input.source}: shard ${result.shard.index} was already reported by ${earlier.source}`);
      continue;
    }
    results.set(result.shard.index, { source: input.source, result });
  }
  const shards = expectedShards ?? Math.max(0, ...counts);
  for (const count of [...counts].sort((a, b) => a - b)) {
    if (count !== shards) problems.push(`a result is of a run of ${count} shards, not ${shards}`);
  }
  if (shards === 0) problems.push("no shard's result to gather");
  for (const index of [...results.keys()].filter((i) => i > shards).sort((a, b) => a - b)) problems.push(`shard ${index} is not one of ${shards}`);

  const byShard: ShardOutcome[] = [];
  const failures: ShardFailure[] = [];
  const refusedUsers: (RefusedUser & { shard: number })[] = [];
  for (let index = 1; index <= shards; index++) {
    const found = results.get(index);
    if (found === undefined) {
      byShard.push(missing(index));
      continue;
    }
    const { source, result: r } = found;
    byShard.push({
      index,
      status: statusOf(r),
      source,
      planned: r.planned,
      applied: r.summary,
      failedMailboxes: r.failures.length,
      refusedUsers: r.refusedUsers.length,
      skippedMailboxes: r.skipped,
      requests: r.requests,
      throttled: r.throttled,
      retries: r.retries,
      durationMs: r.durationMs,
      refused: r.refused,
    });
    failures.push(...r.failures.map((f) => ({ shard: index, ...f })));
    refusedUsers.push(...r.refusedUsers.map((u) => ({ shard: index, ...u })));
  }
  const sum = (f: (s: ShardOutcome) => number): number => byShard.reduce((n, s) => n + f(s), 0);
  return {
    shards,
    totals: {
      planned: byShard.reduce((t, s) => add(t, s.planned), ZERO),
      applied: byShard.reduce((t, s) => add(t, s.applied), ZERO),
      failedMailboxes: sum((s) => s.failedMailboxes),
      refusedUsers: sum((s) => s.refusedUsers),
      skippedMailboxes: sum((s) => s.skippedMailboxes),
      requests: sum((s) => s.requests),
      throttled: sum((s) => s.throttled),
      retries: sum((s) => s.retries),
      durationMs: Math.max(0, ...byShard.map((s) => s.durationMs)),
    },
    byShard,
    failures,
    refusedUsers,
    problems,
    succeeded: problems.length === 0 && byShard.every((s) => s.status === "applied"),
  };
}

/** `cync gather`'s exit status, as `cync apply`'s: 0 every shard applied, 3 refused (and nothing else wrong), 1 otherwise. */
export function gatherExitCode(s: GatherSummary, refusedCode: number): number {
  if (s.succeeded) return 0;
  const onlyRefused = s.problems.length === 0 && s.byShard.every((x) => x.status === "applied" || x.status === "refused");
  return onlyRefused ? refusedCode : 1;
}

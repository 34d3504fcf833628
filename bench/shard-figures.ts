/**
 * The figures `npm run bench:shards` reports (bench/shards.ts), from raw counts by pure functions so
 * the arithmetic and the exactly-once verdict are tested (test/bench/shard-figures.test.ts) apart
 * from the runs. Field names are part of bench/results/shards.json's shape.
 */
import { ratio, type TenantCounts } from "./figures";

/** One target mailbox as the tenant holds it after a run (`GET /_sim/mailboxes/{id}`). */
export interface MailboxCensus {
  readonly mailboxId: string;
  /** cync folders in the mailbox: 1 when written, 0 when missed; 2 would be a folder created twice. */
  readonly folders: number;
  readonly contacts: number;
  /** Distinct source users among those contacts (by cync's ownership marker): fewer is a duplicate. */
  readonly sources: number;
}

/** Whether N shards together wrote every mailbox exactly once, as the tenant sees it. */
export interface ExactlyOnce {
  readonly mailboxes: number;
  /** Mailboxes the reference run wrote that this one left without their folder or some contacts. */
  readonly missed: number;
  /** Contacts (or folders) in a mailbox more than once. */
  readonly duplicated: number;
  /** The shards' planned mailboxes summed ÷ the mailboxes written: 1 when the shards are disjoint. */
  readonly plannedOverWritten: number | null;
  /** Creates the tenant answered 2xx ÷ (contacts + folders) left: 1 when nothing was created twice. */
  readonly createsOverContacts: number | null;
  readonly holds: boolean;
}

/**
 * The verdict on one run's census against the reference (the same tenant written by one process):
 * the same contacts in every mailbox, none twice, each shard planning mailboxes no other did.
 */
export function exactlyOnce(census: readonly MailboxCensus[], reference: readonly MailboxCensus[], plannedMailboxes: readonly number[], creates: number): ExactlyOnce {
  const byId = new Map(census.map((m) => [m.mailboxId, m]));
  const missed = reference.filter((r) => r.folders > 0 && ((byId.get(r.mailboxId)?.folders ?? 0) === 0 || (byId.get(r.mailboxId)?.sources ?? 0) < r.sources)).length;
  const duplicated = census.reduce((n, m) => n + (m.contacts - m.sources) + Math.max(0, m.folders - 1), 0);
  const written = census.filter((m) => m.folders > 0);
  const contacts = written.reduce((n, m) => n + m.contacts + m.folders, 0);
  const plannedOverWritten = ratio(plannedMailboxes.reduce((n, p) => n + p, 0), written.length);
  const createsOverContacts = ratio(creates, contacts);
  return {
    mailboxes: written.length,
    missed,
    duplicated,
    plannedOverWritten,
    createsOverContacts,
    holds: missed === 0 && duplicated === 0 && plannedOverWritten === 1 && createsOverContacts === 1,
  };
}

/** How each shard paced itself: to 1/N of the app's budget, or each to the whole of it. */
export type BudgetShare = "split" | "whole";

/** One repetition: N shard processes at once on one fresh tenant. */
export interface ShardRun {
  readonly shards: number;
  readonly share: BudgetShare;
  /** From the tenant's first write to its last (polled). */
  readonly seconds: number;
  /** Each shard's own run, start to end (its apply result's durationMs): how far apart they ran. */
  readonly shardSeconds: readonly number[];
  readonly counts: TenantCounts;
  readonly failedWrites: number;
  readonly exactlyOnce: ExactlyOnce;
}

export interface ShardFigures {
  readonly shards: number;
  readonly share: BudgetShare;
  readonly repetitions: number;
  /** Medians over the repetitions. */
  readonly writesPerSecond: number;
  /** The median rate ÷ the app's rate (the scaled app window's requests per second): the bound that binds. */
  readonly appBoundRatio: number | null;
  readonly throttledShare: number | null;
  readonly failedWrites: number;
  /** Every repetition wrote every mailbox exactly once. */
  readonly exactlyOnce: boolean;
}

/** The middle value (the mean of the middle two for an even count); 0 for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The runs of one (N, share) summed up: medians of rate and 429 share, the worst of failures and the verdict. */
export function shardFigures(runs: readonly ShardRun[], appRequestsPerSecond: number): ShardFigures {
  const first = runs[0];
  if (first === undefined) throw new Error("shardFigures: no runs");
  const rate = median(runs.map((r) => (r.seconds > 0 ? r.counts.writes / r.seconds : 0)));
  const throttled = median(runs.map((r) => ratio(r.counts.throttled, r.counts.requests) ?? 0));
  return {
    shards: first.shards,
    share: first.share,
    repetitions: runs.length,
    writesPerSecond: Math.round(rate * 10) / 10,
    appBoundRatio: ratio(rate, appRequestsPerSecond),
    throttledShare: Math.round(throttled * 10_000) / 10_000,
    failedWrites: Math.max(...runs.map((r) => r.failedWrites)),
    exactlyOnce: runs.every((r) => r.exactlyOnce.holds),
  };
}

/** The table `npm run bench:shards` prints and the README's "Performance" shows; rates relative to N = 1's. */
export function renderShardTable(figures: readonly ShardFigures[]): string {
  const one = figures.find((f) => f.shards === 1 && f.share === "split")?.writesPerSecond ?? 0;
  const show = (v: number | null): string => (v === null ? "—" : v.toLocaleString("en-US", { maximumFractionDigits: 4 }));
  const lines = [
    "| Shards | Each shard's budget | Writes/s (median) | ÷ N = 1 | ÷ app limit | 429 share | Failed writes | Every mailbox exactly once |",
    "|--:|---|--:|--:|--:|--:|--:|:-:|",
  ];
  for (const f of figures) {
    lines.push(
      `| ${f.shards} | ${f.share === "split" ? "1/N of the app's" : "the whole app's"} | ${show(f.writesPerSecond)} | ${show(ratio(f.writesPerSecond, one))} | ${show(f.appBoundRatio)} | ${show(f.throttledShare)} | ${f.failedWrites} | ${f.exactlyOnce ? "yes" : "NO"} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The arithmetic and the exactly-once verdict behind `npm run bench:shards` (bench/shard-figures.ts):
 * a refactor of the benchmark cannot silently change what bench/results/shards.json says.
 */
import { describe, expect, it } from "vitest";
import type { TenantCounts } from "../../bench/figures";
import { exactlyOnce, median, renderShardTable, shardFigures, type MailboxCensus, type ShardRun } from "../../bench/shard-figures";

/** Three mailboxes of 10, 10 and 9 contacts (the third is a source user's own: no contact of self). */
const REFERENCE: MailboxCensus[] = [
  { mailboxId: "a", folders: 1, contacts: 10, sources: 10 },
  { mailboxId: "b", folders: 1, contacts: 10, sources: 10 },
  { mailboxId: "c", folders: 1, contacts: 9, sources: 9 },
];
/** Creates that leave REFERENCE: one per contact and one per folder. */
const CREATES = 29 + 3;

describe("exactlyOnce", () => {
  it.each<[string, MailboxCensus[], number[], number, Partial<ReturnType<typeof exactlyOnce>>]>([
    ["two disjoint shards that wrote everything once", REFERENCE, [2, 1], CREATES, { mailboxes: 3, missed: 0, duplicated: 0, plannedOverWritten: 1, createsOverContacts: 1, holds: true }],
    ["a mailbox no shard wrote", [REFERENCE[0]!, REFERENCE[1]!, { mailboxId: "c", folders: 0, contacts: 0, sources: 0 }], [1, 1], CREATES - 10, { missed: 1, holds: false }],
    ["a mailbox missing some contacts", [REFERENCE[0]!, REFERENCE[1]!, { mailboxId: "c", folders: 1, contacts: 8, sources: 8 }], [2, 1], CREATES - 1, { missed: 1, holds: false }],
    ["a contact written twice", [REFERENCE[0]!, REFERENCE[1]!, { mailboxId: "c", folders: 1, contacts: 10, sources: 9 }], [2, 1], CREATES + 1, { duplicated: 1, holds: false }],
    ["a folder created twice", [REFERENCE[0]!, REFERENCE[1]!, { mailboxId: "c", folders: 2, contacts: 9, sources: 9 }], [2, 1], CREATES + 1, { duplicated: 1, holds: false }],
    ["a mailbox two shards planned", REFERENCE, [2, 2], CREATES, { plannedOverWritten: 1.3333, holds: false }],
    ["a contact created, deleted and created again", REFERENCE, [2, 1], CREATES + 1, { createsOverContacts: 1.0313, holds: false }],
  ])("%s", (_what, census, planned, creates, verdict) => {
    expect(exactlyOnce(census, REFERENCE, planned, creates)).toMatchObject(verdict);
  });
});

describe("median", () => {
  it.each([
    [[], 0],
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
  ])("of %j is %d", (values, m) => {
    expect(median(values)).toBe(m);
  });
});

describe("shardFigures", () => {
  const counts = (writes: number, requests: number, throttled: number): TenantCounts => ({ requests, toMailboxes: requests, writeRequests: writes, writes, throttled });
  const held = exactlyOnce(REFERENCE, REFERENCE, [3], CREATES);
  const run = (seconds: number, c: TenantCounts, over: Partial<ShardRun> = {}): ShardRun => ({ shards: 2, share: "split", seconds, shardSeconds: [seconds, seconds], counts: c, failedWrites: 0, exactlyOnce: held, ...over });

  it("takes the medians of the rate and the 429 share, the worst failures, and holds only if every repetition held", () => {
    const runs = [run(10, counts(1000, 1100, 0)), run(12.5, counts(1000, 1100, 11)), run(20, counts(1000, 1100, 22), { failedWrites: 3 })];
    expect(shardFigures(runs, 100)).toEqual({ shards: 2, share: "split", repetitions: 3, writesPerSecond: 80, appBoundRatio: 0.8, throttledShare: 0.01, failedWrites: 3, exactlyOnce: true });
    const missed = exactlyOnce([], REFERENCE, [0], 0);
    expect(shardFigures([...runs, run(10, counts(1000, 1100, 0), { exactlyOnce: missed })], 100).exactlyOnce).toBe(false);
  });

  it("renders each N's rate beside N = 1's", () => {
    const one = shardFigures([run(10, counts(900, 1000, 0), { shards: 1 })], 100);
    const four = shardFigures([run(10, counts(800, 2000, 500), { shards: 4, share: "whole" })], 100);
    expect(renderShardTable([one, four])).toContain("| 4 | the whole app's | 80 | 0.8889 | 0.8 | 0.25 | 0 | yes |");
  });
});

/**
 * `--shard i/N` splits the target mailboxes by a stable hash of their object id: the shards are
 * disjoint, together hold every mailbox exactly once, are about equally large, a mailbox joining or
 * leaving moves no other, and the split is independent of the Pulumi program's buckets.
 */
import { describe, expect, it } from "vitest";
import { bucketOf, inShard, narrowing, parseShard, shardFileTag, shardLabel, shardOf, ShardSyntaxError } from "../../src/engine/partition";

/** Object-id-shaped ids, as Entra ID gives them (lower-case hex GUIDs), distinct per `seed`. */
const ids = (n: number, seed = "a"): string[] =>
  Array.from({ length: n }, (_, i) => `${seed.padStart(8, "0")}-${String(i % 10_000).padStart(4, "0")}-4bbb-8ccc-${String(i).padStart(12, "0")}`);

const MAILBOXES = ids(4000);

describe("parseShard", () => {
  it.each([
    { text: "1/4", shard: { index: 1, count: 4 } },
    { text: "4/4", shard: { index: 4, count: 4 } },
    { text: " 2 / 3 ", shard: { index: 2, count: 3 } },
    { text: "1/1", shard: { index: 1, count: 1 } },
    { text: "1024/1024", shard: { index: 1024, count: 1024 } },
  ])("reads $text", ({ text, shard }) => {
    expect(parseShard(text)).toEqual(shard);
  });

  it.each(["0/4", "5/4", "a/b", "1/0", "1", "1/", "/4", "-1/4", "1.5/4", "2/4/8", "1/1025", ""])("refuses %j", (text) => {
    expect(() => parseShard(text)).toThrow(ShardSyntaxError);
    expect(() => parseShard(text)).toThrow(/<index>\/<count>.*e\.g\. 2\/4/);
  });
});

describe("narrowing", () => {
  it.each([
    { shard: undefined, narrowed: undefined },
    { shard: { index: 1, count: 1 }, narrowed: undefined },
    { shard: { index: 1, count: 2 }, narrowed: { index: 1, count: 2 } },
  ])("narrows a run to $narrowed for shard $shard", ({ shard, narrowed }) => {
    expect(narrowing(shard)).toEqual(narrowed);
  });
});

describe("shard names", () => {
  it.each([
    { shard: { index: 2, count: 4 }, label: "2/4", tag: "shard-2-of-4" },
    { shard: { index: 10, count: 12 }, label: "10/12", tag: "shard-10-of-12" },
  ])("calls $label $tag in file names", ({ shard, label, tag }) => {
    expect(shardLabel(shard)).toBe(label);
    expect(shardFileTag(shard)).toBe(tag);
  });
});

describe("the split", () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])("puts each of 4,000 mailboxes in exactly one of %i shards, within a tenth of the mean", (count) => {
    const sizes = new Array<number>(count).fill(0);
    for (const id of MAILBOXES) {
      const holders = Array.from({ length: count }, (_, i) => i + 1).filter((index) => inShard(id, count === 1 ? undefined : { index, count }));
      expect(holders).toHaveLength(1);
      sizes[holders[0]! - 1]!++;
    }
    const mean = MAILBOXES.length / count;
    for (const size of sizes) expect(Math.abs(size - mean) / mean).toBeLessThan(0.1);
  });

  it("ignores the case of the id", () => {
    for (const id of MAILBOXES.slice(0, 200)) expect(shardOf(id.toUpperCase(), 4)).toBe(shardOf(id, 4));
  });

  it.each([
    { name: "a mailbox joining", before: MAILBOXES, after: [...MAILBOXES, ...ids(1, "f")] },
    { name: "a mailbox leaving", before: MAILBOXES, after: MAILBOXES.slice(1) },
    { name: "the mailbox count doubling", before: MAILBOXES.slice(0, 2000), after: MAILBOXES },
  ])("moves no other mailbox on $name", ({ before, after }) => {
    const now = new Map(after.map((id) => [id, shardOf(id, 4)]));
    for (const id of before) if (now.has(id)) expect(now.get(id)).toBe(shardOf(id, 4));
  });

  it("is independent of the buckets: each shard of 4 holds mailboxes of every one of 16 buckets", () => {
    for (let index = 1; index <= 4; index++) {
      const buckets = new Set(MAILBOXES.filter((id) => shardOf(id, 4) === index).map((id) => bucketOf(id, 16)));
      expect(buckets.size).toBe(16);
    }
  });

  // A change of the hash would move every mailbox to another shard, and each shard's state and record with it.
  it.each([
    { id: "00000000-0000-4000-8000-000000000001", of3: 1, of4: 2 },
    { id: "6F2B1A9C-3D4E-4F5A-8B6C-7D8E9F0A1B2C", of3: 3, of4: 4 },
    { id: "a1b2c3d4-e5f6-4711-8899-aabbccddeeff", of3: 1, of4: 4 },
  ])("keeps $id in shard $of3 of 3 and $of4 of 4", ({ id, of3, of4 }) => {
    expect(shardOf(id, 3)).toBe(of3);
    expect(shardOf(id, 4)).toBe(of4);
  });
});

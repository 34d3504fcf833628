/**
 * Mailboxes are assigned to buckets by a hash of their object id modulo a fixed count: a mailbox
 * joining or leaving never moves another, whatever the number of mailboxes.
 */
import { describe, expect, it } from "vitest";
import { bucketOf } from "../../src/engine/partition";
import { assignBuckets, bucketName } from "../../src/pulumi/buckets";

const ids = (n: number, prefix = "0000"): string[] => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, "0")}-aaaa-4bbb-8ccc-${String(i).padStart(12, "0")}`);
const where = (buckets: Map<number, string[]>): Map<string, number> => new Map([...buckets].flatMap(([b, list]) => list.map((id) => [id, b] as const)));

describe("bucketOf", () => {
  it.each([1, 2, 16, 4096])("puts every id in [0, %i), ignoring case", (count) => {
    for (const id of ids(200)) {
      const b = bucketOf(id, count);
      expect(b).toBeGreaterThanOrEqual(0);
      expect(b).toBeLessThan(count);
      expect(bucketOf(id.toUpperCase(), count)).toBe(b);
    }
  });

  // Existing stacks' resource names follow from these: a change of the hash would rename them all.
  it.each([
    { id: "00000000-0000-4000-8000-000000000001", of16: 4, of4096: 1268 },
    { id: "6F2B1A9C-3D4E-4F5A-8B6C-7D8E9F0A1B2C", of16: 15, of4096: 1519 },
    { id: "a1b2c3d4-e5f6-4711-8899-aabbccddeeff", of16: 12, of4096: 76 },
  ])("keeps $id in bucket $of16 of 16 and $of4096 of 4096", ({ id, of16, of4096 }) => {
    expect(bucketOf(id, 16)).toBe(of16);
    expect(bucketOf(id, 4096)).toBe(of4096);
  });

  it("spreads 4,000 mailboxes over 16 buckets within ±25% of the mean", () => {
    const sizes = [...assignBuckets(ids(4000).map((id) => ({ id })), 16).values()].map((l) => l.length);
    expect(sizes.length).toBe(16);
    for (const size of sizes) expect(Math.abs(size - 250)).toBeLessThan(63);
  });
});

describe("assignBuckets", () => {
  it.each([
    { name: "a mailbox joining", before: ids(300), after: [...ids(300), ...ids(1, "ffff")] },
    { name: "a mailbox leaving", before: ids(300), after: ids(300).slice(1) },
    { name: "the mailbox count tripling", before: ids(100), after: ids(300) },
  ])("moves no other mailbox on $name", ({ before, after }) => {
    const a = where(assignBuckets(before.map((id) => ({ id })), 16));
    const b = where(assignBuckets(after.map((id) => ({ id })), 16));
    for (const [id, bucket] of a) if (b.has(id)) expect(b.get(id)).toBe(bucket);
  });

  it("lists each bucket's ids lower-cased and sorted, buckets in order, empty ones left out", () => {
    const got = assignBuckets([{ id: "B-2" }, { id: "a-1" }, { id: "C-3" }], 1);
    expect([...got]).toEqual([[0, ["a-1", "b-2", "c-3"]]]);
    const many = assignBuckets(ids(3).map((id) => ({ id })), 4096);
    expect([...many.keys()]).toEqual([...many.keys()].sort((x, y) => x - y));
    expect(many.size).toBe(3);
  });
});

describe("bucketName", () => {
  it.each([
    { bucket: 7, buckets: 16, name: "staff-b07" },
    { bucket: 0, buckets: 1, name: "staff-b00" },
    { bucket: 7, buckets: 100, name: "staff-b07" },
    { bucket: 7, buckets: 101, name: "staff-b007" },
    { bucket: 4095, buckets: 4096, name: "staff-b4095" },
  ])("names bucket $bucket of $buckets $name", ({ bucket, buckets, name }) => {
    expect(bucketName("staff", bucket, buckets)).toBe(name);
  });
});

/**
 * Every shape of a bucket's state ever written reads as today's (delete and refresh run today's code
 * on old state), and diff reports a change exactly when the bucket has something to do.
 */
import { describe, expect, it } from "vitest";
import { bucketChanged, normaliseBucket, type BucketInputs } from "../../src/pulumi/bucket-state";
import { DEFAULT_SAFETY } from "../../src/policy";

const TODAY: BucketInputs = {
  version: 1,
  policy: "staff",
  policyDigest: "p".repeat(64),
  desiredDigest: "d".repeat(64),
  bucket: 3,
  buckets: 16,
  mailboxes: ["a-1", "b-2"],
  folder: { name: "CYNC" },
  safety: { maxDeletes: 5, maxDeletePercent: 10, deletion: "permanent" },
  pending: { create: 0, update: 0, delete: 0 },
};

const { buckets: _count, ...withoutCount } = TODAY;

describe("normaliseBucket", () => {
  it.each([
    { name: "today's inputs", stored: { ...TODAY }, read: TODAY },
    { name: "today's outputs (result and provider text ignored)", stored: { ...TODAY, result: { created: 1 }, __provider: "exports.handler = …" }, read: TODAY },
    {
      name: "the shape before version 1: folderName, no safety, no pending, ids in any case and order",
      stored: { policy: "staff", policyDigest: TODAY.policyDigest, desiredDigest: TODAY.desiredDigest, bucket: 3, mailboxes: ["B-2", "a-1"], folderName: "CYNC" },
      read: { ...withoutCount, safety: DEFAULT_SAFETY },
    },
    { name: "the default Contacts folder", stored: { ...TODAY, folder: { defaultContacts: true } }, read: { ...TODAY, folder: { defaultContacts: true } } },
    { name: "a refresh's drift", stored: { ...TODAY, drift: { create: 1, update: 0, delete: 2 } }, read: { ...TODAY, drift: { create: 1, update: 0, delete: 2 } } },
  ])("reads $name", ({ stored, read }) => {
    expect(normaliseBucket(stored)).toEqual({ ok: read });
  });

  it.each([
    { name: "a newer version", stored: { ...TODAY, version: 2 }, property: "version" },
    { name: "no policy", stored: { ...TODAY, policy: "" }, property: "policy" },
    { name: "mailboxes not a list of ids", stored: { ...TODAY, mailboxes: ["a", 3] }, property: "mailboxes" },
    { name: "a bucket count of 0", stored: { ...TODAY, buckets: 0 }, property: "buckets" },
    { name: "a negative bucket", stored: { ...TODAY, bucket: -1 }, property: "bucket" },
    { name: "no folder at all", stored: { ...TODAY, folder: undefined }, property: "folder" },
    { name: "a deletion style cync does not know", stored: { ...TODAY, safety: { ...TODAY.safety, deletion: "shred" } }, property: "safety" },
    { name: "fractional counts", stored: { ...TODAY, pending: { create: 0.5, update: 0, delete: 0 } }, property: "pending" },
  ])("refuses $name, naming the property", ({ stored, property }) => {
    const n = normaliseBucket(stored as Record<string, unknown>);
    expect("failures" in n && n.failures.map((f) => f.property)).toEqual([property]);
  });
});

describe("bucketChanged", () => {
  it.each([
    { name: "nothing differs", olds: TODAY, news: TODAY, changed: false },
    { name: "only the pending counts went back to zero", olds: { ...TODAY, pending: { create: 4, update: 0, delete: 0 } }, news: TODAY, changed: false },
    { name: "the program planned changes", olds: TODAY, news: { ...TODAY, pending: { create: 0, update: 2, delete: 0 } }, changed: true },
    { name: "a refresh found drift", olds: { ...TODAY, drift: { create: 1, update: 0, delete: 0 } }, news: TODAY, changed: true },
    { name: "the desired set changed", olds: TODAY, news: { ...TODAY, desiredDigest: "e".repeat(64) }, changed: true },
    { name: "the bucket count changed", olds: TODAY, news: { ...TODAY, buckets: 32 }, changed: true },
    { name: "the policy changed", olds: TODAY, news: { ...TODAY, policyDigest: "q".repeat(64) }, changed: true },
    { name: "a mailbox left", olds: TODAY, news: { ...TODAY, mailboxes: ["a-1"] }, changed: true },
    { name: "the folder changed", olds: TODAY, news: { ...TODAY, folder: { name: "Colleagues" } }, changed: true },
    { name: "the limits changed", olds: TODAY, news: { ...TODAY, safety: { ...TODAY.safety, maxDeletes: 6 } }, changed: true },
  ])("is $changed when $name", ({ olds, news, changed }) => {
    expect(bucketChanged(olds, news)).toBe(changed);
  });
});

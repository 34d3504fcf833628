/**
 * Which resource a mailbox belongs to: one dynamic resource per (policy, bucket of mailboxes),
 * the bucket a stable hash of the mailbox's object id modulo a bucket count fixed by the stack's
 * settings (docs/architecture.md#pulumi; the hash: src/engine/partition.ts). The count never depends on how many mailboxes there are,
 * so a mailbox joining or leaving a policy's targets moves no other mailbox between resources: a
 * resource whose mailbox list changes removes the policy's contacts from the mailboxes that left it,
 * which must only ever be mailboxes that left the targets.
 */
import { bucketOf } from "../engine/partition";
import type { MailboxRef } from "../model/mailbox";

/** `<policy>-b07`: the bucket number padded to the width of the largest one, at least 2 digits. */
export function bucketName(policy: string, bucket: number, buckets: number): string {
  const width = Math.max(2, String(buckets - 1).length);
  return `${policy}-b${String(bucket).padStart(width, "0")}`;
}

/** The non-empty buckets of `mailboxes`, by bucket number, each with its lower-cased ids sorted. */
export function assignBuckets(mailboxes: readonly Pick<MailboxRef, "id">[], buckets: number): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const m of mailboxes) {
    const b = bucketOf(m.id, buckets);
    out.set(b, [...(out.get(b) ?? []), m.id.toLowerCase()]);
  }
  for (const ids of out.values()) ids.sort();
  return new Map([...out].sort(([a], [b]) => a - b));
}

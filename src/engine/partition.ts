/**
 * Splitting mailboxes by a stable hash of their object id, in one place: the Pulumi program's
 * buckets (one resource per bucket, src/pulumi/buckets.ts) and the shards of `--shard i/N` (one
 * process, runner or stack per shard; README "Sharding"). A mailbox's slot depends only on its own
 * id and the count, never on the other mailboxes, so a mailbox joining or leaving moves no other.
 *
 * Shards hash with a salt of their own: with the buckets' hash, shard k of 4 would only ever hold
 * buckets ≡ k (mod 4) of a 16-bucket stack, and a sharded stack would leave most of its buckets empty.
 */
import { createHash } from "node:crypto";

/** One shard of a split into `count`: `index` is 1-based, as in Playwright's and Jest's `--shard`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** The most shards: more than any matrix of runners (GitHub Actions allows 256 jobs per matrix). */
const MAX_SHARDS = 1024;

/** The shard salt; the buckets' hash has none, and changing either would move every mailbox. */
const SHARD_SALT = "cync-shard\0";

/** The first 32 bits of sha256(salt + lower-cased id), modulo `count`. */
function slotOf(salt: string, id: string, count: number): number {
  return createHash("sha256").update(salt + id.toLowerCase()).digest().readUInt32BE(0) % count;
}

/** The bucket of `mailboxId` among `buckets` (0-based): the first 32 bits of sha256 of the lower-cased id, modulo the count. */
export function bucketOf(mailboxId: string, buckets: number): number {
  return slotOf("", mailboxId, buckets);
}

/** The shard (1-based) of `mailboxId` among `count`. */
export function shardOf(mailboxId: string, count: number): number {
  return slotOf(SHARD_SALT, mailboxId, count) + 1;
}

/** Whether `mailboxId` belongs to `shard`; every mailbox belongs to the whole (shard undefined). */
export function inShard(mailboxId: string, shard: Shard | undefined): boolean {
  return shard === undefined || shardOf(mailboxId, shard.count) === shard.index;
}

/** A malformed shard; the message says what a valid one looks like. */
export class ShardSyntaxError extends Error {
  override readonly name = "ShardSyntaxError";
}

/**
 * Reads `i/N` (e.g. `2/4`): 1 ≤ i ≤ N ≤ MAX_SHARDS.
 * @throws ShardSyntaxError
 */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || !(count >= 1 && count <= MAX_SHARDS) || !(index >= 1 && index <= count)) {
    throw new ShardSyntaxError(`must be <index>/<count> with 1 ≤ index ≤ count ≤ ${MAX_SHARDS}, e.g. 2/4; got "${text}"`);
  }
  return { index, count };
}

/** The shard a run is narrowed to: undefined for `1/1`, the whole, so that it behaves, names its files and renders as an unsharded run. */
export const narrowing = (shard: Shard | undefined): Shard | undefined => (shard === undefined || shard.count === 1 ? undefined : shard);

/** `2/4`, as the flag takes it and plans show it. */
export const shardLabel = (shard: Shard): string => `${shard.index}/${shard.count}`;

/** `shard-2-of-4`: the shard's name in file and directory names (its state directory, its removal record). */
export const shardFileTag = (shard: Shard): string => `shard-${shard.index}-of-${shard.count}`;

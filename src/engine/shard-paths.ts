/**
 * Where a shard keeps its own files when the operator names none: its state directory (its own
 * delta links, snapshots and lock, so shards run at once on one machine) and its removal record
 * (the mailboxes it wrote to). README "Sharding".
 */
import * as path from "node:path";
import { DEFAULT_RECORD_FILE } from "../record/file";
import { DEFAULT_STATE_DIR } from "../state";
import { shardFileTag, type Shard } from "./partition";

/** `.cync/shard-2-of-4`; `.cync` for the whole. */
export function defaultStateDir(shard: Shard | undefined): string {
  return shard === undefined ? DEFAULT_STATE_DIR : path.join(DEFAULT_STATE_DIR, shardFileTag(shard));
}

/** `cync-record.shard-2-of-4.json`; `cync-record.json` for the whole. */
export function defaultRecordFile(shard: Shard | undefined): string {
  if (shard === undefined) return DEFAULT_RECORD_FILE;
  const ext = path.extname(DEFAULT_RECORD_FILE);
  return `${DEFAULT_RECORD_FILE.slice(0, -ext.length)}.${shardFileTag(shard)}${ext}`;
}

/**
 * The stack settings (`cync:*` keys of `stacks/Pulumi.<stack>.yaml`, docs/architecture.md#pulumi),
 * read the same way by the program (pulumi.Config) and the provider (its `configure` request): one
 * parser, so both sides agree on every default.
 */
import * as path from "node:path";
import { narrowing, parseShard, ShardSyntaxError, type Shard } from "../engine/partition";
import { defaultStateDir } from "../engine/shard-paths";
import { CONCURRENCY } from "../graph/limits";

export interface StackSettings {
  /** Policy files or directory, relative to the project root. */
  readonly policies: string;
  /** The state directory, relative to the project root. */
  readonly stateDir: string;
  /** Mailboxes planned or applied at once, per process. */
  readonly concurrency: number;
  /** Buckets (resources) per policy: fixed, so that a mailbox joining or leaving moves no other. */
  readonly buckets: number;
  /** Lets a plan through that the safety guards refuse, for this run only. */
  readonly allowDeletes: boolean;
  /** Only this shard of each policy's target mailboxes (`cync:shard: "2/4"`): one stack per shard; undefined for all. */
  readonly shard?: Shard;
}

/**
 * Buckets per policy when `cync:buckets` is not set: 16 resources of 300 mailboxes on average cover
 * 4,800 mailboxes; above that, raise it to ⌈mailboxes / 300⌉ (docs/architecture.md#pulumi).
 */
export const DEFAULT_BUCKETS = 16;
/** The most buckets per policy: a resource name carries the bucket number in at most 4 digits. */
const MAX_BUCKETS = 4096;

/** Thrown for a malformed setting; names the key, never echoes more than the value's shape. */
export class SettingsError extends Error {
  override readonly name = "SettingsError";
}

/** Reads the settings through `get` (the key without its `cync:` namespace). */
export function readSettings(get: (key: string) => string | undefined): StackSettings {
  const text = (key: string, fallback: string): string => {
    const v = get(key)?.trim();
    return v === undefined || v === "" ? fallback : v;
  };
  const int = (key: string, fallback: number, max: number): number => {
    const v = text(key, String(fallback));
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new SettingsError(`cync:${key} must be a whole number from 1 to ${max}`);
    return n;
  };
  // A size (mailboxes per resource) would make the count follow the tenant's growth, and every change
  // of count renames nearly every resource; the count is fixed instead. Say so rather than ignore it.
  if (get("bucketSize") !== undefined) {
    throw new SettingsError("cync:bucketSize is not read: set cync:buckets, a fixed number of resources per policy (about mailboxes ÷ 300), so that a mailbox joining or leaving moves no other");
  }
  const allow = text("allowDeletes", "false");
  if (allow !== "true" && allow !== "false") throw new SettingsError("cync:allowDeletes must be true or false");
  let shard: Shard | undefined;
  try {
    shard = narrowing(parseShard(text("shard", "1/1")));
  } catch (err) {
    if (err instanceof ShardSyntaxError) throw new SettingsError(`cync:shard ${err.message}`);
    throw err;
  }
  return {
    policies: text("policies", "policies"),
    stateDir: text("stateDir", defaultStateDir(shard)),
    concurrency: int("concurrency", CONCURRENCY.mailboxes, 1024),
    buckets: int("buckets", DEFAULT_BUCKETS, MAX_BUCKETS),
    allowDeletes: allow === "true",
    ...(shard === undefined ? {} : { shard }),
  };
}

/**
 * The project root as the provider host sees it. Pulumi starts the program and the provider host
 * in the directory of `main` (`dist/pulumi/`), not the project root
 * (https://github.com/pulumi/pulumi/issues/10022), so the root is two levels up — derived from the
 * working directory, never from a path in the resource's inputs (runners' paths differ per run).
 */
export function providerRoot(cwd: string = process.cwd()): string {
  return path.resolve(cwd, "..", "..");
}

/**
 * A bucket resource's inputs and outputs as Pulumi stores them (docs/architecture.md#pulumi): ids,
 * counts and digests only — no contact data, no credential. Delete and refresh run today's code on
 * state that an older cync wrote, so every shape ever written is read through one function,
 * {@link normaliseBucket}, into today's.
 *
 * Shapes:
 * - version 1 (today): `version`, `policy`, `policyDigest`, `desiredDigest`, `bucket`, `buckets`,
 *   `mailboxes`, `folder` (`{name}` or `{defaultContacts: true}`), `safety`, `pending`.
 * - before version 1 (no `version`): the folder as `folderName` (a named folder only), no `safety`
 *   (the policy defaults then apply: docs/architecture.md#pulumi), no `pending` and no `buckets`.
 */
import { isRecord } from "../json/record";
import type { FolderSpec } from "../mailbox/folder";
import type { ChangeCounts } from "../plan/types";
import { DEFAULT_SAFETY, type ResolvedSafety } from "../policy";

export const BUCKET_STATE_VERSION = 1;

/** What the program declares for one (policy, bucket). */
export interface BucketInputs {
  readonly version: typeof BUCKET_STATE_VERSION;
  readonly policy: string;
  /** The resolved policy's digest (src/policy/resolve.ts). */
  readonly policyDigest: string;
  /** The desired contact set's digest: the provider loads the set by it from the state directory (desired-set.ts). */
  readonly desiredDigest: string;
  readonly bucket: number;
  /** The bucket count (`cync:buckets`) the mailboxes were assigned with; unknown in older state. */
  readonly buckets?: number;
  /** Lower-cased mailbox owners' object ids, sorted. */
  readonly mailboxes: readonly string[];
  readonly folder: FolderSpec;
  readonly safety: ResolvedSafety;
  /** The changes the program planned for these mailboxes (and the policy-wide guard approved). */
  readonly pending: ChangeCounts;
}

/** What an apply did, in the outputs: counts only. */
export interface BucketResult {
  readonly created: number;
  readonly updated: number;
  readonly deleted: number;
  /** Mailboxes skipped (Exchange cannot serve them: src/mailbox/skip.ts). */
  readonly skipped: number;
}

/** The outputs: the inputs the bucket was last applied with, what that did, and any drift a refresh found. */
export interface BucketOutputs extends BucketInputs {
  readonly result: BucketResult;
  /** Set by a refresh that found the mailboxes differ from the desired set; the next update repairs it. */
  readonly drift?: ChangeCounts;
}

export const NO_CHANGES: ChangeCounts = { create: 0, update: 0, delete: 0 };

export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

export type Normalised<T> = { readonly ok: T } | { readonly failures: readonly CheckFailure[] };

/** Today's inputs from any stored shape (inputs or outputs), or what is wrong with them. */
export function normaliseBucket(value: Record<string, unknown>): Normalised<BucketInputs & { readonly drift?: ChangeCounts }> {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string): void => void failures.push({ property, reason });
  const str = (key: string): string => {
    const v = value[key];
    if (typeof v === "string" && v !== "") return v;
    fail(key, "must be a non-empty string");
    return "";
  };
  const version = value.version ?? 0;
  if (version !== 0 && version !== BUCKET_STATE_VERSION) fail("version", `must be at most ${BUCKET_STATE_VERSION} (state written by a newer cync)`);
  const bucket = value.bucket;
  if (typeof bucket !== "number" || !Number.isInteger(bucket) || bucket < 0) fail("bucket", "must be a whole number ≥ 0");
  const buckets = value.buckets;
  if (buckets !== undefined && (typeof buckets !== "number" || !Number.isInteger(buckets) || buckets < 1)) fail("buckets", "must be a whole number ≥ 1");
  const mailboxes = value.mailboxes;
  const ids = Array.isArray(mailboxes) && mailboxes.every((m): m is string => typeof m === "string" && m !== "") ? mailboxes : undefined;
  if (ids === undefined) fail("mailboxes", "must be a list of object ids");
  const inputs = {
    version: BUCKET_STATE_VERSION,
    policy: str("policy"),
    policyDigest: str("policyDigest"),
    desiredDigest: str("desiredDigest"),
    bucket: bucket as number,
    ...(typeof buckets === "number" ? { buckets } : {}),
    mailboxes: (ids ?? []).map((m) => m.toLowerCase()).sort(),
    folder: folderOf(value, fail),
    safety: safetyOf(value.safety, fail),
    pending: countsOf(value.pending, "pending", fail) ?? NO_CHANGES,
  } as const;
  const drift = countsOf(value.drift, "drift", fail);
  if (failures.length > 0) return { failures };
  return { ok: drift === undefined ? inputs : { ...inputs, drift } };
}

function folderOf(value: Record<string, unknown>, fail: (p: string, r: string) => void): FolderSpec {
  const { folder, folderName } = value;
  if (folder === undefined && typeof folderName === "string" && folderName !== "") return { name: folderName };
  if (isRecord(folder) && typeof folder.name === "string" && folder.name !== "") return { name: folder.name };
  if (isRecord(folder) && folder.defaultContacts === true) return { defaultContacts: true };
  fail("folder", "must be {name} or {defaultContacts: true}");
  return { defaultContacts: true };
}

function safetyOf(value: unknown, fail: (p: string, r: string) => void): ResolvedSafety {
  if (value === undefined) return DEFAULT_SAFETY;
  const ok =
    isRecord(value) &&
    isCount(value.maxDeletes) &&
    isCount(value.maxDeletePercent) &&
    (value.deletion === "deletedItems" || value.deletion === "permanent");
  if (!ok) {
    fail("safety", "must be {maxDeletes, maxDeletePercent, deletion}");
    return DEFAULT_SAFETY;
  }
  return { maxDeletes: value.maxDeletes as number, maxDeletePercent: value.maxDeletePercent as number, deletion: value.deletion as ResolvedSafety["deletion"] };
}

function countsOf(value: unknown, property: string, fail: (p: string, r: string) => void): ChangeCounts | undefined {
  if (value === undefined) return undefined;
  if (isRecord(value) && isCount(value.create) && isCount(value.update) && isCount(value.delete)) {
    return { create: value.create as number, update: value.update as number, delete: value.delete as number };
  }
  fail(property, "must be {create, update, delete} counts");
  return undefined;
}

const isCount = (v: unknown): boolean => typeof v === "number" && Number.isInteger(v) && v >= 0;

const someChange = (c: ChangeCounts | undefined): boolean => c !== undefined && c.create + c.update + c.delete > 0;

/**
 * Whether a bucket needs an update (pure: Pulumi calls diff for every resource on every preview).
 * A change when what is wanted differs (policy, desired set, mailboxes, folder, safety), when the
 * program planned changes for the bucket, or when a refresh found drift; pending counts alone
 * changing back to zero are no change.
 */
export function bucketChanged(olds: BucketInputs & { readonly drift?: ChangeCounts }, news: BucketInputs): boolean {
  const same =
    olds.policy === news.policy &&
    olds.policyDigest === news.policyDigest &&
    olds.desiredDigest === news.desiredDigest &&
    olds.buckets === news.buckets &&
    olds.mailboxes.join(",") === news.mailboxes.join(",") &&
    JSON.stringify(olds.folder) === JSON.stringify(news.folder) &&
    olds.safety.maxDeletes === news.safety.maxDeletes &&
    olds.safety.maxDeletePercent === news.safety.maxDeletePercent &&
    olds.safety.deletion === news.safety.deletion;
  return !same || someChange(news.pending) || someChange(olds.drift);
}

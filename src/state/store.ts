/**
 * The local state directory (default `.cync/`): a cache that saves time, never a source of truth
 * (docs/architecture.md#state-is-a-disposable-cache). Deleting it, or any file in it, only costs a
 * full re-read.
 *
 * - One JSON file per key, wrapped in a versioned envelope. A file that is missing, unreadable,
 *   corrupt, of another format version or written for another key reads as absent.
 * - Writes are atomic: a temporary file in the same directory, flushed, then renamed over the old
 *   one, so a crash leaves either the old or the new record, never half of one.
 * - Records are scoped per tenant and Graph URL, so two tenants (or the embedded tenant and
 *   Microsoft) never share a delta link or a snapshot.
 * - Snapshots hold personal data (names, phones, mail): directories are created 0700 and files
 *   0600; a `.gitignore` of `*` keeps the directory out of git even without the project's one,
 *   and a README.txt says what the directory holds.
 *   Secrets are never passed in: callers store delta links, snapshots and caches only.
 */
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "../json/atomic-file";

/** The default state directory, relative to the working directory. */
export const DEFAULT_STATE_DIR = ".cync";

/** Envelope marker: files without it are not ours and read as absent. */
const FORMAT = "cync-state";

interface Envelope {
  readonly format: typeof FORMAT;
  readonly key: string;
  readonly version: number;
  readonly data: unknown;
}

/** A keyed record store; keys are free-form strings (e.g. `contacts/<mailboxId>/<folderId>`). */
export interface StateStore {
  /** Absolute directory holding this tenant's records. */
  readonly dir: string;
  /**
   * The record stored under `key`, or undefined when it is absent, corrupt, or was written with
   * another `version` (bump the version whenever the record's shape changes).
   * @param version record shape version @default 1
   */
  read<T>(key: string, version?: number): Promise<T | undefined>;
  /** Replaces the record atomically. @param version @default 1 */
  write(key: string, value: unknown, version?: number): Promise<void>;
  /** Removes the record; absent records are fine. */
  remove(key: string): Promise<void>;
}

export interface StateOptions {
  /** The state directory. @default ".cync" */
  readonly dir?: string;
  /** Tenant id (GUID or domain) the records belong to. */
  readonly tenantId: string;
  /** Graph base URL (e.g. https://graph.microsoft.com) the records were read from. */
  readonly graphUrl: string;
}

/** Stable directory name for a (tenant, Graph URL) pair; a digest keeps it short and path-safe. */
export function scopeName(tenantId: string, graphUrl: string): string {
  const normalizedUrl = new URL(graphUrl).origin.toLowerCase();
  const digest = createHash("sha256").update(`${tenantId.toLowerCase()}\n${normalizedUrl}`).digest("hex");
  return `tenant-${digest.slice(0, 16)}`;
}

/** File name for a key: readable where possible, always path-safe and bounded in length. */
export function fileNameFor(key: string): string {
  if (key.length === 0) throw new Error("state key must not be empty");
  const safe = key.replace(/[^A-Za-z0-9._-]/g, (c) => `~${c.codePointAt(0)!.toString(16)}~`);
  if (safe.length <= 120 && !safe.startsWith(".")) return `${safe}.json`;
  const digest = createHash("sha256").update(key).digest("hex").slice(0, 24);
  return `${safe.slice(0, 80).replace(/^\.+/, "")}-${digest}.json`;
}

export function openStateStore(options: StateOptions): StateStore {
  const root = path.resolve(options.dir ?? DEFAULT_STATE_DIR);
  const dir = path.join(root, scopeName(options.tenantId, options.graphUrl));
  const fileOf = (key: string): string => path.join(dir, fileNameFor(key));

  return {
    dir,
    async read<T>(key: string, version = 1): Promise<T | undefined> {
      let text: string;
      try {
        text = await fs.readFile(fileOf(key), "utf8");
      } catch {
        return undefined;
      }
      const envelope = parseEnvelope(text);
      if (envelope === undefined || envelope.key !== key || envelope.version !== version) return undefined;
      return envelope.data as T;
    },
    async write(key: string, value: unknown, version = 1): Promise<void> {
      // Every time, not once: the directory may have been deleted since (that must only cost time).
      await prepareDirs(root, dir);
      const envelope: Envelope = { format: FORMAT, key, version, data: value };
      await writeFileAtomic(fileOf(key), JSON.stringify(envelope));
    },
    async remove(key: string): Promise<void> {
      await fs.rm(fileOf(key), { force: true });
    },
  };
}

function parseEnvelope(text: string): Envelope | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const e = parsed as Partial<Envelope>;
  if (e.format !== FORMAT || typeof e.key !== "string" || typeof e.version !== "number" || !("data" in e)) {
    return undefined;
  }
  return e as Envelope;
}

/** Told to whoever opens the directory: what it is, that it is personal data, that it may go. */
export const STATE_README = `This is cync's state directory: a cache that makes runs cheaper (delta links, the last
directory snapshot, mailbox kinds, per-folder contact snapshots), one subdirectory per tenant.

It contains personal data (names, mail addresses, phone numbers of the directory's users):
keep it out of version control and shared storage. It contains no secrets.

Deleting it, or any file in it, is always safe: the next run reads everything again.
`;

async function prepareDirs(root: string, dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  // Keep personal data out of git even when the project's .gitignore does not list the directory.
  await createOnce(path.join(root, ".gitignore"), "*\n");
  await createOnce(path.join(root, "README.txt"), STATE_README);
}

async function createOnce(file: string, text: string): Promise<void> {
  await fs.writeFile(file, text, { flag: "wx", mode: 0o600 }).catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  });
}

/**
 * The removal record on disk (record.ts says what it holds): one versioned JSON file, default
 * `cync-record.json` in the working directory — outside the state directory, which stays safe to
 * delete. Written atomically, 0600. `cync apply` updates it after every mailbox, so a run killed
 * half-way loses at most the mailboxes in flight; writes are coalesced (one in flight, the latest
 * content next), so 5,000 mailboxes do not mean 5,000 rewrites queued behind each other.
 */
import { promises as fs } from "node:fs";
import { writeFileAtomic } from "../json/atomic-file";
import { emptyRecord, parseRecord, type RecordDocument, type TenantRecord } from "./record";

/** The record's default file, relative to the working directory. */
export const DEFAULT_RECORD_FILE = "cync-record.json";

/** The whole record in `file`; an empty one when the file does not exist. */
async function readDocument(file: string): Promise<RecordDocument> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return emptyRecord();
    throw err;
  }
  return parseRecord(text, file);
}

/** `tenant`'s part of the record in `file` (empty when there is none). */
export async function readRecord(file: string, tenant: string): Promise<TenantRecord> {
  return (await readDocument(file)).tenants[tenant] ?? {};
}

/** A record open for updates by one run. */
export interface RecordHandle {
  /** The tenant's record as updated so far. */
  current(): TenantRecord;
  /** Replaces the tenant's record with `change(current)` and schedules the write. */
  update(change: (record: TenantRecord) => TenantRecord): void;
  /** Resolves when every update is on disk; rejects with the first failed write. */
  flush(): Promise<void>;
}

export async function openRecord(file: string, tenant: string): Promise<RecordHandle> {
  let doc = await readDocument(file);
  let writing: Promise<void> | undefined;
  let dirty = false;
  let failure: unknown;
  // No await between the loop's last check of `dirty` and clearing `writing`: an update either
  // is seen by the loop or starts a new one.
  const writeLoop = async (): Promise<void> => {
    try {
      while (dirty) {
        dirty = false;
        await writeFileAtomic(file, `${JSON.stringify(doc, null, 2)}\n`);
      }
    } catch (err) {
      failure ??= err;
    } finally {
      writing = undefined;
    }
  };
  const schedule = (): void => {
    dirty = true;
    writing ??= writeLoop();
  };
  return {
    current: () => doc.tenants[tenant] ?? {},
    update(change) {
      const next = change(doc.tenants[tenant] ?? {});
      const { [tenant]: _old, ...others } = doc.tenants;
      doc = { ...doc, tenants: Object.keys(next).length === 0 ? others : { ...others, [tenant]: next } };
      schedule();
    },
    async flush() {
      while (writing !== undefined) await writing;
      if (failure !== undefined) throw failure;
    },
  };
}

/**
 * The removal record (docs/architecture.md#the-removal-record): which mailboxes each policy has
 * written to, so that `cync plan`/`cync apply` without Pulumi can remove what is no longer declared
 * (src/engine/removal.ts). Unlike the state directory it is not a cache — losing it loses track of
 * where a removed policy's contacts are (`cync apply --sweep` finds them again) — so it lives in its
 * own file (file.ts), never in `.cync/`.
 *
 * It holds object ids and cync's own settings only — no names, no UPNs, no contact data: per
 * tenant, per policy, the folder spec, the safety limits it last applied with (the guards of a
 * removed policy: src/engine/declared.ts) and, per mailbox id, whether cync created the folder
 * there (only such a folder may be removed with the policy's contacts).
 *
 * Pure: every function returns a new record.
 */
import { isRecord } from "../json/record";
import { sameFolderSpec, type FolderSpec } from "../mailbox/folder";
import type { ResolvedSafety } from "../policy";

export const RECORD_FORMAT = "cync-record";
export const RECORD_VERSION = 1;

export interface MailboxEntry {
  /** cync created the policy's folder in this mailbox (mailbox/folder.ts ensureFolder). */
  readonly folderCreated: boolean;
}

export interface PolicyRecord {
  readonly folder: FolderSpec;
  readonly safety: ResolvedSafety;
  /** Mailbox (owner object) id → entry. */
  readonly mailboxes: Readonly<Record<string, MailboxEntry>>;
}

/** One tenant's record: policy name → what it wrote where. */
export type TenantRecord = Readonly<Record<string, PolicyRecord>>;

export interface RecordDocument {
  readonly format: typeof RECORD_FORMAT;
  readonly version: typeof RECORD_VERSION;
  /** Tenant identity (src/engine/digest.ts tenantIdentity) → its record. */
  readonly tenants: Readonly<Record<string, TenantRecord>>;
}

export const emptyRecord = (): RecordDocument => ({ format: RECORD_FORMAT, version: RECORD_VERSION, tenants: {} });

/** Thrown for a record file cync cannot trust; removals must not run on a guess. */
export class RecordFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RecordFormatError";
  }
}

/** What a policy is recorded with when it writes. */
export interface PolicyWrite {
  readonly name: string;
  readonly folder: FolderSpec;
  readonly safety: ResolvedSafety;
}

/**
 * `policy` wrote to `mailboxId` (`folderCreated`: it created the folder there). The policy's
 * folder and limits are refreshed; when its folder changed, no earlier mailbox's folder is known to
 * be cync's any more.
 */
export function recordWrite(tenant: TenantRecord, policy: PolicyWrite, mailboxId: string, folderCreated: boolean): TenantRecord {
  const before = tenant[policy.name];
  const keep = before !== undefined && sameFolderSpec(before.folder, policy.folder);
  const mailboxes: Record<string, MailboxEntry> = {};
  for (const [id, e] of Object.entries(before?.mailboxes ?? {})) mailboxes[id] = keep ? e : { folderCreated: false };
  mailboxes[mailboxId] = { folderCreated: folderCreated || (keep && before.mailboxes[mailboxId]?.folderCreated === true) };
  return { ...tenant, [policy.name]: { folder: policy.folder, safety: policy.safety, mailboxes } };
}

/** `policy`'s contacts are gone from `mailboxId`: forgotten there; a policy left with no mailbox is forgotten. */
export function recordRemoved(tenant: TenantRecord, policy: string, mailboxId: string): TenantRecord {
  const before = tenant[policy];
  if (before?.mailboxes[mailboxId] === undefined) return tenant;
  const { [mailboxId]: _gone, ...mailboxes } = before.mailboxes;
  const { [policy]: _policy, ...others } = tenant;
  return Object.keys(mailboxes).length === 0 ? others : { ...others, [policy]: { ...before, mailboxes } };
}

/** The record from its JSON text; {@link RecordFormatError} when it is not a record this version reads. */
export function parseRecord(text: string, file: string): RecordDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RecordFormatError(`${file} is not valid JSON`);
  }
  if (!isRecord(value) || value["format"] !== RECORD_FORMAT) throw new RecordFormatError(`${file} is not a cync record (format "${RECORD_FORMAT}")`);
  if (value["version"] !== RECORD_VERSION) throw new RecordFormatError(`${file} is a record of version ${String(value["version"])}; this cync reads version ${RECORD_VERSION}`);
  const tenants = value["tenants"];
  if (!isRecord(tenants) || !Object.values(tenants).every((t) => isRecord(t) && Object.values(t).every(isPolicyRecord))) {
    throw new RecordFormatError(`${file}: malformed tenants`);
  }
  return value as unknown as RecordDocument;
}

function isPolicyRecord(p: unknown): p is PolicyRecord {
  if (!isRecord(p) || !isRecord(p["folder"]) || !isRecord(p["safety"]) || !isRecord(p["mailboxes"])) return false;
  const f = p["folder"];
  const s = p["safety"];
  return (
    (typeof f["name"] === "string" || f["defaultContacts"] === true) &&
    typeof s["maxDeletes"] === "number" &&
    typeof s["maxDeletePercent"] === "number" &&
    (s["deletion"] === "deletedItems" || s["deletion"] === "permanent") &&
    Object.values(p["mailboxes"]).every((m) => isRecord(m) && typeof m["folderCreated"] === "boolean")
  );
}

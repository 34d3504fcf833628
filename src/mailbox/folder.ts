/**
 * The policy's contact folder in one mailbox: found by name under the contact root (read-only, for
 * plans) or created when missing (for the applier) — never duplicated.
 *
 * - `GET /users/{id}/contactFolders` lists the folders under the default Contacts folder and takes
 *   OData parameters, so a `$filter=displayName eq '…'` finds ours in one request
 *   (docs/graph-behaviour.md#contact-folder-lookup).
 * - Creating a folder whose name exists answers 409 `ErrorFolderExists`
 *   (docs/graph-behaviour.md#folder-exists-conflict): the folder was made meanwhile (another run,
 *   or a POST whose response was lost), so look it up; likewise when the create's response was lost
 *   (re-read before retrying: docs/graph-behaviour.md#lost-responses).
 * - Two same-named folders can exist (an older tool's folder, or a restore from Deleted Items —
 *   docs/graph-behaviour.md#same-named-folders). We pick one deterministically, the same one on
 *   every run: the one holding cync-marked contacts, else the lowest id; and report the others.
 */
import { odataQuery, parsePage } from "../graph/odata-page";
import { isRecord } from "../json/record";
import { odataString } from "../policy";
import { markedFilter } from "../registry/ownership";
import type { MailboxGraph } from "./graph";
import { MailboxSkipped, orSkip } from "./skip";

/** Where a policy keeps its contacts (the policy's `spec.folder`, defaults applied). */
export type FolderSpec = { readonly name: string } | { readonly defaultContacts: true };

/** How plans name a folder: its display name, or the default Contacts folder. */
export const folderLabel = (spec: FolderSpec): string => ("name" in spec ? spec.name : "Contacts (default folder)");

/** True when both name the same folder. */
export const sameFolderSpec = (a: FolderSpec, b: FolderSpec): boolean => ("name" in a && "name" in b ? a.name === b.name : "name" in a === "name" in b);

/** A located contact folder. */
export interface MailboxFolder {
  /** The folder id, or "contacts" for the mailbox's default Contacts folder. */
  readonly id: string;
  /** The contacts collection: `/users/{m}/contactFolders/{id}/contacts` or `/users/{m}/contacts`. */
  readonly contactsPath: string;
}

export interface FolderLookup {
  /** Undefined when the mailbox has no such folder yet: a plan then creates everything. */
  readonly folder: MailboxFolder | undefined;
  /** Ids of other same-named folders cync leaves alone (reported as a warning). */
  readonly ignoredDuplicates: readonly string[];
}

/** The default Contacts folder's id in {@link MailboxFolder.id} and in state keys. */
export const DEFAULT_CONTACTS_ID = "contacts";

function userPath(mailboxId: string): string {
  return `/users/${encodeURIComponent(mailboxId)}`;
}

export function folderAt(mailboxId: string, folderId: string): MailboxFolder {
  return folderId === DEFAULT_CONTACTS_ID
    ? { id: DEFAULT_CONTACTS_ID, contactsPath: `${userPath(mailboxId)}/contacts` }
    : { id: folderId, contactsPath: `${userPath(mailboxId)}/contactFolders/${encodeURIComponent(folderId)}/contacts` };
}

/**
 * Finds the policy's folder without changing the mailbox (plan time).
 * @throws MailboxSkipped when the mailbox cannot be read (see skip.ts).
 */
export async function findFolder(graph: MailboxGraph, mailboxId: string, spec: FolderSpec): Promise<FolderLookup> {
  if ("defaultContacts" in spec) return { folder: folderAt(mailboxId, DEFAULT_CONTACTS_ID), ignoredDuplicates: [] };
  const query = odataQuery({ $filter: `displayName eq ${odataString(spec.name)}`, $select: "id,displayName" });
  const ids: string[] = [];
  let url: string | undefined = `${userPath(mailboxId)}/contactFolders?${query}`;
  while (url !== undefined) {
    const page = parsePage(await orSkip(mailboxId, () => graph.get(url!, { mailboxId })), `look up contact folder in mailbox ${mailboxId}`);
    for (const f of page.value) {
      // Exchange compares folder names case-insensitively; the filter does too, and so do we.
      if (typeof f.id === "string" && typeof f.displayName === "string" && sameName(f.displayName, spec.name)) {
        ids.push(f.id);
      }
    }
    url = page.nextLink;
  }
  if (ids.length === 0) return { folder: undefined, ignoredDuplicates: [] };
  const chosen = await pickFolder(graph, mailboxId, ids);
  return { folder: folderAt(mailboxId, chosen), ignoredDuplicates: ids.filter((id) => id !== chosen).sort() };
}

/** The folder's own path (`/users/{m}/contactFolders/{id}`); undefined for the default Contacts folder. */
export function folderPath(folder: MailboxFolder, mailboxId: string): string | undefined {
  return folder.id === DEFAULT_CONTACTS_ID ? undefined : `${userPath(mailboxId)}/contactFolders/${encodeURIComponent(folder.id)}`;
}

/**
 * Finds the policy's folder, creating it when missing (apply time). Never creates a second one: a
 * 409 `ErrorFolderExists` means it exists, so it is looked up instead.
 * @throws MailboxSkipped when the mailbox cannot be read or written (see skip.ts).
 */
export async function ensureFolder(graph: MailboxGraph, mailboxId: string, spec: FolderSpec): Promise<FolderLookup & { readonly created: boolean }> {
  const found = await findFolder(graph, mailboxId, spec);
  if (found.folder !== undefined || "defaultContacts" in spec) return { ...found, created: false };
  try {
    const created = await orSkip(mailboxId, () =>
      graph.post(`${userPath(mailboxId)}/contactFolders`, { displayName: spec.name }, { mailboxId }),
    );
    if (isRecord(created) && typeof created.id === "string") {
      return { folder: folderAt(mailboxId, created.id), ignoredDuplicates: [], created: true };
    }
    throw new Error(`create contact folder answered without an id in mailbox ${mailboxId}`);
  } catch (err) {
    // 409 ErrorFolderExists, or a lost response: either way the folder may exist now — look.
    if (err instanceof MailboxSkipped) throw err;
    const again = await findFolder(graph, mailboxId, spec);
    if (again.folder === undefined) throw err;
    // Maybe this run's lost create, maybe someone else's: not known to be cync's, so never removed.
    return { ...again, created: false };
  }
}

function sameName(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: "accent" }) === 0;
}

/**
 * The folder to use among same-named ones: the only one holding cync-marked contacts, else the
 * lowest id (contact folders carry no creation time,
 * docs/graph-behaviour.md#contact-folder-lookup). One `$top=1` probe per candidate, only when there
 * is more than one.
 */
async function pickFolder(graph: MailboxGraph, mailboxId: string, ids: readonly string[]): Promise<string> {
  const sorted = [...ids].sort();
  if (sorted.length === 1) return sorted[0]!;
  const probe = odataQuery({ $filter: markedFilter(), $select: "id", $top: "1" });
  const marked: string[] = [];
  for (const id of sorted) {
    const body = await orSkip(mailboxId, () => graph.get(`${folderAt(mailboxId, id).contactsPath}?${probe}`, { mailboxId }));
    const page = parsePage(body, `probe contact folder in mailbox ${mailboxId}`);
    if (page.value.length > 0) marked.push(id);
  }
  return marked[0] ?? sorted[0]!;
}

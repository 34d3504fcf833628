/**
 * Finding cync's contacts in a mailbox without knowing where they are (`--sweep`, for when the
 * removal record is lost or never existed): every top-level contact folder and the default Contacts
 * folder, each asked only for contacts carrying cync's marker, with the marker expanded
 * (docs/graph-behaviour.md#reading-extensions) and nothing else selected. cync creates only
 * top-level folders (mailbox/folder.ts), so child folders are not searched.
 *
 * Cost per mailbox: one folder listing, plus one request per folder (per 1000 marked contacts);
 * a mailbox Exchange does not serve costs its one failed listing.
 */
import { odataQuery, parsePage } from "../graph/odata-page";
import { expandQuery, markedFilter, readOwnership } from "../registry/ownership";
import { DEFAULT_CONTACTS_ID, folderAt, type FolderSpec } from "./folder";
import type { MailboxGraph } from "./graph";
import { orSkip } from "./skip";

/** Contacts per page: Outlook's maximum (docs/graph-behaviour.md#contact-list-and-paging). */
const PAGE_SIZE = "1000";

/** A folder holding cync-marked contacts: the policies whose marker they carry, with counts. */
export interface MarkedFolder {
  readonly folder: FolderSpec;
  readonly policies: ReadonlyMap<string, number>;
}

/**
 * cync-marked contacts of `mailboxId`, by folder and policy.
 * @throws MailboxSkipped when Exchange does not serve the mailbox (skip.ts).
 */
export async function findMarked(graph: MailboxGraph, mailboxId: string): Promise<MarkedFolder[]> {
  const folders: { id: string; spec: FolderSpec }[] = [{ id: DEFAULT_CONTACTS_ID, spec: { defaultContacts: true } }];
  let url: string | undefined = `/users/${encodeURIComponent(mailboxId)}/contactFolders?${odataQuery({ $select: "id,displayName" })}`;
  while (url !== undefined) {
    const page = parsePage(await orSkip(mailboxId, () => graph.get(url!, { mailboxId })), `list contact folders in mailbox ${mailboxId}`);
    for (const f of page.value) if (typeof f.id === "string" && typeof f.displayName === "string") folders.push({ id: f.id, spec: { name: f.displayName } });
    url = page.nextLink;
  }
  const query = odataQuery({ $filter: markedFilter(), $expand: expandQuery(), $select: "id", $top: PAGE_SIZE });
  const out: MarkedFolder[] = [];
  for (const { id, spec } of folders) {
    const policies = new Map<string, number>();
    let next: string | undefined = `${folderAt(mailboxId, id).contactsPath}?${query}`;
    while (next !== undefined) {
      const page = parsePage(await orSkip(mailboxId, () => graph.get(next!, { mailboxId })), `find cync contacts in mailbox ${mailboxId}`);
      for (const c of page.value) {
        // Relative to no policy, every readable marker is "foreign" and names its policy.
        const o = readOwnership(c, "");
        if (o.kind === "foreign") policies.set(o.policy, (policies.get(o.policy) ?? 0) + 1);
      }
      next = page.nextLink;
    }
    if (policies.size > 0) out.push({ folder: spec, policies });
  }
  return out;
}

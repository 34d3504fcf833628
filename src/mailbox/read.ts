/**
 * Reads what a mailbox folder holds — every contact with the fields cync manages and its ownership
 * marker — as cheaply as Graph allows, keeping a per-folder contacts delta link and snapshot in the
 * state directory so an unchanged folder costs ONE request.
 *
 * Design (measured against the embedded tenant, see test/mailbox/read.test.ts):
 * 1. With a stored snapshot: follow its deltaLink (`contact: delta`, A:contact-delta.md). An
 *    unchanged folder answers one page with no items. Changed items replace their snapshot entry,
 *    `@removed` ones leave it (the Outlook removal shape, K:delta-query-messages.md).
 * 2. Without one (first run, state deleted, token expired — 410 `SyncStateNotFound`, graph-facts §3 —
 *    or the fields cync reads changed): an initial delta round, which lists the whole folder and
 *    ends with a fresh deltaLink.
 * 3. The delta rounds ask for `$select` of the managed fields and `$expand` of our marker.
 *    A:contact-delta.md documents only `$select` for contacts (messages document `$expand` too,
 *    K:delta-query-messages.md), so the reader does not trust it: an expanded collection is always
 *    present in the item, empty when nothing matched (OData JSON Format 4.01 §8.3), so an item
 *    WITHOUT an `extensions` array means the marker was not expanded. Such items are re-read with
 *    `GET …/contacts/{id}?$select&$expand` (one request each) or, when that would cost more, with
 *    one `$top=1000` listing of the folder (graph-facts §3), never guessed as "unmarked" — a
 *    wrong "unmarked" would make cync create a duplicate beside its own contact.
 *    A server that refuses `$expand` on delta outright (400) gets a `$select`-only round instead.
 * Correctness never depends on the state directory: without it only time is lost.
 */
import { CONTACT_FIELDS, type CurrentContact } from "../model/contact";
import { currentContactFromGraph } from "../registry/current";
import { expandQuery } from "../registry/ownership";
import { contactsFolderKey, type StateStore } from "../state";
import { graphFailure, isRecord, parsePage, type MailboxGraph } from "./graph";
import { userPath, type MailboxFolder } from "./folder";
import { orSkip } from "./skip";

/** Contacts per page: Outlook's maximum (graph-facts §3; its default is 10). */
export const PAGE_SIZE = 1000;

/** Shape version of the snapshot record; bump when {@link FolderSnapshot} changes. */
const SNAPSHOT_VERSION = 1;

type RawContact = Record<string, unknown>;

/** What the state directory keeps per folder. Personal data: the state directory is 0700. */
interface FolderSnapshot {
  /** The query the deltaLink was made with; another query (new fields) means a full re-read. */
  readonly query: string;
  readonly deltaLink: string;
  /** The folder's contacts as Graph returned them (managed fields + marker), by id. */
  readonly contacts: Readonly<Record<string, RawContact>>;
}

export interface FolderRead {
  /** Every contact in the folder, in id order, classified for `policyName`. */
  readonly contacts: readonly CurrentContact[];
  /** True when the folder was read in full (no usable snapshot), false for a delta round. */
  readonly full: boolean;
  /** Graph requests this read cost. */
  readonly requests: number;
}

const SELECT = ["changeKey", ...CONTACT_FIELDS].join(",");
const deltaQuery = (withExpand: boolean): string =>
  new URLSearchParams(withExpand ? { $select: SELECT, $expand: expandQuery() } : { $select: SELECT }).toString();
const itemQuery = (): string => deltaQuery(true);
const maxPageSize = { Prefer: `odata.maxpagesize=${PAGE_SIZE}` };

/**
 * Reads a folder's contacts, classified for `policyName` (owned / foreign / unmarked).
 * @throws MailboxSkipped when the mailbox cannot be read (see skip.ts).
 */
export async function readFolder(
  graph: MailboxGraph,
  state: StateStore,
  mailboxId: string,
  folder: MailboxFolder,
  policyName: string,
): Promise<FolderRead> {
  const key = contactsFolderKey(mailboxId, folder.id);
  const reader = new FolderReader(graph, mailboxId, folder);
  const stored = await state.read<FolderSnapshot>(key, SNAPSHOT_VERSION);
  let snapshot: FolderSnapshot | undefined;
  if (stored !== undefined && (stored.query === deltaQuery(true) || stored.query === deltaQuery(false))) {
    snapshot = await reader.update(stored);
  }
  const full = snapshot === undefined;
  snapshot ??= await reader.initial();
  await state.write(key, snapshot, SNAPSHOT_VERSION);
  const contacts = Object.keys(snapshot.contacts)
    .sort()
    .map((id) => currentContactFromGraph(snapshot.contacts[id]!, policyName))
    .filter((c): c is CurrentContact => c !== undefined);
  return { contacts, full, requests: reader.requests };
}

/** One round's outcome: the last state of each changed item (or "removed"), and the new link. */
interface Round {
  readonly changes: Map<string, RawContact | "removed">;
  readonly deltaLink: string;
}

class FolderReader {
  requests = 0;
  constructor(
    private readonly graph: MailboxGraph,
    private readonly mailboxId: string,
    private readonly folder: MailboxFolder,
  ) {}

  private async get(url: string, headers?: Record<string, string>): Promise<unknown> {
    this.requests += 1;
    return orSkip(this.mailboxId, () =>
      this.graph.get(url, headers === undefined ? { mailboxId: this.mailboxId } : { mailboxId: this.mailboxId, headers }),
    );
  }

  /** Applies the changes since `snapshot`; undefined when its token is no longer valid. */
  async update(snapshot: FolderSnapshot): Promise<FolderSnapshot | undefined> {
    let round: Round;
    try {
      round = await this.round(snapshot.deltaLink);
    } catch (err) {
      if (isSyncStateLost(err)) return undefined;
      throw err;
    }
    const contacts = new Map(Object.entries(snapshot.contacts));
    for (const [id, change] of round.changes) {
      if (change === "removed") contacts.delete(id);
      else contacts.set(id, change);
    }
    return { query: snapshot.query, deltaLink: round.deltaLink, contacts: Object.fromEntries(await this.completeMarkers(contacts)) };
  }

  /** A full initial round; the folder's whole content and a fresh deltaLink. */
  async initial(): Promise<FolderSnapshot> {
    const base = `${this.folder.contactsPath}/delta?`;
    let query = deltaQuery(true);
    let round: Round;
    try {
      round = await this.round(base + query);
    } catch (err) {
      if (graphFailure(err)?.status !== 400) throw err;
      // $expand refused on contacts delta (only $select is documented, A:contact-delta.md).
      query = deltaQuery(false);
      round = await this.round(base + query);
    }
    const contacts = new Map<string, RawContact>();
    for (const [id, change] of round.changes) if (change !== "removed") contacts.set(id, change);
    return { query, deltaLink: round.deltaLink, contacts: Object.fromEntries(await this.completeMarkers(contacts)) };
  }

  /** Follows nextLinks from `url` to the round's deltaLink. */
  private async round(url: string): Promise<Round> {
    const changes = new Map<string, RawContact | "removed">();
    let next: string | undefined = url;
    for (;;) {
      const page = parsePage(await this.get(next, maxPageSize));
      // Items may repeat within a round; the last occurrence is the newest (K:delta-query-overview.md).
      for (const item of page.value) {
        if (typeof item.id !== "string") continue;
        changes.delete(item.id);
        changes.set(item.id, "@removed" in item ? "removed" : item);
      }
      if (page.deltaLink !== undefined) return { changes, deltaLink: page.deltaLink };
      if (page.nextLink === undefined) throw new Error(`contacts delta page without nextLink or deltaLink in mailbox ${this.mailboxId}`);
      next = page.nextLink;
    }
  }

  /** Re-reads the contacts whose marker did not come back expanded (see module doc, point 3). */
  private async completeMarkers(contacts: Map<string, RawContact>): Promise<Map<string, RawContact>> {
    const missing = [...contacts].filter(([, c]) => !Array.isArray(c.extensions)).map(([id]) => id);
    if (missing.length === 0) return contacts;
    const listingCost = Math.max(1, Math.ceil(contacts.size / PAGE_SIZE));
    if (missing.length > listingCost) return this.list();
    for (const id of missing) {
      try {
        const item = await this.get(`${userPath(this.mailboxId)}/contacts/${encodeURIComponent(id)}?${itemQuery()}`);
        if (isRecord(item)) contacts.set(id, item);
      } catch (err) {
        // Deleted since the delta round: the next round reports the removal too.
        if (graphFailure(err)?.status !== 404 || graphFailure(err)?.code !== "ErrorItemNotFound") throw err;
        contacts.delete(id);
      }
    }
    return contacts;
  }

  /** The whole folder with markers, `$top` 1000 per page. */
  private async list(): Promise<Map<string, RawContact>> {
    const out = new Map<string, RawContact>();
    let next: string | undefined = `${this.folder.contactsPath}?${new URLSearchParams({ $top: String(PAGE_SIZE) }).toString()}&${itemQuery()}`;
    while (next !== undefined) {
      const page = parsePage(await this.get(next));
      for (const item of page.value) if (typeof item.id === "string") out.set(item.id, item);
      next = page.nextLink;
    }
    return out;
  }
}

/**
 * The delta token is gone and only a full round helps: 410 Gone (Outlook, graph-facts §3) or one
 * of the sync-state codes (alcionai/corso graph/errors.go, graph-facts §7).
 */
function isSyncStateLost(err: unknown): boolean {
  const f = graphFailure(err);
  if (f === undefined) return false;
  return f.status === 410 || ["syncstatenotfound", "syncstateinvalid", "resyncrequired"].includes(f.code.toLowerCase());
}

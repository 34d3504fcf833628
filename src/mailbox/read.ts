/**
 * Reads what a mailbox folder holds — every contact with the fields cync manages and its ownership
 * marker — keeping a per-folder contacts delta link and snapshot in the state directory so that an
 * unchanged folder costs ONE request.
 *
 * Why this shape (request counts asserted against the embedded tenant in
 * test/cli/plan.integration.test.ts and measured by `npm run bench:plan`):
 * - The marker only comes back with `$expand=extensions($filter=id eq '…')`
 *   (docs/graph-behaviour.md#reading-extensions), and contacts delta supports `$select` only;
 *   Outlook delta with that `$expand` fails with 500 "Value cannot be null"
 *   (docs/graph-behaviour.md#contacts-delta).
 *   So the delta round (`$select=id`, the smallest payload) only says WHICH contacts changed or went;
 *   their content and marker come from `GET …/contacts/{id}?$select&$expand` — one request each —
 *   or, when more changed than a listing costs, from one `$top=1000` listing of the folder
 *   (1000 is Outlook's page maximum; its default is 10:
 *   docs/graph-behaviour.md#contact-list-and-paging).
 * - A first read (no snapshot, state deleted, token expired — 410 `SyncStateNotFound`,
 *   docs/graph-behaviour.md#delta-token-expiry — or a new field set) runs the initial delta round
 *   first and lists the folder after it, so a change racing the read shows up again in the next
 *   round instead of being lost.
 * - The default Contacts folder has no documented id to build its delta URL from (the delta
 *   function exists only under `/contactFolders/{id}`, docs/graph-behaviour.md#contacts-delta), so
 *   it is listed in full every time: one request per 1000 contacts.
 * - For a policy that syncs photos (`photos`), each contact of the policy loaded because it is new or
 *   changed also has its photo read (`GET …/contacts/{id}/photo/$value`, 404: none) and its hash
 *   recorded beside it in the snapshot (`SEEN_PHOTO`, src/registry/current.ts): a photo changed or
 *   removed on a phone changes the contact, so this finds it at the cost of one request per changed
 *   contact, never per contact and run (docs/architecture.md#photos). Contacts cync wrote itself are
 *   the exception: the applier leaves the photo it wrote on each ({@link rememberWrittenPhotos}),
 *   and the next read takes that instead of reading the photo back. The default Contacts folder,
 *   listed in full every time, is not looked at this way: its contacts' photos are what their
 *   markers say.
 * - The applier's own writes answer with the contact as stored, changeKey included
 *   (docs/graph-behaviour.md#change-key): {@link recordWrites} folds them into the snapshot, and the
 *   delta round selects `changeKey` beside `id`, so a contact whose changeKey is the one cync wrote
 *   is not read again. The run after an apply costs one delta round per folder, not a re-read of
 *   everything written; a contact changed since cync wrote it has another changeKey and is read.
 * - A folder the applier has just created is empty: {@link startFolder} takes its delta link
 *   without listing it.
 * Correctness never depends on the state directory: without it only time is lost.
 */
import { randomUUID } from "node:crypto";
import { isDeltaTokenExpired } from "../graph/delta-token";
import { graphFailure } from "../graph/failure";
import { CONCURRENCY } from "../graph/limits";
import { odataQuery, parseDeltaPage, parsePage } from "../graph/odata-page";
import { isRecord } from "../json/record";
import { CONTACT_FIELDS, type CurrentContact } from "../model/contact";
import { currentContactFromGraph, SEEN_PHOTO } from "../registry/current";
import { photoHash } from "../registry/hash";
import { expandQuery, readOwnership } from "../registry/ownership";
import { contactsFolderKey, type StateStore } from "../state";
import { DEFAULT_CONTACTS_ID, type MailboxFolder } from "./folder";
import type { MailboxGraph } from "./graph";
import { orSkip } from "./skip";

/** Contacts per page: Outlook's maximum (docs/graph-behaviour.md#contact-list-and-paging). */
const PAGE_SIZE = 1000;

/** Shape version of the two per-folder records; bump when {@link FolderContacts} or {@link FolderLink} changes. */
const SNAPSHOT_VERSION = 2;

type RawContact = Record<string, unknown>;

/** The contact query: managed fields, changeKey (recorded in the plan) and our marker. */
const CONTENT_QUERY = odataQuery({ $select: ["changeKey", ...CONTACT_FIELDS].join(","), $expand: expandQuery() });
const DELTA_QUERY = odataQuery({ $select: "id,changeKey" });
const maxPageSize = { Prefer: `odata.maxpagesize=${PAGE_SIZE}` };

/**
 * A folder's contacts as Graph returned them (managed fields + marker), by id. Personal data: the
 * state directory is 0700. Kept apart from the (small) delta link so that a run in which nothing
 * changed rewrites no contacts.
 */
interface FolderContacts {
  /** The content query the contacts were read with; another one (new fields) means a full re-read. */
  readonly query: string;
  readonly contacts: Readonly<Record<string, RawContact>>;
}

interface FolderLink {
  readonly deltaLink: string;
  /** The content query of the contacts record beside it. */
  readonly query: string;
  /** Names the contacts record's content: a new one whenever the contacts record is rewritten. */
  readonly version: string;
}

/**
 * The snapshot as the reader works on it. Saved contacts first, link second: a crash between the
 * two leaves an older link beside newer contacts, whose next round re-reports (and re-reads) the
 * same changes — never the reverse, which would lose them.
 */
interface FolderSnapshot {
  readonly deltaLink: string;
  readonly contacts: Map<string, RawContact>;
  /** False when the round changed nothing: the contacts record need not be rewritten. */
  readonly contactsChanged: boolean;
  /** Ids of the contacts (re)loaded by this read: all of them after a listing. */
  readonly loaded: ReadonlySet<string>;
}

export interface FolderRead {
  /**
   * Every contact in the folder, in id order, classified for `policyName` — EMPTY when `unchanged`
   * (the caller asked not to load them, see {@link ReadOptions.unchangedSince}).
   */
  readonly contacts: readonly CurrentContact[];
  /** True when the folder was read in full (no usable snapshot), false for a delta round. */
  readonly full: boolean;
  /**
   * Names the folder's content as read: equal versions mean equal contacts. Undefined for the
   * default Contacts folder, which keeps no state.
   */
  readonly version: string | undefined;
  /** True when the folder still holds content `unchangedSince`; `contacts` were not loaded. */
  readonly unchanged: boolean;
}

export interface ReadOptions {
  /**
   * A {@link FolderRead.version} from an earlier read. When the delta round shows the folder still
   * holds exactly that content, the contacts are not loaded and the read answers `unchanged` —
   * for callers that remember what they concluded from that content (the engine's plan memo).
   */
  readonly unchangedSince?: string | undefined;
  /** The policy syncs photos: look at the photos of its contacts loaded by this read (see module doc). */
  readonly photos?: boolean;
}

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
  options: ReadOptions = {},
): Promise<FolderRead> {
  const reader = new FolderReader(graph, mailboxId, folder);
  const classify = (contacts: ReadonlyMap<string, RawContact>): CurrentContact[] =>
    [...contacts.keys()]
      .sort()
      .map((id) => currentContactFromGraph(contacts.get(id)!, policyName))
      .filter((c): c is CurrentContact => c !== undefined);
  if (folder.id === DEFAULT_CONTACTS_ID) return { contacts: classify(await reader.list()), full: true, version: undefined, unchanged: false };

  const key = contactsFolderKey(mailboxId, folder.id);
  const linkKey = `${key}/delta-link`;
  const link = await state.read<FolderLink>(linkKey, SNAPSHOT_VERSION);
  const saveLink = async (next: FolderLink): Promise<void> => {
    if (next.deltaLink !== link?.deltaLink || next.version !== link.version || next.query !== link.query) await state.write(linkKey, next, SNAPSHOT_VERSION);
  };
  const round = link?.query === CONTENT_QUERY ? await reader.delta(link.deltaLink) : undefined;
  if (link !== undefined && round !== undefined && round.changed.size + round.removed.size === 0 && options.unchangedSince === link.version) {
    await saveLink({ ...link, deltaLink: round.deltaLink });
    return { contacts: [], full: false, version: link.version, unchanged: true };
  }
  const stored = round === undefined ? undefined : await state.read<FolderContacts>(key, SNAPSHOT_VERSION);
  let snapshot = round !== undefined && stored?.query === CONTENT_QUERY ? await reader.apply(round, new Map(Object.entries(stored.contacts))) : undefined;
  const full = snapshot === undefined;
  snapshot ??= await reader.initial();
  if (options.photos === true) {
    const writtenKey = `${key}/written-photos`;
    const written = await state.read<WrittenPhotos>(writtenKey, SNAPSHOT_VERSION);
    await reader.seePhotos(snapshot, policyName, written?.photos ?? {});
    if (written !== undefined) await state.remove(writtenKey);
  }
  let version = link?.version ?? randomUUID();
  if (snapshot.contactsChanged || full) {
    version = randomUUID();
    await state.write(key, { query: CONTENT_QUERY, contacts: Object.fromEntries(snapshot.contacts) } satisfies FolderContacts, SNAPSHOT_VERSION);
  }
  await saveLink({ deltaLink: snapshot.deltaLink, query: CONTENT_QUERY, version });
  return { contacts: classify(snapshot.contacts), full, version, unchanged: false };
}

/**
 * Starts the snapshot of a folder the applier has just created (empty): one delta round for its
 * link, no listing.
 */
export async function startFolder(graph: MailboxGraph, state: StateStore, mailboxId: string, folder: MailboxFolder): Promise<void> {
  const snapshot = await new FolderReader(graph, mailboxId, folder).initial(true);
  const key = contactsFolderKey(mailboxId, folder.id);
  await state.write(key, { query: CONTENT_QUERY, contacts: {} } satisfies FolderContacts, SNAPSHOT_VERSION);
  await state.write(`${key}/delta-link`, { deltaLink: snapshot.deltaLink, query: CONTENT_QUERY, version: randomUUID() } satisfies FolderLink, SNAPSHOT_VERSION);
}

/** What one of the applier's writes left in a folder: the contact as the write's response returned it, or gone. */
export type WrittenContact = { readonly kind: "written"; readonly contact: RawContact } | { readonly kind: "deleted"; readonly id: string };

/**
 * Folds the applier's writes into the folder's snapshot, so the next delta round, which reports
 * them, need not read them back (see the module doc). A written contact keeps the marker it had in
 * the snapshot unless the write carried one. Nothing is recorded without a current snapshot.
 */
export async function recordWrites(state: StateStore, mailboxId: string, folder: MailboxFolder, writes: readonly WrittenContact[]): Promise<void> {
  if (folder.id === DEFAULT_CONTACTS_ID || writes.length === 0) return;
  const key = contactsFolderKey(mailboxId, folder.id);
  const linkKey = `${key}/delta-link`;
  const link = await state.read<FolderLink>(linkKey, SNAPSHOT_VERSION);
  const stored = await state.read<FolderContacts>(key, SNAPSHOT_VERSION);
  if (link?.query !== CONTENT_QUERY || stored?.query !== CONTENT_QUERY) return;
  const contacts = new Map(Object.entries(stored.contacts));
  for (const w of writes) {
    if (w.kind === "deleted") {
      contacts.delete(w.id);
      continue;
    }
    const id = w.contact["id"];
    if (typeof id !== "string") continue;
    const before = contacts.get(id);
    const kept: RawContact = {};
    for (const field of ["id", "changeKey", ...CONTACT_FIELDS, "extensions"]) {
      if (field in w.contact) kept[field] = w.contact[field];
      else if (before !== undefined && field in before) kept[field] = before[field];
    }
    contacts.set(id, kept);
  }
  await state.write(key, { query: CONTENT_QUERY, contacts: Object.fromEntries(contacts) } satisfies FolderContacts, SNAPSHOT_VERSION);
  await state.write(linkKey, { ...link, version: randomUUID() } satisfies FolderLink, SNAPSHOT_VERSION);
}

class FolderReader {
  constructor(
    private readonly graph: MailboxGraph,
    private readonly mailboxId: string,
    private readonly folder: MailboxFolder,
  ) {}

  private get(url: string, headers?: Record<string, string>): Promise<unknown> {
    const opts = headers === undefined ? { mailboxId: this.mailboxId } : { mailboxId: this.mailboxId, headers };
    return orSkip(this.mailboxId, () => this.graph.get(url, opts));
  }

  /** One delta round from `deltaLink`; undefined when the link is no longer valid. */
  async delta(deltaLink: string): Promise<Round | undefined> {
    try {
      return await this.round(deltaLink);
    } catch (err) {
      if (isDeltaTokenExpired(err)) return undefined;
      throw err;
    }
  }

  /** `contacts` brought up to date by `round`. */
  async apply(round: Round, contacts: Map<string, RawContact>): Promise<FolderSnapshot> {
    const removed = [...round.removed].filter((id) => contacts.delete(id));
    // A contact still at the changeKey the snapshot holds (cync's own write, recordWrites) is known.
    const changed = [...round.changed].filter(([id, key]) => key === undefined || contacts.get(id)?.["changeKey"] !== key).map(([id]) => id);
    const contactsChanged = changed.length + removed.length > 0;
    // Listing costs one request per PAGE_SIZE contacts; fetching one by one, one per contact.
    const listingCost = Math.max(1, Math.ceil((contacts.size + changed.length) / PAGE_SIZE));
    if (changed.length > listingCost) {
      // A listing reloads every contact, but only the changed ones need their photo looked at again.
      const listed = await this.list();
      for (const [id, item] of listed) {
        const before = contacts.get(id);
        if (!round.changed.has(id) && before !== undefined && SEEN_PHOTO in before) item[SEEN_PHOTO] = before[SEEN_PHOTO];
      }
      return { deltaLink: round.deltaLink, contacts: listed, contactsChanged, loaded: new Set(changed) };
    }
    for (const id of changed) {
      const item = await this.fetch(id);
      if (item === undefined) contacts.delete(id);
      else contacts.set(id, item);
    }
    return { deltaLink: round.deltaLink, contacts, contactsChanged, loaded: new Set(changed) };
  }

  /**
   * Records the photo hash of every contact of `policyName` loaded by this read (see module doc);
   * up to the mailbox's concurrency at once.
   */
  async seePhotos(snapshot: FolderSnapshot, policyName: string, written: Readonly<Record<string, string | null>>): Promise<void> {
    const ids = [...snapshot.loaded].filter((id) => {
      const item = snapshot.contacts.get(id);
      if (item === undefined || readOwnership(item, policyName).kind !== "owned") return false;
      const known = written[id];
      if (known === undefined) return true;
      item[SEEN_PHOTO] = known;
      return false;
    });
    const next = async (): Promise<void> => {
      for (let id = ids.pop(); id !== undefined; id = ids.pop()) {
        const item = snapshot.contacts.get(id)!;
        item[SEEN_PHOTO] = await this.photo(id);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY.perMailbox }, next));
  }

  /** The hash of a contact's photo, null when it has none (or is gone meanwhile: the next round says so). */
  private async photo(id: string): Promise<string | null> {
    try {
      const bytes = await this.get(`${this.folder.contactsPath}/${encodeURIComponent(id)}/photo/$value`);
      return bytes instanceof Uint8Array ? photoHash(bytes) : null;
    } catch (err) {
      if (graphFailure(err)?.status === 404) return null;
      throw err;
    }
  }

  /** An initial delta round for a fresh link, then the folder's content (none when `empty`). */
  async initial(empty = false): Promise<FolderSnapshot> {
    const round = await this.round(`${this.folder.contactsPath}/delta?${DELTA_QUERY}`);
    const contacts = empty ? new Map<string, RawContact>() : await this.list();
    return { deltaLink: round.deltaLink, contacts, contactsChanged: true, loaded: new Set(contacts.keys()) };
  }

  /** The whole folder with content and marker, `$top` 1000 per page. */
  async list(): Promise<Map<string, RawContact>> {
    const out = new Map<string, RawContact>();
    let next: string | undefined = `${this.folder.contactsPath}?$top=${PAGE_SIZE}&${CONTENT_QUERY}`;
    while (next !== undefined) {
      const page = parsePage(await this.get(next), `list contacts in mailbox ${this.mailboxId}`);
      for (const item of page.value) if (typeof item.id === "string") out.set(item.id, item);
      next = page.nextLink;
    }
    return out;
  }

  /** One contact with content and marker; undefined when it is gone meanwhile (the next round says so too). */
  private async fetch(id: string): Promise<RawContact | undefined> {
    try {
      const item = await this.get(`${this.folder.contactsPath}/${encodeURIComponent(id)}?${CONTENT_QUERY}`);
      return isRecord(item) ? item : undefined;
    } catch (err) {
      if (graphFailure(err)?.status === 404) return undefined;
      throw err;
    }
  }

  /** Follows nextLinks from `url` to the round's deltaLink. */
  private async round(url: string): Promise<Round> {
    const changed = new Map<string, string | undefined>();
    const removed = new Set<string>();
    let next = url;
    for (;;) {
      const page = parseDeltaPage(await this.get(next, maxPageSize), `read contacts delta in mailbox ${this.mailboxId}`);
      // Items may repeat within a round and come in any order
      // (docs/graph-behaviour.md#delta-rounds-and-links).
      for (const item of page.value) {
        if (typeof item.id !== "string") continue;
        if ("@removed" in item) {
          removed.add(item.id);
          changed.delete(item.id);
        } else {
          changed.set(item.id, typeof item["changeKey"] === "string" ? item["changeKey"] : undefined);
          removed.delete(item.id);
        }
      }
      if (page.deltaLink !== undefined) return { changed, removed, deltaLink: page.deltaLink };
      // parseDeltaPage guarantees a nextLink here.
      next = page.nextLink!;
    }
  }
}

/** The photos the applier wrote in a folder, by contact id (null: it left the contact without one). */
interface WrittenPhotos {
  readonly photos: Readonly<Record<string, string | null>>;
}

/**
 * Remembers the photo cync just left on each of these contacts, so that the next read of the
 * folder, which sees them changed by those very writes, takes it instead of reading each photo back
 * (see module doc). A photo a mailbox owner changes between the write and that read is seen only
 * when the contact changes again. Losing the record only costs those reads.
 */
export async function rememberWrittenPhotos(state: StateStore, mailboxId: string, folder: MailboxFolder, photos: ReadonlyMap<string, string | null>): Promise<void> {
  if (folder.id === DEFAULT_CONTACTS_ID || photos.size === 0) return;
  const key = `${contactsFolderKey(mailboxId, folder.id)}/written-photos`;
  const before = await state.read<WrittenPhotos>(key, SNAPSHOT_VERSION);
  await state.write(key, { photos: { ...before?.photos, ...Object.fromEntries(photos) } } satisfies WrittenPhotos, SNAPSHOT_VERSION);
}

/** One delta round: ids changed (with their changeKey when the round selected it) and ids removed (last word wins), and the next round's link. */
interface Round {
  readonly changed: ReadonlyMap<string, string | undefined>;
  readonly removed: ReadonlySet<string>;
  readonly deltaLink: string;
}

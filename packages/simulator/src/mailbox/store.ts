/**
 * Every simulated mailbox's contact folders, contacts, open extensions, photos, Deleted Items and
 * per-folder change logs. Pure data and mutations: no HTTP, no clock (callers pass `now`).
 *
 * Memory (1,000,000 contacts in ≤ 2 GB, `npm run bench:sim:store`): contacts are plain objects in
 * Maps, with no closures, and every stored value is interned — identical strings, arrays,
 * addresses, whole property sets and extension payloads are one shared frozen object. A policy
 * writes the same contact (same props, same marker) into many mailboxes, so most of the payload is
 * shared.
 */
import type { ContactProps } from "./contact";
import { extensionKey, type ExtensionProps } from "./extension";
import type { Folder, Mailbox, StoredContact, StoredExtension, StoredPhoto } from "./model";
import { contactJSON, folderJSON, type ContactJSON, type FolderJSON, type MailboxStoreJSON } from "./persist";

export type { MailboxStoreJSON } from "./persist";

/** Tombstones kept per folder before the oldest are pruned (and older tokens expire): our choice, Exchange's is not documented. */
const TOMBSTONE_LIMIT = 10_000;

/** Exchange change keys are base64 blobs (contact-update.json); ours encode the change sequence. */
export function changeKey(seq: number): string {
  const buf = Buffer.alloc(8);
  buf.writeUInt32BE(seq, 4);
  return `EQAAABYAAAA${buf.toString("base64")}`;
}

export class MailboxStore {
  private readonly mailboxes = new Map<string, Mailbox>();
  /** Interned values by canonical JSON; weak, so payloads no contact uses any more are collected. */
  private readonly interned = new Map<string, WeakRef<object>>();
  private readonly released = new FinalizationRegistry<string>((key) => {
    if (this.interned.get(key)?.deref() === undefined) this.interned.delete(key);
  });
  private readonly scopes = new Map<string, ReadonlySet<string>>();
  private nextId = 1;

  /**
   * Restricts an app to a set of mailbox owners, as an Exchange application access policy or an
   * RBAC for Applications management scope does (docs/graph-behaviour.md#mailbox-scoping); undefined
   * lifts the restriction.
   */
  scopeApp(appId: string, owners: Iterable<string> | undefined): void {
    if (owners === undefined) this.scopes.delete(appId);
    else this.scopes.set(appId, new Set(owners));
  }

  /** Whether an app may reach a mailbox (no scope = every mailbox, Graph's default). */
  allows(appId: string, owner: string): boolean {
    return this.scopes.get(appId)?.has(owner) ?? true;
  }

  /** The mailbox of a user, or undefined if it has never been touched. */
  get(owner: string): Mailbox | undefined {
    return this.mailboxes.get(owner);
  }

  /** The mailbox of a user that has one (the directory decides that), created empty on first use. */
  ensureMailbox(owner: string): Mailbox {
    let mb = this.mailboxes.get(owner);
    if (!mb) {
      const rootId = this.newId("AQMkAD");
      const contactsId = this.newId("AQMkAD");
      mb = {
        owner,
        rootId,
        contactsId,
        folders: new Map(),
        contacts: new Map(),
        deletedContacts: new Map(),
        deletedFolders: new Map(),
        seq: 0,
      };
      mb.folders.set(contactsId, newFolder(contactsId, "Contacts", rootId));
      this.mailboxes.set(owner, mb);
    }
    return mb;
  }

  /** Forget a mailbox (the user lost it, or was deleted). */
  dropMailbox(owner: string): void {
    this.mailboxes.delete(owner);
  }

  mailboxCount(): number {
    return this.mailboxes.size;
  }

  /** Child folders of a folder, in creation order. */
  childFolders(mb: Mailbox, parentId: string): Folder[] {
    return [...mb.folders.values()].filter((f) => f.parentId === parentId);
  }

  /** Creates a folder, or returns "exists" when the parent has one of that name (case-insensitive). */
  createFolder(mb: Mailbox, parentId: string, displayName: string): Folder | "exists" {
    const lower = displayName.toLowerCase();
    if (this.childFolders(mb, parentId).some((f) => f.displayName.toLowerCase() === lower)) return "exists";
    const folder = newFolder(this.newId("AAMkAD"), displayName, parentId);
    mb.folders.set(folder.id, folder);
    return folder;
  }

  /** Renames a folder, or returns "exists" when a sibling has that name (case-insensitive). */
  renameFolder(mb: Mailbox, folder: Folder, displayName: string): Folder | "exists" {
    const lower = displayName.toLowerCase();
    if (this.childFolders(mb, folder.parentId).some((f) => f !== folder && f.displayName.toLowerCase() === lower)) return "exists";
    folder.displayName = displayName;
    return folder;
  }

  /** Deletes a folder with its subfolders and contacts: to Deleted Items, or for good. */
  deleteFolder(mb: Mailbox, folder: Folder, permanent: boolean): void {
    for (const child of this.childFolders(mb, folder.id)) this.deleteFolder(mb, child, permanent);
    mb.folders.delete(folder.id);
    for (const c of folder.contacts.values()) mb.contacts.delete(c.id);
    if (!permanent) mb.deletedFolders.set(folder.id, folder);
  }

  createContact(
    mb: Mailbox,
    folder: Folder,
    props: ContactProps,
    extensions: readonly StoredExtension[],
    now: number,
  ): StoredContact {
    const contact: StoredContact = {
      id: this.newId("AAMkAD"),
      folderId: folder.id,
      created: now,
      modified: now,
      seq: ++mb.seq,
      props: this.intern(props),
      ext: undefined,
      photo: undefined,
    };
    for (const e of extensions) this.putExtension(contact, e.name, e.props);
    folder.contacts.set(contact.id, contact);
    mb.contacts.set(contact.id, contact);
    return contact;
  }

  /** Merges a validated property patch into a contact (collections replace whole). */
  updateContact(mb: Mailbox, contact: StoredContact, patch: ContactProps, now: number): void {
    contact.props = this.intern({ ...contact.props, ...patch });
    this.touch(mb, contact, now);
  }

  /** Deletes a contact: to Deleted Items, or (permanentDelete) out of the mailbox's reach. */
  deleteContact(mb: Mailbox, contact: StoredContact, permanent: boolean, now: number): void {
    const folder = mb.folders.get(contact.folderId);
    mb.contacts.delete(contact.id);
    if (folder) {
      folder.contacts.delete(contact.id);
      folder.tombstones.push({ id: contact.id, seq: ++mb.seq });
      pruneTombstones(folder);
    }
    if (!permanent) {
      contact.modified = now;
      mb.deletedContacts.set(contact.id, contact);
    }
  }

  /** Adds or replaces (PATCH replaces every custom property) one extension. */
  setExtension(mb: Mailbox, contact: StoredContact, name: string, props: ExtensionProps, now: number): void {
    this.putExtension(contact, name, props);
    this.touch(mb, contact, now);
  }

  deleteExtension(mb: Mailbox, contact: StoredContact, name: string, now: number): void {
    const key = extensionKey(name);
    if (!contact.ext?.[key]) return;
    const rest = Object.entries(contact.ext).filter(([k]) => k !== key);
    contact.ext = rest.length === 0 ? undefined : this.intern(Object.fromEntries(rest));
    this.touch(mb, contact, now);
  }

  /** Sets (or, with undefined, removes: only the owner can, docs/graph-behaviour.md#contact-photo) the contact's photo. */
  setPhoto(mb: Mailbox, contact: StoredContact, photo: StoredPhoto | undefined, now: number): void {
    contact.photo = photo;
    this.touch(mb, contact, now);
  }

  /** Expires every delta token of the mailbox (next use → 410 SyncStateNotFound). */
  expireDeltaTokens(mb: Mailbox): void {
    mb.seq++;
    for (const f of mb.folders.values()) f.syncFloor = mb.seq;
  }

  /** Plain-JSON form for persistence (photos as base64). */
  toJSON(): MailboxStoreJSON {
    return {
      nextId: this.nextId,
      mailboxes: [...this.mailboxes.values()].map((mb) => ({
        owner: mb.owner,
        rootId: mb.rootId,
        contactsId: mb.contactsId,
        seq: mb.seq,
        folders: [...mb.folders.values()].map(folderJSON),
        deletedFolders: [...mb.deletedFolders.values()].map(folderJSON),
        deletedContacts: [...mb.deletedContacts.values()].map(contactJSON),
      })),
    };
  }

  static fromJSON(json: MailboxStoreJSON): MailboxStore {
    const store = new MailboxStore();
    store.nextId = json.nextId;
    for (const m of json.mailboxes) {
      const mb: Mailbox = {
        owner: m.owner,
        rootId: m.rootId,
        contactsId: m.contactsId,
        seq: m.seq,
        folders: new Map(),
        contacts: new Map(),
        deletedContacts: new Map(),
        deletedFolders: new Map(),
      };
      for (const f of m.folders) {
        const folder = store.folderFromJSON(f);
        mb.folders.set(folder.id, folder);
        for (const c of folder.contacts.values()) mb.contacts.set(c.id, c);
      }
      for (const f of m.deletedFolders) mb.deletedFolders.set(f.id, store.folderFromJSON(f));
      for (const c of m.deletedContacts) mb.deletedContacts.set(c.id, store.contactFromJSON(c));
      store.mailboxes.set(mb.owner, mb);
    }
    return store;
  }

  private folderFromJSON(f: FolderJSON): Folder {
    const folder = newFolder(f.id, f.displayName, f.parentId);
    folder.syncFloor = f.syncFloor;
    folder.tombstones.push(...f.tombstones);
    for (const c of f.contacts) folder.contacts.set(c.id, this.contactFromJSON(c));
    return folder;
  }

  private contactFromJSON(c: ContactJSON): StoredContact {
    const contact: StoredContact = {
      id: c.id,
      folderId: c.folderId,
      created: c.created,
      modified: c.modified,
      seq: c.seq,
      props: this.intern(c.props),
      ext: undefined,
      photo: c.photo ? { contentType: c.photo.contentType, data: Buffer.from(c.photo.base64, "base64") } : undefined,
    };
    for (const e of c.extensions) this.putExtension(contact, e.name, e.props);
    return contact;
  }

  private putExtension(contact: StoredContact, name: string, props: ExtensionProps): void {
    contact.ext = this.intern({ ...contact.ext, [extensionKey(name)]: { name, props } });
  }

  private touch(mb: Mailbox, contact: StoredContact, now: number): void {
    contact.modified = now;
    contact.seq = ++mb.seq;
  }

  /** Ids are opaque base64url strings, unique across the store (Exchange ids are base64 too). */
  private newId(prefix: string): string {
    const buf = Buffer.alloc(6);
    buf.writeUIntBE(this.nextId++, 0, 6);
    return prefix + buf.toString("base64url");
  }

  /** One shared frozen copy per distinct value (see the file comment). */
  private intern<T extends object>(value: T): T {
    const key = JSON.stringify(value);
    const hit = this.interned.get(key)?.deref();
    if (hit !== undefined) return hit as T;
    const frozen = deepFreeze(value);
    this.interned.set(key, new WeakRef(frozen));
    this.released.register(frozen, key);
    return frozen;
  }
}

function newFolder(id: string, displayName: string, parentId: string): Folder {
  return { id, displayName, parentId, contacts: new Map(), tombstones: [], syncFloor: 0 };
}

/** Bounded change log: drop the oldest half and expire the tokens that needed it. */
function pruneTombstones(folder: Folder): void {
  if (folder.tombstones.length <= TOMBSTONE_LIMIT) return;
  const dropped = folder.tombstones.splice(0, TOMBSTONE_LIMIT / 2);
  folder.syncFloor = Math.max(folder.syncFloor, dropped[dropped.length - 1]!.seq);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

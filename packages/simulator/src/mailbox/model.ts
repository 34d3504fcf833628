/**
 * The mailbox store's data model: what a mailbox, folder, contact, extension and photo are in
 * memory. The store (store.ts) owns and mutates them; persistence (persist.ts) converts them.
 */
import type { ContactProps } from "./contact";
import type { ExtensionProps } from "./extension";

export interface StoredExtension {
  readonly name: string;
  readonly props: ExtensionProps;
}

export interface StoredPhoto {
  readonly contentType: string;
  readonly data: Buffer;
}

export interface StoredContact {
  readonly id: string;
  folderId: string;
  readonly created: number;
  modified: number;
  /** Mailbox change sequence of the last write: orders delta rounds and makes the changeKey. */
  seq: number;
  /** Interned, never mutated in place: writes replace the object. */
  props: ContactProps;
  /** Extensions by lower-case name (interned, replaced on write), or undefined when there are none. */
  ext: Record<string, StoredExtension> | undefined;
  photo: StoredPhoto | undefined;
}

/** A removal recorded for contacts delta (`@removed`). */
export interface Tombstone {
  readonly id: string;
  readonly seq: number;
}

export interface Folder {
  readonly id: string;
  displayName: string;
  readonly parentId: string;
  readonly contacts: Map<string, StoredContact>;
  readonly tombstones: Tombstone[];
  /** Delta tokens older than this sequence can no longer be served (410 SyncStateNotFound). */
  syncFloor: number;
}

export interface Mailbox {
  readonly owner: string;
  /** The msgfolderroot: parent of the default Contacts folder (contactfolder-list.json). */
  readonly rootId: string;
  readonly contactsId: string;
  readonly folders: Map<string, Folder>;
  /** Every live contact of the mailbox by id (`/users/{id}/contacts/{id}` reaches any folder). */
  readonly contacts: Map<string, StoredContact>;
  /** Deleted Items: contacts deleted without permanentDelete, and deleted folders with contents. */
  readonly deletedContacts: Map<string, StoredContact>;
  readonly deletedFolders: Map<string, Folder>;
  seq: number;
}

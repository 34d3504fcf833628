/**
 * The mailbox store's plain-JSON persistence format (photos as base64), written by
 * `MailboxStore.toJSON` and read by `MailboxStore.fromJSON`.
 */
import type { ContactProps } from "./contact";
import type { Folder, StoredContact, StoredExtension, Tombstone } from "./model";

export interface ContactJSON {
  id: string;
  folderId: string;
  created: number;
  modified: number;
  seq: number;
  props: ContactProps;
  extensions: StoredExtension[];
  photo?: { contentType: string; base64: string };
}

export interface FolderJSON {
  id: string;
  displayName: string;
  parentId: string;
  syncFloor: number;
  tombstones: Tombstone[];
  contacts: ContactJSON[];
}

export interface MailboxStoreJSON {
  nextId: number;
  mailboxes: Array<{
    owner: string;
    rootId: string;
    contactsId: string;
    seq: number;
    folders: FolderJSON[];
    deletedFolders: FolderJSON[];
    deletedContacts: ContactJSON[];
  }>;
}

export function contactJSON(c: StoredContact): ContactJSON {
  const json: ContactJSON = {
    id: c.id,
    folderId: c.folderId,
    created: c.created,
    modified: c.modified,
    seq: c.seq,
    props: c.props,
    extensions: Object.values(c.ext ?? {}),
  };
  if (c.photo) json.photo = { contentType: c.photo.contentType, base64: c.photo.data.toString("base64") };
  return json;
}

export function folderJSON(f: Folder): FolderJSON {
  return {
    id: f.id,
    displayName: f.displayName,
    parentId: f.parentId,
    syncFloor: f.syncFloor,
    tombstones: f.tombstones,
    contacts: [...f.contacts.values()].map(contactJSON),
  };
}

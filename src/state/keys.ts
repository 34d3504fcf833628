/**
 * The keys of the records cync keeps in the state store, in one place so two modules never write
 * the same key with different shapes. Each record's shape version lives beside its reader.
 */
export const STATE_KEYS = {
  /** Users deltaLink + directory snapshot + the `$select` set they were made with (src/directory). */
  users: "directory/users",
  /** Groups deltaLinks + membership snapshot of the groups the policies reference (src/directory). */
  groups: "directory/groups",
  /** Mailbox kind (mailboxSettings.userPurpose) per user, with the time it was read (src/targets). */
  mailboxKinds: "targets/mailbox-kinds",
} as const;

/** Per-folder contacts deltaLink + folder snapshot, for the mailbox reader (src/mailbox). */
export function contactsFolderKey(mailboxId: string, folderId: string): string {
  return `contacts/${mailboxId.toLowerCase()}/${folderId}`;
}

/** The id of a mailbox's named contact folder, so a plan need not look it up every run (src/mailbox). */
export function folderIdKey(mailboxId: string, folderName: string): string {
  return `folders/${mailboxId.toLowerCase()}/${folderName.toLowerCase()}`;
}

/** The engine's memo of a mailbox planned with no changes, per policy (src/engine/memo.ts). */
export function planMemoKey(policy: string, mailboxId: string): string {
  return `plan-memo/${policy}/${mailboxId.toLowerCase()}`;
}

/** A source user's photo: ETag, when it was last checked, hash and scaled bytes (src/photos). */
export function userPhotoKey(userId: string): string {
  return `photos/${userId.toLowerCase()}`;
}

/** A policy's desired contact set, content-addressed by its digest, for the Pulumi provider (src/pulumi/desired-set.ts). */
export function desiredSetKey(digest: string): string {
  return `pulumi-desired/${digest}`;
}

/**
 * A policy's folder in one mailbox, read for planning: locate it and read it in as few requests as
 * possible. The folder's id is remembered in the state directory, so an unchanged folder costs one
 * request in all — its delta round — instead of a lookup plus the round. When the remembered folder
 * is gone (404 on its delta link: deleted, or the state is from another mailbox generation) the
 * folder is looked up by name again. A folder the owner renamed keeps being used while the state
 * directory remembers it; without the state it is looked up by name (a new one would be created).
 */
import { folderIdKey, type StateStore } from "../state";
import { findFolder, folderAt, type FolderSpec, type MailboxFolder } from "./folder";
import { graphFailure } from "../graph/failure";
import type { MailboxGraph } from "./graph";
import { readFolder, type FolderRead, type ReadOptions } from "./read";

export interface PolicyFolderRead extends FolderRead {
  /** Undefined when the mailbox has no such folder yet: a plan then creates everything. */
  readonly folder: MailboxFolder | undefined;
  /** Other same-named folders cync leaves alone (only known when the folder was looked up). */
  readonly ignoredDuplicates: readonly string[];
}

/**
 * Locates and reads `spec`'s folder in `mailboxId`, classified for `policyName`. Never writes to
 * the mailbox.
 * @throws MailboxSkipped when the mailbox cannot be read (see skip.ts).
 */
export async function readPolicyFolder(
  graph: MailboxGraph,
  state: StateStore,
  mailboxId: string,
  spec: FolderSpec,
  policyName: string,
  options: ReadOptions = {},
): Promise<PolicyFolderRead> {
  if ("name" in spec) {
    const key = folderIdKey(mailboxId, spec.name);
    const remembered = await state.read<{ id: string }>(key);
    if (remembered !== undefined) {
      try {
        const folder = folderAt(mailboxId, remembered.id);
        return { folder, ...(await readFolder(graph, state, mailboxId, folder, policyName, options)), ignoredDuplicates: [] };
      } catch (err) {
        if (graphFailure(err)?.status !== 404) throw err;
        await state.remove(key);
      }
    }
  }
  const { folder, ignoredDuplicates } = await findFolder(graph, mailboxId, spec);
  if (folder === undefined) return { folder, contacts: [], full: true, version: undefined, unchanged: false, ignoredDuplicates };
  const read = await readFolder(graph, state, mailboxId, folder, policyName, options);
  await rememberFolder(state, mailboxId, spec, folder);
  return { folder, ...read, ignoredDuplicates };
}

/** True when the state directory remembers where `spec`'s folder is. */
export async function folderRemembered(state: StateStore, mailboxId: string, spec: FolderSpec): Promise<boolean> {
  return "name" in spec && (await state.read<{ id: string }>(folderIdKey(mailboxId, spec.name))) !== undefined;
}

/** Remembers where `spec`'s folder is, so the next read goes straight to its delta round. */
export async function rememberFolder(state: StateStore, mailboxId: string, spec: FolderSpec, folder: MailboxFolder): Promise<void> {
  if ("name" in spec) await state.write(folderIdKey(mailboxId, spec.name), { id: folder.id });
}

/**
 * The applier's ports wired to Microsoft Graph: folders and folder reads through the mailbox
 * reader (src/mailbox), writes through the throttled requester (src/graph) — one requester for both, so
 * reads and writes share each mailbox's 4 concurrent slots (docs/graph-behaviour.md#outlook-mailbox-limits).
 * What the writes answer is kept per folder and folded into the folder's snapshot when the applier
 * closes it (mailbox/read.ts `recordWrites`), so the next run does not read back what cync wrote.
 */
import type { GraphRequester } from "../graph/requester";
import { isRecord } from "../json/record";
import { odataQuery, parsePage } from "../graph/odata-page";
import { createFolder, folderPath, type MailboxFolder } from "../mailbox/folder";
import { folderRemembered, readPolicyFolder, rememberFolder } from "../mailbox/policy-folder";
import { readFolder, recordWrites, rememberWrittenPhotos, startFolder, type WrittenContact } from "../mailbox/read";
import { mailboxGraphOver } from "../mailbox/requester-graph";
import { cachedPhoto } from "../photos/read";
import type { StateStore } from "../state";
import type { ApplyIO, FolderReadOptions, MailboxWrite } from "./ports";

export function graphApplyIO(requester: Pick<GraphRequester, "request">, state: StateStore): ApplyIO {
  const graph = mailboxGraphOver(requester);
  const read = async (mailboxId: string, folder: Parameters<typeof readFolder>[3], policy: string, options: FolderReadOptions = {}) =>
    (await readFolder(graph, state, mailboxId, folder, policy, options)).contacts;
  /** Writes answered, per folder (its contacts path), until the applier closes the folder. */
  const written = new Map<string, WrittenContact[]>();
  /** Creates `spec`'s folder; one made by this call is empty, so only its delta link is taken. */
  const create = async (mailboxId: string, spec: { readonly name: string }): Promise<{ folder: MailboxFolder; created: boolean }> => {
    const made = await createFolder(graph, mailboxId, spec);
    if (made.folder === undefined) throw new Error(`contact folder not found after creating it in mailbox ${mailboxId}`);
    await rememberFolder(state, mailboxId, spec, made.folder);
    if (made.created) await startFolder(graph, state, mailboxId, made.folder);
    return { folder: made.folder, created: made.created };
  };
  return {
    async openFolder(mailboxId, spec, policy, open) {
      const { create: mayCreate, plannedEmpty, ...options } = open;
      // The plan found no folder (and none is remembered): create it first. A 409 says it exists
      // after all (createFolder looks it up), and it is read below like any other.
      if (mayCreate && plannedEmpty === true && "name" in spec && !(await folderRemembered(state, mailboxId, spec))) {
        const made = await create(mailboxId, spec);
        if (made.created) return { folder: made.folder, contacts: [], created: true };
      }
      // The planner's read path: one delta request for an unchanged, remembered folder.
      const found = await readPolicyFolder(graph, state, mailboxId, spec, policy, options);
      if (found.folder !== undefined) return { folder: found.folder, contacts: found.contacts, created: false };
      if (!mayCreate) return undefined;
      if (!("name" in spec)) throw new Error(`the default Contacts folder was not found in mailbox ${mailboxId}`);
      // The lookup just found none: create it without looking again.
      const made = await create(mailboxId, spec);
      return { folder: made.folder, contacts: made.created ? [] : await read(mailboxId, made.folder, policy, options), created: made.created };
    },
    readFolder: read,
    async removeFolderIfEmpty(mailboxId, folder, permanent) {
      const path = folderPath(folder, mailboxId);
      if (path === undefined) return "not-empty";
      // Any contact at all (not only cync's), or any child folder, keeps the folder.
      const contacts = await read(mailboxId, folder, "");
      const children = parsePage(await graph.get(`${path}/childFolders?${odataQuery({ $select: "id", $top: "1" })}`, { mailboxId }), `list child folders in mailbox ${mailboxId}`);
      if (contacts.length > 0 || children.value.length > 0) return "not-empty";
      await requester.request(
        permanent
          ? { mailboxId, method: "POST", path: `${path}/permanentDelete`, idempotent: true, operation: "permanently delete contact folder" }
          : { mailboxId, method: "DELETE", path, idempotent: true, operation: "delete contact folder" },
      );
      return "removed";
    },
    photo: (sourceUserId, hash) => cachedPhoto(state, sourceUserId, hash),
    rememberPhotos: (mailboxId, folder, photos) => rememberWrittenPhotos(state, mailboxId, folder, photos),
    async write(request) {
      // A lost create comes back "unknown": the applier resolves those itself, one folder re-read
      // for all of a mailbox's lost creates instead of one per create (mailbox.ts).
      const result = await requester.request(request);
      if (result.outcome === "unknown") return { kind: "unknown" };
      const entry = writtenContact(request, result.body);
      if (entry !== undefined) written.set(entry.contactsPath, [...(written.get(entry.contactsPath) ?? []), entry.write]);
      return { kind: "done", body: result.body };
    },
    async closeFolder(mailboxId, folder) {
      const writes = written.get(folder.contactsPath) ?? [];
      written.delete(folder.contactsPath);
      // The state is a cache: without the record the next run reads these contacts back.
      await recordWrites(state, mailboxId, folder, writes).catch(() => undefined);
    },
  };
}

/**
 * The folder (contacts path) a write went to and what it left there: a create or update answers
 * with the contact as stored (a create's marker is the one it sent); a delete leaves it gone.
 */
function writtenContact(request: MailboxWrite, body: unknown): { contactsPath: string; write: WrittenContact } | undefined {
  const path = request.path.replace(/\/permanentDelete$/, "");
  if (request.method === "POST" && path === request.path) {
    if (!isRecord(body)) return undefined;
    const sent = isRecord(request.body) ? request.body["extensions"] : undefined;
    return { contactsPath: path, write: { kind: "written", contact: sent === undefined ? body : { ...body, extensions: sent } } };
  }
  const slash = path.lastIndexOf("/");
  const contactsPath = path.slice(0, slash);
  if (request.method === "PATCH") return isRecord(body) ? { contactsPath, write: { kind: "written", contact: body } } : undefined;
  return { contactsPath, write: { kind: "deleted", id: decodeURIComponent(path.slice(slash + 1)) } };
}

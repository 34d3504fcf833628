/**
 * The applier's ports wired to Microsoft Graph: folders and folder reads through the mailbox
 * reader (src/mailbox), writes through the throttled requester (src/graph) — one requester for both, so
 * reads and writes share each mailbox's 4 concurrent slots (docs/graph-behaviour.md#outlook-mailbox-limits).
 */
import type { GraphRequester } from "../graph/requester";
import { odataQuery, parsePage } from "../graph/odata-page";
import { ensureFolder, folderPath } from "../mailbox/folder";
import { readPolicyFolder } from "../mailbox/policy-folder";
import { readFolder } from "../mailbox/read";
import { mailboxGraphOver } from "../mailbox/requester-graph";
import type { StateStore } from "../state";
import type { ApplyIO } from "./ports";

export function graphApplyIO(requester: Pick<GraphRequester, "request">, state: StateStore): ApplyIO {
  const graph = mailboxGraphOver(requester);
  const read = async (mailboxId: string, folder: Parameters<typeof readFolder>[3], policy: string) =>
    (await readFolder(graph, state, mailboxId, folder, policy)).contacts;
  return {
    async openFolder(mailboxId, spec, policy, create) {
      // The planner's read path: one delta request for an unchanged, remembered folder.
      const found = await readPolicyFolder(graph, state, mailboxId, spec, policy);
      if (found.folder !== undefined) return { folder: found.folder, contacts: found.contacts, created: false };
      if (!create) return undefined;
      const { folder, created } = await ensureFolder(graph, mailboxId, spec);
      if (folder === undefined) throw new Error(`contact folder not found after creating it in mailbox ${mailboxId}`);
      // Usually empty; but ensureFolder may have found one made meanwhile (409), so look.
      return { folder, contacts: await read(mailboxId, folder, policy), created };
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
    async write(request) {
      // A lost create comes back "unknown": the applier resolves those itself, one folder re-read
      // for all of a mailbox's lost creates instead of one per create (mailbox.ts).
      const result = await requester.request(request);
      return result.outcome === "unknown" ? { kind: "unknown" } : { kind: "done", body: result.body };
    },
  };
}

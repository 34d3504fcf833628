/**
 * Contact folders: list / create / get / rename / delete / permanentDelete and childFolders
 * (docs/graph-behaviour.md#contact-folders, which links each Microsoft Learn page).
 */
import { graphError } from "../errors";
import type { Route, SimRequest, SimResponse } from "../types";
import {
  READ,
  WRITE,
  context,
  isResponse,
  json,
  linkWith,
  noContent,
  notFound,
  openMailbox,
  queryError,
  type MailboxDeps,
} from "./context";
import { parseFilter, parseSelect, parseSkip, parseTop } from "./odata";
import type { Folder, Mailbox } from "./model";

const FOLDER_PROPS: ReadonlyMap<string, string> = new Map(["id", "displayName", "parentFolderId"].map((p) => [p.toLowerCase(), p]));

function renderFolder(f: Folder, select?: ReadonlySet<string>): Record<string, unknown> {
  const all: Record<string, unknown> = { id: f.id, displayName: f.displayName, parentFolderId: f.parentId };
  if (!select) return all;
  return Object.fromEntries(Object.entries(all).filter(([k]) => k === "id" || select.has(k)));
}

/** Lists the child folders of `parentId` with `$filter=displayName eq`, `$select`, `$top`/`$skip`. */
function listFolders(req: SimRequest, mb: Mailbox, store: MailboxDeps["store"], parentId: string, ctx: string): SimResponse {
  const select = parseSelect(req.query, FOLDER_PROPS, "microsoft.graph.contactFolder");
  if ("error" in select) return queryError(req, select.error);
  const filter = parseFilter(req.query, ["displayName"]);
  if ("error" in filter) return queryError(req, filter.error);
  const top = parseTop(req.query);
  if ("error" in top) return queryError(req, top.error);
  const skip = parseSkip(req.query);
  if ("error" in skip) return queryError(req, skip.error);
  let folders = store.childFolders(mb, parentId);
  const f = filter.ok;
  if (f?.kind === "displayName") folders = folders.filter((x) => x.displayName.toLowerCase() === f.value.toLowerCase());
  const page = folders.slice(skip.ok, skip.ok + top.ok);
  const body: Record<string, unknown> = { "@odata.context": ctx, value: page.map((x) => renderFolder(x, select.ok)) };
  if (skip.ok + top.ok < folders.length) {
    body["@odata.nextLink"] = linkWith(req, { $top: String(top.ok), $skip: String(skip.ok + top.ok) });
  }
  return json(200, body);
}

function createFolder(req: SimRequest, deps: MailboxDeps, mb: Mailbox, parentId: string, ctx: string): SimResponse {
  const body = req.body as Record<string, unknown> | undefined;
  const name = body?.["displayName"];
  if (typeof name !== "string" || name.trim() === "") {
    return graphError(req, 400, "ErrorInvalidRequest", "The displayName property is required.");
  }
  const folder = deps.store.createFolder(mb, parentId, name);
  if (folder === "exists") {
    // Observed code and message (docs/graph-behaviour.md#folder-exists-conflict).
    return graphError(req, 409, "ErrorFolderExists", "A folder with the specified name already exists.");
  }
  return json(201, { "@odata.context": ctx, ...renderFolder(folder) });
}

/**
 * `PATCH …/contactFolders/{id}`: a rename, as Outlook or another client makes it
 * (https://learn.microsoft.com/graph/api/contactfolder-update?view=graph-rest-1.0). Graph also
 * documents `parentFolderId` (a move), which the embedded tenant does not serve. A name a sibling
 * already has is refused like a create (docs/graph-behaviour.md#folder-exists-conflict; inferred).
 */
function updateFolder(req: SimRequest, deps: MailboxDeps, mb: Mailbox, folder: Folder, ctx: string): SimResponse {
  const body = req.body as Record<string, unknown> | undefined;
  const name = body?.["displayName"];
  const others = Object.keys(body ?? {}).filter((k) => k !== "displayName");
  if (others.length > 0) return graphError(req, 400, "ErrorInvalidRequest", `The embedded tenant updates a contact folder's displayName only, not ${others.join(", ")}.`);
  if (typeof name !== "string" || name.trim() === "") return graphError(req, 400, "ErrorInvalidRequest", "The displayName property is required.");
  if (deps.store.renameFolder(mb, folder, name) === "exists") return graphError(req, 409, "ErrorFolderExists", "A folder with the specified name already exists.");
  return json(200, { "@odata.context": ctx, ...renderFolder(folder) });
}

export function folderRoutes(deps: MailboxDeps): Route[] {
  const base = "/users/{userId}/contactFolders";
  const withMailbox =
    (fn: (req: SimRequest, mb: Mailbox, seg: string, folder: Folder | undefined) => SimResponse, needsFolder: boolean) =>
    (req: SimRequest, params: Record<string, string>): SimResponse => {
      const opened = openMailbox(deps, req, params);
      if (isResponse(opened)) return opened;
      const folderId = params["folderId"];
      const folder = folderId === undefined ? undefined : opened.mb.folders.get(folderId);
      if (needsFolder && !folder) return notFound(req);
      return fn(req, opened.mb, opened.seg, folder);
    };
  const remove = (permanent: boolean) =>
    withMailbox((req, mb, _seg, folder) => {
      if (folder!.id === mb.contactsId) {
        // The default folder cannot be deleted (docs/graph-behaviour.md#contact-folder-delete);
        // Exchange's code.
        return graphError(req, 400, "ErrorDeleteDistinguishedFolder", "Distinguished folders cannot be deleted.");
      }
      deps.store.deleteFolder(mb, folder!, permanent);
      return noContent();
    }, true);
  return [
    {
      method: "GET",
      pattern: base,
      anyOf: READ,
      mailboxParam: "userId",
      // GET /users/{id}/contactFolders lists the folders inside the default Contacts folder.
      handler: withMailbox((req, mb, seg) => listFolders(req, mb, deps.store, mb.contactsId, context(req, seg, "contactFolders")), false),
    },
    {
      method: "POST",
      pattern: base,
      anyOf: WRITE,
      mailboxParam: "userId",
      handler: withMailbox((req, mb, seg) => createFolder(req, deps, mb, mb.contactsId, context(req, seg, "contactFolders/$entity")), false),
    },
    {
      method: "GET",
      pattern: `${base}/{folderId}`,
      anyOf: READ,
      mailboxParam: "userId",
      handler: withMailbox((req, _mb, seg, folder) => {
        const select = parseSelect(req.query, FOLDER_PROPS, "microsoft.graph.contactFolder");
        if ("error" in select) return queryError(req, select.error);
        return json(200, { "@odata.context": context(req, seg, "contactFolders/$entity"), ...renderFolder(folder!, select.ok) });
      }, true),
    },
    {
      method: "PATCH",
      pattern: `${base}/{folderId}`,
      anyOf: WRITE,
      mailboxParam: "userId",
      handler: withMailbox((req, mb, seg, folder) => updateFolder(req, deps, mb, folder!, context(req, seg, "contactFolders/$entity")), true),
    },
    { method: "DELETE", pattern: `${base}/{folderId}`, anyOf: WRITE, mailboxParam: "userId", handler: remove(false) },
    { method: "POST", pattern: `${base}/{folderId}/permanentDelete`, anyOf: WRITE, mailboxParam: "userId", handler: remove(true) },
    {
      method: "GET",
      pattern: `${base}/{folderId}/childFolders`,
      anyOf: READ,
      mailboxParam: "userId",
      handler: withMailbox(
        (req, mb, seg, folder) => listFolders(req, mb, deps.store, folder!.id, context(req, seg, `contactFolders('${folder!.id}')/childFolders`)),
        true,
      ),
    },
    {
      method: "POST",
      pattern: `${base}/{folderId}/childFolders`,
      anyOf: WRITE,
      mailboxParam: "userId",
      handler: withMailbox(
        (req, mb, seg, folder) =>
          createFolder(req, deps, mb, folder!.id, context(req, seg, `contactFolders('${folder!.id}')/childFolders/$entity`)),
        true,
      ),
    },
  ];
}

/**
 * Contacts: list / create / get / PATCH / DELETE / permanentDelete, each in the default-folder form
 * `/users/{id}/contacts…` and the folder form `/users/{id}/contactFolders/{id}/contacts…`, with
 * inline extensions on create and `$expand=extensions(…)`. docs/graph-behaviour.md#contacts lists
 * each behaviour with its Microsoft Learn page; get is
 * https://learn.microsoft.com/graph/api/contact-get?view=graph-rest-1.0.
 */
import { graphError } from "../errors";
import type { Params, Route, SimRequest, SimResponse } from "../types";
import { SELECTABLE, parseContactWrite, renderContact } from "./contact";
import {
  READ,
  WRITE,
  addressedContact,
  addressedFolder,
  contactUrl,
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
import { extensionKey, parseExtensionBody, renderExtension } from "./extension";
import { parseExpand, parseFilter, parseSelect, parseSkip, parseTop } from "./odata";
import type { Mailbox, StoredContact, StoredExtension } from "./model";
import { changeKey } from "./store";

/** Both address forms of a contacts collection. */
export const CONTACT_BASES = ["/users/{userId}/contacts", "/users/{userId}/contactFolders/{folderId}/contacts"] as const;

/** A contact rendered for a response: `$select`, and the one extension `$expand` asked for. */
export function contactBody(
  req: SimRequest,
  mb: Mailbox,
  c: StoredContact,
  select: ReadonlySet<string> | undefined,
  expand: string | undefined,
): Record<string, unknown> {
  const body = renderContact({ id: c.id, created: c.created, modified: c.modified, changeKey: changeKey(c.seq), folderId: c.folderId }, c.props, select);
  if (expand !== undefined) {
    // An item with expanded extensions carries its @odata.id (items-list-filter-expand-extensions.json).
    const url = contactUrl(req, mb, c.id);
    const ext = c.ext?.[extensionKey(expand)];
    body["@odata.id"] = url;
    body["extensions"] = ext ? [renderExtension(url, ext.name, ext.props, "read")] : [];
  }
  return body;
}

/** `$select` and `$expand` of a single-item or list request. */
function readOptions(req: SimRequest): { select: Set<string> | undefined; expand: string | undefined } | SimResponse {
  const select = parseSelect(req.query, SELECTABLE, "microsoft.graph.contact");
  if ("error" in select) return queryError(req, select.error);
  const expand = parseExpand(req.query);
  if ("error" in expand) return queryError(req, expand.error);
  return { select: select.ok, expand: expand.ok };
}

function collectionContext(params: Params): string {
  return params["folderId"] === undefined ? "contacts" : `contactFolders('${params["folderId"]}')/contacts`;
}

function list(deps: MailboxDeps, req: SimRequest, params: Params): SimResponse {
  const opened = openMailbox(deps, req, params);
  if (isResponse(opened)) return opened;
  const folder = addressedFolder(opened.mb, params);
  if (!folder) return notFound(req);
  const opts = readOptions(req);
  if (isResponse(opts)) return opts;
  const filter = parseFilter(req.query, ["displayName", "email", "extension"]);
  if ("error" in filter) return queryError(req, filter.error);
  const top = parseTop(req.query);
  if ("error" in top) return queryError(req, top.error);
  const skip = parseSkip(req.query);
  if ("error" in skip) return queryError(req, skip.error);
  let contacts = [...folder.contacts.values()];
  const f = filter.ok;
  if (f?.kind === "displayName") contacts = contacts.filter((c) => String(c.props["displayName"] ?? "").toLowerCase() === f.value.toLowerCase());
  if (f?.kind === "extension") contacts = contacts.filter((c) => c.ext?.[extensionKey(f.name)] !== undefined);
  if (f?.kind === "email") {
    const want = f.value.toLowerCase();
    contacts = contacts.filter((c) =>
      ((c.props["emailAddresses"] as Array<{ address?: string }> | undefined) ?? []).some((e) => e.address?.toLowerCase() === want),
    );
  }
  const page = contacts.slice(skip.ok, skip.ok + top.ok);
  const body: Record<string, unknown> = {
    "@odata.context": context(req, opened.seg, collectionContext(params)),
    value: page.map((c) => contactBody(req, opened.mb, c, opts.select, opts.expand)),
  };
  if (skip.ok + top.ok < contacts.length) body["@odata.nextLink"] = linkWith(req, { $top: String(top.ok), $skip: String(skip.ok + top.ok) });
  return json(200, body);
}

function create(deps: MailboxDeps, req: SimRequest, params: Params): SimResponse {
  const opened = openMailbox(deps, req, params);
  if (isResponse(opened)) return opened;
  const folder = addressedFolder(opened.mb, params);
  if (!folder) return notFound(req);
  const parsed = parseContactWrite(req.body, undefined, deps.contactLimits);
  if ("error" in parsed) return graphError(req, 400, parsed.error.code, parsed.error.message);
  const extensions: StoredExtension[] = [];
  const inline = (req.body as Record<string, unknown>)["extensions"];
  if (inline !== undefined) {
    if (!Array.isArray(inline)) return graphError(req, 400, "RequestBodyRead", "The property 'extensions' must be a collection.");
    for (const item of inline) {
      const ext = parseExtensionBody(item);
      if ("error" in ext) return graphError(req, 400, ext.error.code, ext.error.message);
      extensions.push(ext);
    }
  }
  const contact = deps.store.createContact(opened.mb, folder, parsed.props, extensions, deps.clock.now());
  const body: Record<string, unknown> = {
    "@odata.context": context(req, opened.seg, `${collectionContext(params)}/$entity`),
    ...contactBody(req, opened.mb, contact, undefined, undefined),
  };
  // The 201 "includes the new instance expanded with the openTypeExtension object"
  // (docs/graph-behaviour.md#inline-extension-on-create;
  // fixtures/graph/message-create-with-inline-open-extension.json).
  if (extensions.length > 0) {
    const url = contactUrl(req, opened.mb, contact.id);
    body["@odata.id"] = url;
    body["extensions"] = extensions.map((e) => renderExtension(url, e.name, e.props, "create"));
  }
  return json(201, body);
}

/** Runs `fn` on the addressed contact of an opened mailbox, or answers 404. */
export function withContact(
  deps: MailboxDeps,
  fn: (req: SimRequest, mb: Mailbox, seg: string, contact: StoredContact, params: Params) => SimResponse,
) {
  return (req: SimRequest, params: Params): SimResponse => {
    const opened = openMailbox(deps, req, params);
    if (isResponse(opened)) return opened;
    const contact = addressedContact(opened.mb, params);
    if (!contact) return notFound(req);
    return fn(req, opened.mb, opened.seg, contact, params);
  };
}

function get(deps: MailboxDeps) {
  return withContact(deps, (req, mb, seg, c, params) => {
    const opts = readOptions(req);
    if (isResponse(opts)) return opts;
    return json(200, {
      "@odata.context": context(req, seg, `${collectionContext(params)}/$entity`),
      ...contactBody(req, mb, c, opts.select, opts.expand),
    });
  });
}

function update(deps: MailboxDeps) {
  return withContact(deps, (req, mb, seg, c, params) => {
    const parsed = parseContactWrite(req.body, c.props, deps.contactLimits);
    if ("error" in parsed) return graphError(req, 400, parsed.error.code, parsed.error.message);
    deps.store.updateContact(mb, c, parsed.props, deps.clock.now());
    return json(200, {
      "@odata.context": context(req, seg, `${collectionContext(params)}/$entity`),
      ...contactBody(req, mb, c, undefined, undefined),
    });
  });
}

function remove(deps: MailboxDeps, permanent: boolean) {
  return withContact(deps, (_req, mb, _seg, c) => {
    deps.store.deleteContact(mb, c, permanent, deps.clock.now());
    return noContent();
  });
}

export function contactRoutes(deps: MailboxDeps): Route[] {
  return CONTACT_BASES.flatMap((base): Route[] => [
    { method: "GET", pattern: base, anyOf: READ, mailboxParam: "userId", handler: (req, p) => list(deps, req, p) },
    { method: "POST", pattern: base, anyOf: WRITE, mailboxParam: "userId", handler: (req, p) => create(deps, req, p) },
    { method: "GET", pattern: `${base}/{contactId}`, anyOf: READ, mailboxParam: "userId", handler: get(deps) },
    { method: "PATCH", pattern: `${base}/{contactId}`, anyOf: WRITE, mailboxParam: "userId", handler: update(deps) },
    { method: "DELETE", pattern: `${base}/{contactId}`, anyOf: WRITE, mailboxParam: "userId", handler: remove(deps, false) },
    {
      method: "POST",
      pattern: `${base}/{contactId}/permanentDelete`,
      anyOf: WRITE,
      mailboxParam: "userId",
      handler: remove(deps, true),
    },
  ]);
}

/**
 * Control API for tests and demos, mounted by the tenant under `/_sim/…` (no Graph permission):
 * look into a mailbox as Exchange holds it, and act as the mailbox owner would in Outlook — edit,
 * delete or create a contact. Owner actions go through the same store mutations as Graph writes,
 * so they bump changeKey and show up in contacts delta; the ownership extension stays on edits.
 *
 *   GET    /_sim/mailboxes/{userId}                                     folders, contacts (+ all extensions), Deleted Items
 *   POST   /_sim/mailboxes/{userId}/contactFolders/{folderId}/contacts  owner creates a contact (body: contact properties)
 *   PATCH  /_sim/mailboxes/{userId}/contacts/{contactId}                owner edits a contact (body: contact properties)
 *   DELETE /_sim/mailboxes/{userId}/contacts/{contactId}                owner deletes a contact (to Deleted Items)
 *   PUT    /_sim/mailboxes/{userId}/contacts/{contactId}/photo          owner sets the contact's photo on a phone (image bytes)
 *   DELETE /_sim/mailboxes/{userId}/contacts/{contactId}/photo          owner removes the contact's photo
 *   POST   /_sim/mailboxes/{userId}/expireDeltaTokens                   every delta token of the mailbox → 410 next time
 *   PUT    /_sim/apps/{appId}/mailboxScope                              {"mailboxes": [ids] | null}: application access policy
 */
import { graphError } from "../errors";
import type { DirectoryView, Params, Route, SimRequest, SimResponse } from "../types";
import { parseContactWrite, renderContact } from "./contact";
import { contactUrl, json, noContent, notFound, type Clock } from "./context";
import { renderExtension } from "./extension";
import type { Folder, Mailbox, StoredContact } from "./model";
import { changeKey, type MailboxStore } from "./store";

const systemClock: Clock = { now: () => Date.now() };

function renderFull(req: SimRequest, mb: Mailbox, c: StoredContact): Record<string, unknown> {
  const body = renderContact({ id: c.id, created: c.created, modified: c.modified, changeKey: changeKey(c.seq), folderId: c.folderId }, c.props);
  body["extensions"] = Object.values(c.ext ?? {}).map((e) => renderExtension(contactUrl(req, mb, c.id), e.name, e.props, "read"));
  if (c.photo) body["photo"] = { contentType: c.photo.contentType, bytes: c.photo.data.length };
  return body;
}

function renderFolder(req: SimRequest, mb: Mailbox, f: Folder): Record<string, unknown> {
  return {
    id: f.id,
    displayName: f.displayName,
    parentFolderId: f.parentId,
    isDefault: f.id === mb.contactsId,
    contacts: [...f.contacts.values()].map((c) => renderFull(req, mb, c)),
  };
}

/** Everything a mailbox holds, for assertions. */
function mailboxSnapshot(req: SimRequest, mb: Mailbox): Record<string, unknown> {
  return {
    owner: mb.owner,
    folders: [...mb.folders.values()].map((f) => renderFolder(req, mb, f)),
    deletedItems: {
      contacts: [...mb.deletedContacts.values()].map((c) => renderFull(req, mb, c)),
      folders: [...mb.deletedFolders.values()].map((f) => renderFolder(req, mb, f)),
    },
  };
}

/** The owner creates a contact of their own (no ownership marker) in any folder. */
function ownerCreateContact(store: MailboxStore, mb: Mailbox, folder: Folder, body: unknown, now: number): StoredContact | { error: string } {
  const parsed = parseContactWrite(body, undefined);
  if ("error" in parsed) return { error: parsed.error.message };
  return store.createContact(mb, folder, parsed.props, [], now);
}

/** The owner edits fields in Outlook: changeKey and delta move, extensions stay. */
function ownerEditContact(store: MailboxStore, mb: Mailbox, contact: StoredContact, body: unknown, now: number): { error: string } | undefined {
  const parsed = parseContactWrite(body, contact.props);
  if ("error" in parsed) return { error: parsed.error.message };
  store.updateContact(mb, contact, parsed.props, now);
  return undefined;
}

export function mailboxControlRoutes(dir: DirectoryView, store: MailboxStore, clock: Clock = systemClock): Route[] {
  const withMailbox =
    (fn: (req: SimRequest, mb: Mailbox, params: Params) => SimResponse) =>
    (req: SimRequest, params: Params): SimResponse => {
      const user = dir.resolveUser(params["userId"] ?? "");
      if (!user) return graphError(req, 404, "ErrorInvalidUser", `The requested user '${params["userId"] ?? ""}' is invalid.`);
      if (user.mailboxKind === undefined) return graphError(req, 404, "MailboxNotEnabledForRESTAPI", "REST API is not yet supported for this mailbox.");
      return fn(req, store.ensureMailbox(user.id), params);
    };
  const base = "/_sim/mailboxes/{userId}";
  return [
    { method: "GET", pattern: base, anyOf: [], handler: withMailbox((req, mb) => json(200, mailboxSnapshot(req, mb))) },
    {
      method: "POST",
      pattern: `${base}/contactFolders/{folderId}/contacts`,
      anyOf: [],
      handler: withMailbox((req, mb, params) => {
        const folder = mb.folders.get(params["folderId"] ?? "");
        if (!folder) return notFound(req);
        const created = ownerCreateContact(store, mb, folder, req.body, clock.now());
        if ("error" in created) return graphError(req, 400, "ErrorInvalidRequest", created.error);
        return json(201, renderFull(req, mb, created));
      }),
    },
    {
      method: "PATCH",
      pattern: `${base}/contacts/{contactId}`,
      anyOf: [],
      handler: withMailbox((req, mb, params) => {
        const contact = mb.contacts.get(params["contactId"] ?? "");
        if (!contact) return notFound(req);
        const failed = ownerEditContact(store, mb, contact, req.body, clock.now());
        if (failed) return graphError(req, 400, "ErrorInvalidRequest", failed.error);
        return json(200, renderFull(req, mb, contact));
      }),
    },
    {
      method: "DELETE",
      pattern: `${base}/contacts/{contactId}`,
      anyOf: [],
      handler: withMailbox((req, mb, params) => {
        const contact = mb.contacts.get(params["contactId"] ?? "");
        if (!contact) return notFound(req);
        store.deleteContact(mb, contact, false, clock.now());
        return noContent();
      }),
    },
    {
      method: "PUT",
      pattern: `${base}/contacts/{contactId}/photo`,
      anyOf: [],
      handler: withMailbox((req, mb, params) => {
        const contact = mb.contacts.get(params["contactId"] ?? "");
        if (!contact) return notFound(req);
        const type = req.headers["content-type"] ?? "";
        if (!Buffer.isBuffer(req.body) || !type.startsWith("image/")) return graphError(req, 400, "ErrorInvalidRequest", "Send the photo as image bytes with an image/* Content-Type.");
        store.setPhoto(mb, contact, { contentType: type, data: req.body }, clock.now());
        return noContent();
      }),
    },
    {
      method: "DELETE",
      pattern: `${base}/contacts/{contactId}/photo`,
      anyOf: [],
      handler: withMailbox((req, mb, params) => {
        const contact = mb.contacts.get(params["contactId"] ?? "");
        if (!contact) return notFound(req);
        store.setPhoto(mb, contact, undefined, clock.now());
        return noContent();
      }),
    },
    {
      method: "POST",
      pattern: `${base}/expireDeltaTokens`,
      anyOf: [],
      handler: withMailbox((_req, mb) => {
        store.expireDeltaTokens(mb);
        return noContent();
      }),
    },
    {
      method: "PUT",
      pattern: "/_sim/apps/{appId}/mailboxScope",
      anyOf: [],
      handler: (req, params) => {
        const mailboxes = (req.body as { mailboxes?: unknown } | undefined)?.mailboxes;
        if (mailboxes !== null && !(Array.isArray(mailboxes) && mailboxes.every((m) => typeof m === "string"))) {
          return graphError(req, 400, "ErrorInvalidRequest", 'Body must be {"mailboxes": [user ids or UPNs] | null}.');
        }
        const owners = mailboxes?.map((m) => dir.resolveUser(m)?.id ?? m);
        store.scopeApp(params["appId"] ?? "", owners ?? undefined);
        return noContent();
      },
    },
  ];
}

/**
 * Open extensions of one contact (docs/graph-behaviour.md#open-extensions): create on an existing
 * item, get by name or id, PATCH that replaces, DELETE; listing the collection is refused as Outlook
 * refuses it (fixtures/graph/error-extensions-list-not-supported.json). Also the contact photo
 * (`PUT|PATCH|GET …/photo/$value`, docs/graph-behaviour.md#contact-photo).
 */
import { graphError } from "../errors";
import type { Params, Route } from "../types";
import { CONTACT_BASES, withContact } from "./contact-routes";
import { READ, WRITE, context, contactUrl, json, noContent, notFound, type MailboxDeps } from "./context";
import { extensionKey, extensionName, parseExtensionBody, renderExtension, type ExtensionProps } from "./extension";
import type { StoredContact, StoredExtension } from "./model";

/**
 * An Outlook extension property keeps the type it was created with: the update example
 * (fixtures/graph/open-extension-update.json) sends `"dealValue": "500100"` for a property created
 * as a number and reads back `500100`.
 */
function keepNumberTypes(before: ExtensionProps, after: ExtensionProps): ExtensionProps {
  const out: ExtensionProps = { ...after };
  for (const [key, value] of Object.entries(after)) {
    if (typeof before[key] === "number" && typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) out[key] = Number(value);
  }
  return out;
}

/** Graph refuses photo uploads of 4 MB or more (docs/graph-behaviour.md#contact-photo). */
const MAX_PHOTO_BYTES = 4 * 1024 * 1024;

export function extensionRoutes(deps: MailboxDeps): Route[] {
  /** The stored extension a `{extensionId}` (name or either id form) addresses. */
  const addressed = (c: StoredContact, params: Params): StoredExtension | undefined =>
    c.ext?.[extensionKey(extensionName(params["extensionId"] ?? ""))];
  return CONTACT_BASES.flatMap((base): Route[] => {
    const item = `${base}/{contactId}`;
    return [
      {
        method: "GET",
        pattern: `${item}/extensions`,
        anyOf: READ,
        mailboxParam: "userId",
        handler: withContact(deps, (req) => graphError(req, 400, "ErrorInvalidRequest", "The OData request is not supported.")),
      },
      {
        method: "POST",
        pattern: `${item}/extensions`,
        anyOf: WRITE,
        mailboxParam: "userId",
        handler: withContact(deps, (req, mb, seg, c) => {
          const ext = parseExtensionBody(req.body);
          if ("error" in ext) return graphError(req, 400, ext.error.code, ext.error.message);
          if (c.ext?.[extensionKey(ext.name)]) {
            // An extension name is unique per item (docs/graph-behaviour.md#extension-names); the
            // status and code are inferred, unverified.
            return graphError(req, 409, "NameAlreadyExists", `An extension named '${ext.name}' already exists on this item.`);
          }
          deps.store.setExtension(mb, c, ext.name, ext.props, deps.clock.now());
          return json(201, {
            "@odata.context": context(req, seg, `contacts('${c.id}')/extensions/$entity`),
            ...renderExtension(contactUrl(req, mb, c.id), ext.name, ext.props, "create"),
          });
        }),
      },
      {
        method: "GET",
        pattern: `${item}/extensions/{extensionId}`,
        anyOf: READ,
        mailboxParam: "userId",
        handler: withContact(deps, (req, mb, seg, c, params) => {
          const ext = addressed(c, params);
          if (!ext) return notFound(req);
          return json(200, {
            "@odata.context": context(req, seg, `contacts('${c.id}')/extensions/$entity`),
            ...renderExtension(contactUrl(req, mb, c.id), ext.name, ext.props, "read"),
          });
        }),
      },
      {
        method: "PATCH",
        pattern: `${item}/extensions/{extensionId}`,
        anyOf: WRITE,
        mailboxParam: "userId",
        handler: withContact(deps, (req, mb, seg, c, params) => {
          const current = addressed(c, params);
          if (!current) return notFound(req);
          // PATCH replaces: custom properties not sent are deleted
          // (docs/graph-behaviour.md#extension-update-replaces).
          const ext = parseExtensionBody(req.body, current.name);
          if ("error" in ext) return graphError(req, 400, ext.error.code, ext.error.message);
          const props = keepNumberTypes(current.props, ext.props);
          deps.store.setExtension(mb, c, current.name, props, deps.clock.now());
          return json(200, {
            "@odata.context": context(req, seg, `contacts('${c.id}')/extensions/$entity`),
            ...renderExtension(contactUrl(req, mb, c.id), current.name, props, "read"),
          });
        }),
      },
      {
        method: "DELETE",
        pattern: `${item}/extensions/{extensionId}`,
        anyOf: WRITE,
        mailboxParam: "userId",
        handler: withContact(deps, (req, mb, _seg, c, params) => {
          const ext = addressed(c, params);
          if (!ext) return notFound(req);
          deps.store.deleteExtension(mb, c, ext.name, deps.clock.now());
          return noContent();
        }),
      },
      ...(["PUT", "PATCH"] as const).map(
        (method): Route => ({
          method,
          pattern: `${item}/photo/$value`,
          anyOf: WRITE,
          mailboxParam: "userId",
          handler: withContact(deps, (req, mb, _seg, c) => {
            const type = req.headers["content-type"] ?? "";
            if (!Buffer.isBuffer(req.body) || !type.startsWith("image/")) {
              return graphError(req, 400, "ErrorInvalidRequest", "The photo must be sent as image bytes with an image/* Content-Type.");
            }
            if (req.body.length >= MAX_PHOTO_BYTES) {
              return graphError(req, 413, "ErrorRequestEntityTooLarge", "The photo must be smaller than 4 MB.");
            }
            deps.store.setPhoto(mb, c, { contentType: type, data: req.body }, deps.clock.now());
            return { status: 200 };
          }),
        }),
      ),
      {
        method: "GET",
        pattern: `${item}/photo/$value`,
        anyOf: READ,
        mailboxParam: "userId",
        handler: withContact(deps, (req, _mb, _seg, c) => {
          if (!c.photo) return graphError(req, 404, "ErrorItemNotFound", "The photo wasn't found.");
          return { status: 200, headers: { "content-type": c.photo.contentType }, body: c.photo.data };
        }),
      },
    ];
  });
}

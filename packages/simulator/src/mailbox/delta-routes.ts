/**
 * Contacts delta per folder (docs/graph-behaviour.md#contacts-delta, with the Outlook shapes):
 * an initial round lists the folder, later rounds return contacts changed since the deltaLink
 * (full state, `$select` honoured) and removals as
 * `{"@odata.type":"#microsoft.graph.contact","id":…,"@removed":{"reason":"deleted"}}`
 * (messages-delta-next-round-removed.json). Pages follow `Prefer: odata.maxpagesize`.
 *
 * A round is a sequence window (since, until] of the mailbox's change sequence, fixed when the
 * round starts; pages walk it in sequence order with a cursor, so writes during a round surface
 * in the next round instead of shifting pages. Tokens are opaque base64url JSON.
 */
import { graphError } from "../errors";
import type { Route, SimRequest, SimResponse } from "../types";
import { SELECTABLE } from "./contact";
import { contactBody } from "./contact-routes";
import { READ, isResponse, json, notFound, openMailbox, queryError, type MailboxDeps } from "./context";
import { DEFAULT_PAGE, parseSelect, preferredPageSize } from "./odata";
import type { Folder, Mailbox } from "./model";

interface Token {
  /** Folder id. */
  f: string;
  /** Round window: changes with since < seq ≤ until; a deltaLink carries no `until` (the round it starts decides). */
  s: number;
  u?: number;
  /** Cursor inside the round (last sequence served); absent in a deltaLink. */
  c?: number;
  /** `$select` of the initial request, carried as Graph encodes it into the token. */
  sel?: string;
}

const encode = (t: Token): string => Buffer.from(JSON.stringify(t)).toString("base64url");

function decode(raw: string): Token | undefined {
  try {
    const t = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Partial<Token>;
    return typeof t.f === "string" && typeof t.s === "number" ? (t as Token) : undefined;
  } catch {
    return undefined;
  }
}

type Change = { seq: number; id: string; removed: boolean };

/** Changes of a folder in (since, until], after `cursor`, in sequence order. */
function changesOf(folder: Folder, since: number, until: number, cursor: number): Change[] {
  const from = Math.max(since, cursor);
  const out: Change[] = [];
  for (const c of folder.contacts.values()) if (c.seq > from && c.seq <= until) out.push({ seq: c.seq, id: c.id, removed: false });
  // The initial round (since 0) lists what exists; removals matter only to a client that synced before.
  if (since > 0) for (const t of folder.tombstones) if (t.seq > from && t.seq <= until) out.push({ seq: t.seq, id: t.id, removed: true });
  return out.sort((a, b) => a.seq - b.seq);
}

function page(req: SimRequest, mb: Mailbox, folder: Folder, token: Token & { u: number }): SimResponse {
  const size = preferredPageSize(req.headers["prefer"]);
  const select = token.sel === undefined ? undefined : new Set(token.sel.split(","));
  const changes = changesOf(folder, token.s, token.u, token.c ?? 0);
  const served = changes.slice(0, size ?? DEFAULT_PAGE);
  const value = served.map((ch) =>
    ch.removed
      ? { "@odata.type": "#microsoft.graph.contact", id: ch.id, "@removed": { reason: "deleted" } }
      : { "@odata.type": "#microsoft.graph.contact", ...contactBody(req, mb, mb.contacts.get(ch.id)!, select, undefined) },
  );
  const link = `${req.baseUrl}${req.path}?`;
  const more = served.length < changes.length;
  const body: Record<string, unknown> = { "@odata.context": `${req.baseUrl}/$metadata#Collection(contact)` };
  if (more) body["@odata.nextLink"] = `${link}$skiptoken=${encode({ ...token, c: served[served.length - 1]!.seq })}`;
  else body["@odata.deltaLink"] = `${link}$deltatoken=${encode({ f: folder.id, s: token.u, ...(token.sel ? { sel: token.sel } : {}) })}`;
  body["value"] = value;
  return json(200, body, size === undefined ? undefined : { "preference-applied": `odata.maxpagesize=${size}` });
}

function delta(deps: MailboxDeps) {
  return (req: SimRequest, params: Record<string, string>): SimResponse => {
    const opened = openMailbox(deps, req, params);
    if (isResponse(opened)) return opened;
    const { mb } = opened;
    const folder = mb.folders.get(params["folderId"] ?? "");
    if (!folder) return notFound(req);
    const skip = req.query.get("$skiptoken");
    const raw = skip ?? req.query.get("$deltatoken");
    if (raw !== null) {
      const token = decode(raw);
      if (!token || token.f !== folder.id) return graphError(req, 400, "SyncStateInvalid", "The sync state is invalid.");
      if (token.s < folder.syncFloor) {
        // Outlook sync state is cache-bound; expiry seen as 410 (error-delta-token-expired-outlook-410.json).
        return graphError(req, 410, "SyncStateNotFound", `The sync state generation is not found; generation=${token.s};[highest=${mb.seq}].`);
      }
      // A deltaLink starts a new round: everything changed up to now.
      return page(req, mb, folder, { ...token, u: skip !== null && token.u !== undefined ? token.u : mb.seq });
    }
    if (req.query.has("$expand")) {
      // Only $select is documented for contacts delta; Outlook delta with $expand=extensions(…)
      // fails this way (docs/graph-behaviour.md#contacts-delta).
      return graphError(req, 500, "InternalServerError", "Value cannot be null.\r\nParameter name: type");
    }
    const select = parseSelect(req.query, SELECTABLE, "microsoft.graph.contact");
    if ("error" in select) return queryError(req, select.error);
    const sel = select.ok ? [...select.ok].join(",") : undefined;
    return page(req, mb, folder, { f: folder.id, s: 0, u: mb.seq, ...(sel ? { sel } : {}) });
  };
}

export function deltaRoutes(deps: MailboxDeps): Route[] {
  return [
    {
      method: "GET",
      pattern: "/users/{userId}/contactFolders/{folderId}/contacts/delta",
      anyOf: READ,
      mailboxParam: "userId",
      handler: delta(deps),
    },
  ];
}

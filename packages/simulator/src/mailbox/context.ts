/**
 * What every mailbox route shares: resolving the `{userId}` segment to a mailbox (with the errors
 * Exchange gives for unknown users, users without a mailbox and apps scoped away from it), finding
 * folders and contacts, and building responses and links.
 */
import type { Clock as SimClock } from "../clock";
import { graphError } from "../errors";
import type { DirectoryView, Params, Permission, SimRequest, SimResponse } from "../types";
import type { ContactLimits } from "./contact";
import type { QueryError } from "./odata";
import type { Folder, Mailbox, StoredContact } from "./model";
import type { MailboxStore } from "./store";

/** Time source for created/modified stamps: the part of the simulator's clock the mailbox uses. */
export type Clock = Pick<SimClock, "now">;

export interface MailboxDeps {
  readonly dir: DirectoryView;
  readonly store: MailboxStore;
  readonly clock: Clock;
  /** What contact writes are checked against (contact.ts). @default DEFAULT_CONTACT_LIMITS */
  readonly contactLimits?: ContactLimits;
}

export const READ: readonly Permission[] = ["Contacts.Read", "Contacts.ReadWrite"];
export const WRITE: readonly Permission[] = ["Contacts.ReadWrite"];

/** The content type Graph sends with OData JSON (batch-request-response.json item headers). */
const ODATA_JSON = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

export function json(status: number, body: unknown, headers?: Record<string, string>): SimResponse {
  return { status, headers: { "content-type": ODATA_JSON, ...headers }, body };
}

export const noContent = (): SimResponse => ({ status: 204 });

export function queryError(req: SimRequest, e: QueryError): SimResponse {
  return graphError(req, e.status, e.code, e.message);
}

export function notFound(req: SimRequest): SimResponse {
  // Exchange's message for any missing item or folder.
  return graphError(req, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
}

export interface Opened {
  readonly mb: Mailbox;
  /** The `{userId}` segment as the caller wrote it, for links. */
  readonly seg: string;
}

/**
 * Resolves `{userId}` to its mailbox:
 * - unknown user → 404 ErrorInvalidUser (fixtures/graph/error-invalid-user-404.json);
 * - no Exchange Online mailbox → 404 MailboxNotEnabledForRESTAPI
 *   (fixtures/graph/error-mailbox-not-enabled-404.json);
 * - app scoped away by an application access policy → 403 ErrorAccessDenied
 *   (fixtures/graph/error-application-access-policy-denied.json; the status 403 is inferred:
 *   docs/graph-behaviour.md#mailbox-out-of-scope).
 */
export function openMailbox(deps: MailboxDeps, req: SimRequest, params: Params): Opened | SimResponse {
  const seg = params["userId"] ?? "";
  const user = deps.dir.resolveUser(seg);
  if (!user) return graphError(req, 404, "ErrorInvalidUser", `The requested user '${seg}' is invalid.`);
  if (user.mailboxKind === undefined) {
    return graphError(req, 404, "MailboxNotEnabledForRESTAPI", "REST API is not yet supported for this mailbox.");
  }
  if (!deps.store.allows(req.principal.appId, user.id)) {
    return graphError(req, 403, "ErrorAccessDenied", "Access to OData is disabled.");
  }
  return { mb: deps.store.ensureMailbox(user.id), seg };
}

export const isResponse = (v: unknown): v is SimResponse => typeof v === "object" && v !== null && "status" in v;

/** The folder a contacts route addresses: `{folderId}`, or the default Contacts folder. */
export function addressedFolder(mb: Mailbox, params: Params): Folder | undefined {
  const id = params["folderId"];
  return mb.folders.get(id ?? mb.contactsId);
}

/**
 * The contact a route addresses. `/users/{id}/contacts/{id}` reaches a contact in any folder;
 * the folder form only the folder's own.
 */
export function addressedContact(mb: Mailbox, params: Params): StoredContact | undefined {
  const contact = mb.contacts.get(params["contactId"] ?? "");
  if (!contact) return undefined;
  const folderId = params["folderId"];
  return folderId === undefined || contact.folderId === folderId ? contact : undefined;
}

/** `@odata.context` for a path below the mailbox, e.g. "contactFolders('x')/contacts/$entity". */
export function context(req: SimRequest, seg: string, rest: string): string {
  return `${req.baseUrl}/$metadata#users('${seg}')/${rest}`;
}

/** `@odata.id` base of a contact: Exchange names the mailbox as objectId@tenantId (fixtures). */
export function contactUrl(req: SimRequest, mb: Mailbox, contactId: string): string {
  return `${req.baseUrl}/users('${mb.owner}@${req.principal.tenantId}')/contacts('${contactId}')`;
}

/** The request URL with some query options replaced: nextLinks keep the caller's other options. */
export function linkWith(req: SimRequest, set: Record<string, string>): string {
  const q = new URLSearchParams(req.query);
  for (const [k, v] of Object.entries(set)) q.set(k, v);
  return `${req.baseUrl}${req.path}?${q.toString().replace(/%24/g, "$")}`;
}

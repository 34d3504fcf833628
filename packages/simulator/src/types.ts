/**
 * The embedded tenant's internal contract: every Graph request, whether it arrived over HTTPS or
 * inside a `$batch`, is one SimRequest that flows through the same pipeline
 *
 *   transport (server.ts) → authentication (auth/) → fault injection (faults.ts)
 *     → throttling (throttle/) → router (router.ts) → a route handler → SimResponse
 *
 * so that throttling, faults and statistics treat batch items exactly like direct requests, as
 * Microsoft Graph does (docs/graph-behaviour.md#batch-item-throttling).
 */

/** Application permissions the simulator enforces (docs/graph-behaviour.md#application-permissions). */
export type Permission =
  | "User.Read.All"
  | "GroupMember.Read.All"
  | "Contacts.Read"
  | "Contacts.ReadWrite"
  | "MailboxSettings.Read";

/** The caller, from a validated access token. */
export interface Principal {
  readonly appId: string;
  readonly tenantId: string;
  readonly roles: readonly Permission[];
}

export interface SimRequest {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Path below the Graph version segment, decoded, without query: "/users/{id}/contacts". */
  readonly path: string;
  /** Raw query parameters ($select, $filter, $top, $skiptoken, $deltatoken, …). */
  readonly query: URLSearchParams;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Parsed JSON body, or a Buffer for binary uploads (photos), or undefined. */
  readonly body: unknown;
  readonly principal: Principal;
  /** Absolute base of links the response emits, e.g. "https://127.0.0.1:8443/v1.0". */
  readonly baseUrl: string;
  /** `request-id` echoed in error bodies and headers. */
  readonly requestId: string;
  /** True when the request is an item of a `$batch`. */
  readonly inBatch: boolean;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON-serialisable value, a Buffer (binary), or undefined for no body (204). */
  body?: unknown;
  /** Ask the transport to kill the connection (fault injection); see {@link Drop}. */
  drop?: Drop;
}

/** Path parameters captured by the router, e.g. { userId, folderId, contactId }. */
export type Params = Readonly<Record<string, string>>;

export type Handler = (req: SimRequest, params: Params) => SimResponse | Promise<SimResponse>;

export interface Route {
  readonly method: string;
  /** Path pattern with `{name}` segments, e.g. "/users/{userId}/contactFolders/{folderId}/contacts". */
  readonly pattern: string;
  /** Any one of these grants access; an empty list means no permission is needed. */
  readonly anyOf: readonly Permission[];
  /**
   * The mailbox (user id or UPN as it appears in the path) whose Exchange limits the request
   * counts against, or undefined for directory requests.
   */
  readonly mailboxParam?: string;
  /** Directory resource-unit cost (docs/graph-behaviour.md#directory-resource-units), for directory routes. */
  readonly resourceUnits?: number;
  readonly handler: Handler;
}

/** A pipeline stage (faults, throttling, statistics) wrapped around route dispatch. */
export interface Stage {
  handle(ctx: DispatchContext, next: () => Promise<SimResponse>): Promise<SimResponse>;
}

/** What a stage knows about the request being dispatched. */
export interface DispatchContext {
  readonly req: SimRequest;
  /** The matched route, or undefined when no route matched (the router answers 400/404). */
  readonly route: Route | undefined;
  readonly params: Params;
  /** The resolved mailbox owner's object id when the route names a mailbox, else undefined. */
  readonly mailboxId: string | undefined;
}

export type MailboxKind = "user" | "shared" | "room" | "equipment";

/** The directory as the mailbox side sees it (implemented by the tenant). */
export interface DirectoryView {
  /** Resolve a path segment (object id or userPrincipalName, case-insensitive) to a user. */
  resolveUser(idOrUpn: string): { readonly id: string; readonly mailboxKind: MailboxKind | undefined } | undefined;
}

/**
 * Transport-level outcome a stage may ask for (fault injection, docs/graph-behaviour.md#lost-responses):
 * - "reset-before": destroy the connection without running the handler;
 * - "drop-after": run the handler (commit the write), then destroy the connection instead of answering.
 * Set on SimResponse.drop; server.ts honours it, `$batch` applies it to the whole envelope.
 */
export type Drop = "reset-before" | "drop-after";

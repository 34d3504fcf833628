/**
 * What the mailbox reader needs from Microsoft Graph, as narrow as it gets: GET a path or an
 * absolute link (nextLink/deltaLink), and POST a folder. The real implementation is an adapter over
 * src/graph (throttled, per-mailbox paced); unit tests pass an in-memory fake.
 */
export interface MailboxGraph {
  /**
   * GET `pathOrUrl`: a path below the version segment ("/users/{id}/contactFolders") or an absolute
   * `@odata.nextLink` / `@odata.deltaLink` exactly as Graph returned it. Resolves with the parsed
   * JSON body; rejects with an error carrying the HTTP status and Graph error code (see
   * {@link graphFailure}) for any non-2xx answer.
   */
  get(pathOrUrl: string, opts: GraphCallOptions): Promise<unknown>;
  /** POST a JSON body; same error contract as {@link MailboxGraph.get}. */
  post(path: string, body: unknown, opts: GraphCallOptions): Promise<unknown>;
}

export interface GraphCallOptions {
  /** The mailbox whose Exchange limits the call counts against (docs/graph-behaviour.md#outlook-mailbox-limits). */
  readonly mailboxId: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The part of a failed Graph call cync branches on: never the message (docs/graph-behaviour.md#error-shape). */
export interface GraphFailure {
  readonly status: number;
  readonly code: string;
}

/**
 * Reads status and code from whatever a Graph call rejected with: the SDK's `GraphError`
 * (`statusCode`, `code`) or src/graph's error (`status`, `code`). Undefined for anything else
 * (network failures, programming errors), which callers rethrow.
 */
export function graphFailure(err: unknown): GraphFailure | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const e = err as { status?: unknown; statusCode?: unknown; code?: unknown };
  const status = typeof e.status === "number" ? e.status : typeof e.statusCode === "number" ? e.statusCode : undefined;
  if (status === undefined || status < 400) return undefined;
  return { status, code: typeof e.code === "string" ? e.code : "" };
}

/** One page of an OData collection. */
export interface ODataPage {
  readonly value: readonly Record<string, unknown>[];
  readonly nextLink: string | undefined;
  readonly deltaLink: string | undefined;
}

export function parsePage(body: unknown): ODataPage {
  const b = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const value = Array.isArray(b.value) ? (b.value as unknown[]).filter(isRecord) : [];
  const link = (k: string): string | undefined => (typeof b[k] === "string" ? (b[k] as string) : undefined);
  return { value, nextLink: link("@odata.nextLink"), deltaLink: link("@odata.deltaLink") };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * An OData query string: `$`-names kept literal, values percent-encoded with spaces as `%20`
 * (URLSearchParams writes `+`, which OData URL conventions do not promise to read as a space).
 */
export function odataQuery(params: Readonly<Record<string, string>>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join("&");
}

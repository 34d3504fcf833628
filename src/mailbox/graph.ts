/**
 * What the mailbox reader needs from Microsoft Graph, as narrow as it gets: GET a path or an
 * absolute link (nextLink/deltaLink), and POST a folder. The real implementation is an adapter over
 * src/graph (throttled, per-mailbox paced); unit tests pass an in-memory fake.
 */
export interface MailboxGraph {
  /**
   * GET `pathOrUrl`: a path below the version segment ("/users/{id}/contactFolders") or an absolute
   * `@odata.nextLink` / `@odata.deltaLink` exactly as Graph returned it. Resolves with the parsed
   * JSON body; rejects with an error carrying the HTTP status and Graph error code (read by
   * src/graph/failure.ts) for any non-2xx answer.
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

/**
 * The requester's view of HTTP: one request out, one response (or a thrown network error) back,
 * with no retry of its own. cync's implementation is graph-client-transport.ts (Microsoft's Graph
 * client, RetryHandler removed); tests script their own (test/graph/scripted-transport.ts).
 */
export interface TransportRequest {
  readonly method: string;
  /** Path below the version root, with query: "/users/{id}/contactFolders/{fid}/contacts". */
  readonly path: string;
  /** JSON-serialisable body, bytes (sent as they are), or undefined for none. */
  readonly body?: unknown;
  readonly headers: Readonly<Record<string, string>>;
  /** Aborts the request (the requester's per-request timeout). */
  readonly signal: AbortSignal;
}

export interface TransportResponse {
  readonly status: number;
  /** Case-insensitive header lookup, null when absent (the fetch `Headers.get` contract). */
  header(name: string): string | null;
  /** Parsed JSON, bytes for an image, or undefined for an empty body. */
  readonly body: unknown;
}

export interface Transport {
  /** Absolute URL of the version root, e.g. "https://graph.microsoft.com/v1.0". */
  readonly baseUrl: string;
  /** Resolves with any HTTP status; rejects only when no HTTP answer arrived. */
  send(request: TransportRequest): Promise<TransportResponse>;
}

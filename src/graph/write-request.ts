/**
 * One request as the writer (writer.ts) and its $batch path (batch.ts) take it, and what comes
 * back: the types both share, kept apart so that neither imports the other for them.
 */
import type { RetryCause } from "./retry-policy";

export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface WriteRequest {
  /**
   * The mailbox the request counts against (its owner's id, as in the path). Requests with the same
   * id share that mailbox's 4 slots; undefined for requests outside any mailbox (directory reads).
   */
  readonly mailboxId: string | undefined;
  readonly method: HttpMethod;
  /** Path below the version root, with query: "/users/{id}/contactFolders/{fid}/contacts". */
  readonly path: string;
  /** JSON body; sent with `Content-Type: application/json`. */
  readonly body?: unknown;
  /**
   * Whether sending twice equals sending once. Decides what happens when a response is lost.
   * @default true for GET, PATCH, PUT and DELETE; false for POST
   */
  readonly idempotent?: boolean;
  /**
   * What the request does, in words, for error messages: "create contact".
   * @default "<METHOD> request"
   */
  readonly operation?: string;
  /** Extra request headers (e.g. `Prefer`). */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Called when a non-idempotent request may have been committed but its response was lost
   * (connection reset after sending, timeout, 504, 503 without Retry-After). Re-read the server
   * (e.g. the folder's contacts delta, looking for the ownership marker) and return the resource if
   * the write took effect, or undefined if it did not — the writer then sends it again, within the
   * retry budget. Without this hook the writer returns `{ outcome: "unknown" }` and never re-sends.
   */
  readonly onLostResponse?: (lost: LostResponse) => Promise<unknown>;
}

export interface LostResponse {
  readonly cause: RetryCause;
  /** Retries made so far for this request. */
  readonly retries: number;
}

export type WriteResult =
  /** The server answered 2xx. */
  | { readonly outcome: "done"; readonly status: number; readonly body: unknown; header(name: string): string | null }
  /** The response was lost, and onLostResponse found the write committed; `body` is what it returned. */
  | { readonly outcome: "recovered"; readonly body: unknown }
  /** The response was lost and no onLostResponse hook was given: the write may or may not exist. */
  | { readonly outcome: "unknown"; readonly cause: RetryCause };

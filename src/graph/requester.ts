/**
 * The throttled Graph requester: every request cync makes to a tenant — directory and mailbox
 * reads as well as contact writes — goes through `request()`, which composes the Pacer (how many at
 * once), the retry policy (whether and when again) and a Transport (how bytes move). See
 * retry-policy.ts for the rule on writes whose response was lost.
 *
 * One contact create is one POST with the ownership extension inline
 * (docs/graph-behaviour.md#inline-extension-on-create); the caller
 * builds that body — the requester never looks inside bodies, and never logs them.
 */
import { randomUUID } from "node:crypto";
import { SyncError } from "../errors/sync-error";
import { systemClock, type Clock } from "./clock";
import { exhausted, failure, graphErrorCode, type Attempt } from "./attempt";
import type { RequestDescription } from "./errors/request-description";
import { networkErrorCode } from "./network-failure";
import { Pacer, type PacerOptions } from "./pacer";
import { parseRetryAfter } from "./retry-after";
import { decide, defaultRetryPolicy, type RetryCause, type RetryPolicyOptions } from "./retry-policy";
import { StatsRecorder, type RequestStats } from "./stats";
import type { Transport } from "./transport";

export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface GraphRequest {
  /**
   * The mailbox the request counts against (its owner's id, as in the path). Requests with the same
   * id share that mailbox's 4 slots; undefined for requests outside any mailbox (directory reads).
   */
  readonly mailboxId: string | undefined;
  readonly method: HttpMethod;
  /** Path below the version root, with query: "/users/{id}/contactFolders/{fid}/contacts". */
  readonly path: string;
  /**
   * JSON body, sent with `Content-Type: application/json`; or bytes (a photo), sent as they are
   * with the `Content-Type` given in `headers`.
   */
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
}

export type GraphResponse =
  /** The server answered 2xx. */
  | { readonly outcome: "done"; readonly status: number; readonly body: unknown }
  /**
   * A non-idempotent request (a create) may have been committed but its response was lost
   * (connection reset after sending, timeout, 504, 503 without Retry-After): it is never re-sent;
   * the caller re-reads the server to find out (src/apply/mailbox.ts, src/mailbox/folder.ts).
   */
  | { readonly outcome: "unknown"; readonly cause: RetryCause };

export interface RequesterOptions {
  readonly transport: Transport;
  /** Concurrency limits; see PacerOptions for each default. */
  readonly pacing?: Partial<PacerOptions>;
  /** Retry budget and backoff; see RetryPolicyOptions for each default. */
  readonly retry?: Partial<RetryPolicyOptions>;
  /**
   * Abort a request that got no response within this many ms (then treated as a lost response).
   * @default 100000
   */
  readonly timeoutMs?: number;
  /** @default systemClock */
  readonly clock?: Clock;
  /** Jitter source in [0, 1). @default Math.random */
  readonly random?: () => number;
}

export class GraphRequester {
  readonly #transport: Transport;
  readonly #pacer: Pacer;
  readonly #retry: RetryPolicyOptions;
  readonly #timeoutMs: number;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #stats: StatsRecorder;

  constructor(options: RequesterOptions) {
    this.#transport = options.transport;
    this.#clock = options.clock ?? systemClock;
    this.#pacer = new Pacer(options.pacing ?? {}, this.#clock);
    this.#retry = { ...defaultRetryPolicy, ...options.retry };
    this.#timeoutMs = options.timeoutMs ?? 100_000;
    this.#random = options.random ?? Math.random;
    this.#stats = new StatsRecorder();
  }

  /** Counters so far (a copy). */
  stats(): RequestStats {
    return this.#stats.snapshot();
  }

  /** The pacer, read-only use: its current limits, for tests. */
  get pacer(): Pacer {
    return this.#pacer;
  }

  /**
   * Sends one request, retrying as retry-policy.ts rules. Resolves with the 2xx answer, or with
   * "unknown" for a create whose response was lost; rejects with GraphHttpError (not retried, or
   * 503/504 retries spent), ThrottledError (429 retries spent), NetworkError, or
   * AuthenticationError (no token: nothing was sent).
   */
  async request(req: GraphRequest): Promise<GraphResponse> {
    const idempotent = req.idempotent ?? req.method !== "POST";
    const described: RequestDescription = {
      operation: req.operation ?? `${req.method} request`,
      method: req.method,
      url: this.#transport.baseUrl + req.path,
    };
    // One client-request-id for all attempts, so Microsoft support can follow a retried request.
    const clientRequestId = randomUUID();
    for (let retries = 0; ; retries++) {
      const attempt = await this.#attempt(req, retries, clientRequestId);
      const decision = decide(attempt.outcome, { idempotent, retries }, this.#retry, this.#random);
      switch (decision.action) {
        case "done":
          return done(attempt);
        case "fail":
          throw failure(described, attempt, retries);
        case "give-up":
          throw exhausted(described, attempt, retries);
        case "ambiguous":
          return { outcome: "unknown", cause: decision.cause };
        case "retry":
          break;
      }
      this.#stats.retried();
      await this.#clock.sleep(decision.delayMs);
    }
  }

  /** One HTTP exchange inside a pacer slot; the slot is released before any retry waits. */
  async #attempt(req: GraphRequest, retries: number, clientRequestId: string): Promise<Attempt> {
    const slot = await this.#pacer.acquire(req.mailboxId);
    try {
      this.#stats.sent(req.method);
      const headers: Record<string, string> = { "client-request-id": clientRequestId, ...req.headers };
      if (req.body !== undefined && !(req.body instanceof Uint8Array)) headers["content-type"] = "application/json";
      // The Graph SDK RetryHandler spec names this header for retried requests.
      if (retries > 0) headers["retry-attempt"] = String(retries);
      const response = await this.#transport.send({
        method: req.method,
        path: req.path,
        body: req.body,
        headers,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      const retryAfterMs = parseRetryAfter(response.header("retry-after"), this.#clock.now());
      this.#observe(req.mailboxId, response.status, retryAfterMs, response.body);
      return { kind: "response", outcome: { kind: "response", status: response.status, retryAfterMs }, response };
    } catch (error) {
      // The transport's own verdicts (no token: AuthenticationError) are final, not network trouble.
      if (error instanceof SyncError) throw error;
      const code = networkErrorCode(error);
      return { kind: "network", outcome: { kind: "network", code }, error, code };
    } finally {
      slot.release();
    }
  }

  /** Feeds the pacer: 429s and refusing 503s slow the mailbox down; other answers speed it up. */
  #observe(mailboxId: string | undefined, status: number, retryAfterMs: number | undefined, body: unknown): void {
    if (status === 429) this.#stats.throttledResponse();
    if (status === 429 || (status === 503 && retryAfterMs !== undefined)) {
      // Exchange's own per-mailbox limits answer ApplicationThrottled
      // (docs/graph-behaviour.md#mailbox-concurrency).
      const scope = status === 429 && graphErrorCode(body) === "ApplicationThrottled" ? "mailbox" : "service";
      this.#pacer.throttled(mailboxId, retryAfterMs, scope);
    } else if (status < 500) {
      this.#pacer.succeeded(mailboxId);
    }
  }
}

function done(attempt: Attempt): GraphResponse {
  if (attempt.kind !== "response") throw new Error("unreachable: a network failure cannot succeed");
  return { outcome: "done", status: attempt.response.status, body: attempt.response.body };
}

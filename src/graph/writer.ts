/**
 * The throttled Graph writer: every cync request to a mailbox goes through `request()`, which
 * composes the Pacer (how many at once), the retry policy (whether and when again) and a Transport
 * (how bytes move). See retry-policy.ts for the rule on writes whose response was lost.
 *
 * One contact create is one POST with the ownership extension inline
 * (docs/graph-behaviour.md#inline-extension-on-create); the caller
 * builds that body — the writer never looks inside bodies, and never logs them.
 */
import { randomUUID } from "node:crypto";
import { SyncError } from "../errors/sync-error";
import { systemClock, type Clock } from "./clock";
import { exhausted, failure, graphErrorCode, retryAfterOf, type Attempt } from "./attempt";
import type { RequestDescription } from "./errors/request-description";
import { networkErrorCode } from "./network-failure";
import { Pacer, type PacerOptions } from "./pacer";
import { parseRetryAfter } from "./retry-after";
import {
  decide,
  defaultRetryPolicy,
  scheduleRetry,
  type RetryOrGiveUp,
  type RetryPolicyOptions,
} from "./retry-policy";
import { StatsRecorder, type ProgressListener, type WriterStats } from "./stats";
import { sendBatched, type BatchItem, type BatchItemResult } from "./batch";
import type { Transport } from "./transport";
import type { WriteRequest, WriteResult } from "./write-request";

export interface WriterOptions {
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
  /** Called after every request settles and on every 429, for the live progress display. */
  readonly onProgress?: ProgressListener;
}

export class GraphWriter {
  readonly #transport: Transport;
  readonly #pacer: Pacer;
  readonly #retry: RetryPolicyOptions;
  readonly #timeoutMs: number;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #stats: StatsRecorder;

  constructor(options: WriterOptions) {
    this.#transport = options.transport;
    this.#clock = options.clock ?? systemClock;
    this.#pacer = new Pacer(options.pacing ?? {}, this.#clock);
    this.#retry = { ...defaultRetryPolicy, ...options.retry };
    this.#timeoutMs = options.timeoutMs ?? 100_000;
    this.#random = options.random ?? Math.random;
    this.#stats = new StatsRecorder(options.onProgress);
  }

  /** Counters so far (a copy). */
  stats(): WriterStats {
    return this.#stats.snapshot();
  }

  /** The pacer, read-only use: current limits for progress displays and tests. */
  get pacer(): Pacer {
    return this.#pacer;
  }

  /**
   * Sends one request, retrying as retry-policy.ts rules. Resolves with the 2xx answer, or with
   * "recovered"/"unknown" for a lost write; rejects with GraphHttpError (not retried, or 503/504
   * retries spent), ThrottledError (429 retries spent), NetworkError, or AuthenticationError (no
   * token: nothing was sent).
   */
  async request(req: WriteRequest): Promise<WriteResult> {
    let result: WriteResult;
    try {
      result = await this.#exchange(req);
    } catch (error) {
      this.#stats.settled("failed");
      throw error;
    }
    this.#stats.settled(result.outcome);
    return result;
  }

  /**
   * Sends many requests as `$batch` envelopes (batch.ts): at most 20 items per envelope and at most
   * the mailbox's current limit (≤ 4) of one mailbox's items, each item retried on its own.
   */
  batch(items: readonly BatchItem[]): Promise<Map<string, BatchItemResult>> {
    return sendBatched(items, {
      baseUrl: this.#transport.baseUrl,
      exchange: (req) => this.#exchange(req),
      pacer: this.#pacer,
      clock: this.#clock,
      random: this.#random,
      retry: this.#retry,
      stats: this.#stats,
      observe: (mailboxId, status, retryAfterMs, body) => this.#observe(mailboxId, status, retryAfterMs, body),
    });
  }

  /** The retry loop of one request; `request` adds the bookkeeping of its final outcome. */
  async #exchange(req: WriteRequest): Promise<WriteResult> {
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
      let next: RetryOrGiveUp;
      switch (decision.action) {
        case "done":
          return done(attempt);
        case "fail":
          throw failure(described, attempt, retries);
        case "give-up":
          throw exhausted(described, attempt, retries);
        case "retry":
          next = decision;
          break;
        case "ambiguous": {
          if (!req.onLostResponse) return { outcome: "unknown", cause: decision.cause };
          const found = await req.onLostResponse({ cause: decision.cause, retries });
          if (found !== undefined) return { outcome: "recovered", body: found };
          // Not committed: sending it again cannot duplicate it.
          next = scheduleRetry(decision.cause, retryAfterOf(attempt), retries, this.#retry, this.#random);
          if (next.action === "give-up") throw exhausted(described, attempt, retries);
          break;
        }
      }
      this.#stats.retried();
      await this.#clock.sleep(next.delayMs);
    }
  }

  /** One HTTP exchange inside a pacer slot; the slot is released before any retry waits. */
  async #attempt(req: WriteRequest, retries: number, clientRequestId: string): Promise<Attempt> {
    const slot = await this.#pacer.acquire(req.mailboxId);
    try {
      this.#stats.sent(req.method);
      const headers: Record<string, string> = { "client-request-id": clientRequestId, ...req.headers };
      if (req.body !== undefined) headers["content-type"] = "application/json";
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

function done(attempt: Attempt): WriteResult {
  if (attempt.kind !== "response") throw new Error("unreachable: a network failure cannot succeed");
  const { response } = attempt;
  return { outcome: "done", status: response.status, body: response.body, header: (name) => response.header(name) };
}

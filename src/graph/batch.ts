/**
 * JSON batching: up to 20 requests in one `POST /$batch` (docs/graph-behaviour.md#batch-requests).
 *
 * What makes it safe under Exchange's limits:
 * - Graph runs a batch's items for one mailbox in parallel, up to 4 at once, and a fifth gets 429
 *   `ApplicationThrottled` "MailboxConcurrency" (docs/graph-behaviour.md#mailbox-concurrency). So an
 *   envelope carries at most the mailbox's current limit (≤ 4) of one mailbox's items, and reserves that
 *   many of the mailbox's slots while in flight — the same slots single requests use.
 * - The envelope answers 200 even when items fail; each item has its own status and, when
 *   throttled, its own (possibly fractional) Retry-After (docs/graph-behaviour.md#batch-item-throttling).
 *   Only the failed ids are sent again, after the longest Retry-After among them.
 * - Items are judged by the same retry policy as single requests (retry-policy.ts): a create whose
 *   item came back 504, or whose envelope was lost, is reported unknown, never re-sent blindly.
 *
 * Does it pay? `npm run bench:writer` (2,000 creates into 40 mailboxes of the embedded tenant over
 * HTTPS, 30 ms latency per HTTP request, Exchange limits on, a shared and busy 2-core machine,
 * three runs): 1,075–2,310 creates/s batched against 355–581 single with a global limit of 64, and
 * 1,080–3,092 against 255–926 with 256 — 2.3 to 4.8 times faster, with 100 HTTP requests instead of
 * 2,000. Per mailbox it changes nothing — 4 in flight either way, and Exchange's 10,000 requests
 * per 10 minutes is the wall — the gain is fewer HTTP exchanges (TLS, tokens, parsing) on both ends
 * when many mailboxes are written at once. The price: a lost envelope leaves up to 20 creates
 * unknown instead of one.
 */
import { exhausted, failure, type Attempt } from "./attempt";
import type { Clock } from "./clock";
import { NetworkError } from "./errors/network-error";
import type { RequestDescription } from "./errors/request-description";
import type { Pacer } from "./pacer";
import { parseRetryAfter } from "./retry-after";
import { decide, scheduleRetry, type RetryCause, type RetryPolicyOptions } from "./retry-policy";
import type { StatsRecorder } from "./stats";
import type { HttpMethod, WriteRequest, WriteResult } from "./write-request";

/** Graph refuses a batch of more than 20 requests (docs/graph-behaviour.md#batch-requests). */
export const MAX_BATCH_ITEMS = 20;

export interface BatchItem {
  /** Unique among the items of one `batch()` call; names the item's result. */
  readonly id: string;
  /** The mailbox the item counts against (its owner's id). */
  readonly mailboxId: string;
  readonly method: HttpMethod;
  /** Path below the version root, as for single requests. */
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** @default "<METHOD> request" */
  readonly operation?: string;
}

export type BatchItemResult =
  | { readonly outcome: "done"; readonly status: number; readonly body: unknown }
  /** A create whose answer was lost: it may or may not exist (re-read before retrying). */
  | { readonly outcome: "unknown"; readonly cause: RetryCause }
  | { readonly outcome: "failed"; readonly error: Error };

/** What the batcher borrows from the writer that owns it. */
export interface BatchDeps {
  /** The transport's version root, for error messages. */
  readonly baseUrl: string;
  /** Sends one request with the writer's retry loop, without counting it as a write. */
  exchange(req: WriteRequest): Promise<WriteResult>;
  readonly pacer: Pacer;
  readonly clock: Clock;
  readonly random: () => number;
  readonly retry: RetryPolicyOptions;
  readonly stats: StatsRecorder;
  /** Feeds an item's status to the pacer and the throttled counter, like a single response. */
  observe(mailboxId: string, status: number, retryAfterMs: number | undefined, body: unknown): void;
}

/**
 * Packs items into envelopes of at most `maxItems`, with at most `perMailbox(id)` items of one
 * mailbox per envelope, visiting mailboxes in turn so one busy mailbox does not fill every
 * envelope (pure; keeps each mailbox's items in order).
 */
export function packBatches<T extends { readonly mailboxId: string }>(
  items: readonly T[],
  perMailbox: (mailboxId: string) => number,
  maxItems = MAX_BATCH_ITEMS,
): T[][] {
  const queues = new Map<string, T[]>();
  for (const item of items) {
    const queue = queues.get(item.mailboxId);
    if (queue) queue.push(item);
    else queues.set(item.mailboxId, [item]);
  }
  const open = [...queues].map(([mailboxId, queue]) => ({ mailboxId, queue, next: 0 }));
  const batches: T[][] = [];
  let turn = 0;
  while (open.length > 0) {
    const batch: T[] = [];
    const inBatch = new Set<string>();
    while (batch.length < maxItems && open.length > 0) {
      const at = turn % open.length;
      const mailbox = open[at]!;
      // Once every mailbox had its turn, the envelope is closed: one share per mailbox.
      if (inBatch.has(mailbox.mailboxId)) break;
      inBatch.add(mailbox.mailboxId);
      const take = Math.min(Math.max(1, perMailbox(mailbox.mailboxId)), maxItems - batch.length, mailbox.queue.length - mailbox.next);
      batch.push(...mailbox.queue.slice(mailbox.next, mailbox.next + take));
      mailbox.next += take;
      if (mailbox.next === mailbox.queue.length) open.splice(at, 1);
      turn = mailbox.next === mailbox.queue.length ? at : at + 1;
    }
    batches.push(batch);
  }
  return batches;
}

/** Sends `items` in envelopes and retries failed items; resolves with every item's result. */
export async function sendBatched(items: readonly BatchItem[], deps: BatchDeps): Promise<Map<string, BatchItemResult>> {
  if (new Set(items.map((i) => i.id)).size !== items.length) throw new Error("batch item ids must be unique");
  const round: Round = { deps, retries: new Map(), results: new Map(), again: [] };
  for (let pending = items; pending.length > 0; ) {
    round.again = [];
    await Promise.all(packBatches(pending, (m) => deps.pacer.mailboxLimit(m)).map((batch) => sendEnvelope(batch, round)));
    if (round.again.length === 0) break;
    // Retry only the failed ids, after the longest Retry-After among them
    // (docs/graph-behaviour.md#batch-item-throttling).
    await deps.clock.sleep(Math.max(...round.again.map((a) => a.delayMs)));
    pending = round.again.map((a) => a.item);
  }
  return round.results;
}

interface Round {
  readonly deps: BatchDeps;
  readonly retries: Map<string, number>;
  readonly results: Map<string, BatchItemResult>;
  again: { readonly item: BatchItem; readonly delayMs: number }[];
}

interface BatchResponseItem {
  readonly id: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

async function sendEnvelope(batch: readonly BatchItem[], round: Round): Promise<void> {
  const { deps } = round;
  const counts = new Map<string, number>();
  for (const item of batch) counts.set(item.mailboxId, (counts.get(item.mailboxId) ?? 0) + 1);
  const slot = await deps.pacer.reserve(counts);
  let envelope: WriteResult;
  try {
    envelope = await deps.exchange({
      mailboxId: undefined,
      method: "POST",
      path: "/$batch",
      body: { requests: batch.map(toBatchRequest) },
      // Re-sending the envelope re-sends its creates: only an all-idempotent batch is idempotent.
      idempotent: batch.every((item) => item.method !== "POST"),
      operation: "batch",
    });
  } catch (error) {
    for (const item of batch) settle(round, item, { outcome: "failed", error: error as Error });
    return;
  } finally {
    slot.release();
  }
  const responses = envelope.outcome === "done" ? responsesById(envelope.body) : new Map<string, BatchResponseItem>();
  for (const item of batch) {
    const response = responses.get(item.id);
    if (response) judgeItem(item, response, round);
    else lostItem(item, round);
  }
}

function toBatchRequest(item: BatchItem): Record<string, unknown> {
  // A body needs a Content-Type header in the item (docs/graph-behaviour.md#batch-requests).
  const headers = item.body === undefined ? item.headers : { "content-type": "application/json", ...item.headers };
  return {
    id: item.id,
    method: item.method,
    url: item.path,
    ...(headers === undefined ? {} : { headers }),
    ...(item.body === undefined ? {} : { body: item.body }),
  };
}

function responsesById(body: unknown): Map<string, BatchResponseItem> {
  const list = (body as { responses?: unknown } | undefined)?.responses;
  const byId = new Map<string, BatchResponseItem>();
  if (!Array.isArray(list)) return byId;
  for (const r of list as Partial<BatchResponseItem>[]) {
    if (typeof r.id !== "string" || typeof r.status !== "number") continue;
    // Header names in items are as the service wrote them ("Retry-After"); compare case-insensitively.
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(r.headers ?? {})) headers[name.toLowerCase()] = String(value);
    byId.set(r.id, { id: r.id, status: r.status, headers, body: r.body });
  }
  return byId;
}

function judgeItem(item: BatchItem, response: BatchResponseItem, round: Round): void {
  const { deps } = round;
  const retries = round.retries.get(item.id) ?? 0;
  const retryAfterMs = parseRetryAfter(response.headers["retry-after"], deps.clock.now());
  deps.observe(item.mailboxId, response.status, retryAfterMs, response.body);
  const outcome = { kind: "response", status: response.status, retryAfterMs } as const;
  const attempt: Attempt = {
    kind: "response",
    outcome,
    response: { status: response.status, header: (name) => response.headers[name.toLowerCase()] ?? null, body: response.body },
  };
  const decision = decide(outcome, { idempotent: item.method !== "POST", retries }, deps.retry, deps.random);
  switch (decision.action) {
    case "done":
      return settle(round, item, { outcome: "done", status: response.status, body: response.body });
    case "fail":
      return settle(round, item, { outcome: "failed", error: failure(describe(item, deps), attempt, retries) });
    case "give-up":
      return settle(round, item, { outcome: "failed", error: exhausted(describe(item, deps), attempt, retries) });
    case "ambiguous":
      return settle(round, item, { outcome: "unknown", cause: decision.cause });
    case "retry":
      return again(round, item, retries, decision.delayMs);
  }
}

/** No answer for this item (the envelope's response was lost, or the item is missing from it). */
function lostItem(item: BatchItem, round: Round): void {
  if (item.method === "POST") return settle(round, item, { outcome: "unknown", cause: "network" });
  const retries = round.retries.get(item.id) ?? 0;
  const next = scheduleRetry("network", undefined, retries, round.deps.retry, round.deps.random);
  if (next.action === "give-up") {
    const error = new NetworkError(describe(item, round.deps), undefined, retries, undefined);
    return settle(round, item, { outcome: "failed", error });
  }
  again(round, item, retries, next.delayMs);
}

function again(round: Round, item: BatchItem, retries: number, delayMs: number): void {
  round.retries.set(item.id, retries + 1);
  round.deps.stats.retried();
  round.again.push({ item, delayMs });
}

function settle(round: Round, item: BatchItem, result: BatchItemResult): void {
  round.results.set(item.id, result);
  round.deps.stats.settled(result.outcome);
}

function describe(item: BatchItem, deps: BatchDeps): RequestDescription {
  return { operation: item.operation ?? `${item.method} request`, method: item.method, url: deps.baseUrl + item.path };
}

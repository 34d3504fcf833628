/**
 * Whether and when to send a request again (pure). Pacing — how many requests run at once — is
 * the Pacer's job; this file only judges one attempt's outcome (octokit/plugin-throttling.js keeps
 * the two apart too, docs/architecture.md#prior-art).
 *
 * | outcome                         | idempotent (GET/PATCH/PUT/DELETE) | POST (create)            |
 * |---------------------------------|-----------------------------------|--------------------------|
 * | 2xx                             | done                              | done                     |
 * | 429 (any Retry-After or none)   | retry                             | retry                    |
 * | 503 with Retry-After            | retry                             | retry                    |
 * | 503 without Retry-After, 504    | retry                             | ambiguous                |
 * | no answer, connection not made  | retry                             | retry                    |
 * | no answer after sending         | retry                             | ambiguous                |
 * | TLS / unknown host              | fail                              | fail                     |
 * | any other status (400…500, 502) | fail                              | fail                     |
 *
 * Why: a throttled request is refused, not processed — Graph answers 429 and asks the client to wait
 * Retry-After before sending it again (docs/graph-behaviour.md#throttled-response); a 503 that
 * carries a Retry-After is the same refusal by an overloaded service (Graph's error reference lists
 * 503 with Retry-After). A 504 — which "may occur together with 503" — or a bare 503 can come
 * from a gateway that gave up on a backend that still committed the write, and a reset after the
 * body left may have lost a 201. Re-sending a create then risks a duplicate contact, so it is
 * reported as ambiguous and the caller re-reads (docs/graph-behaviour.md#lost-responses).
 * Retried statuses are those of the Graph SDK's RetryHandler spec: 429, 503, 504
 * (docs/graph-behaviour.md#retries-and-backoff); 500 and 502 are not, unlike ky's defaults
 * (docs/architecture.md#the-graph-requester): such a write fails and the next run, which re-reads the
 * mailbox, converges.
 */
import { backoffDelay, defaultBackoff, type BackoffOptions } from "./backoff";
import { classifyNetworkFailure } from "./network-failure";

export interface RetryPolicyOptions {
  /**
   * Retries per request, after which the requester gives up with a transient error.
   * @default 8
   */
  readonly maxRetries: number;
  /**
   * The longest server-named wait the requester accepts, in ms; a longer Retry-After gives up at once
   * (honouring it means not retrying sooner, and a run should not hang for hours).
   * @default 300000
   */
  readonly maxRetryAfterMs: number;
  /** Backoff when the server names no wait. */
  readonly backoff: BackoffOptions;
}

export const defaultRetryPolicy: RetryPolicyOptions = {
  maxRetries: 8,
  maxRetryAfterMs: 300_000,
  backoff: defaultBackoff,
};

/** One attempt's outcome, as far as retrying cares. */
export type AttemptOutcome =
  | { readonly kind: "response"; readonly status: number; readonly retryAfterMs: number | undefined }
  | { readonly kind: "network"; readonly code: string | undefined };

export type RetryCause = "throttled" | "unavailable" | "network";

export type Decision =
  | { readonly action: "done" }
  | { readonly action: "fail" }
  | { readonly action: "ambiguous"; readonly cause: RetryCause }
  | RetryOrGiveUp;

export type RetryOrGiveUp =
  | {
      readonly action: "retry";
      readonly cause: RetryCause;
      readonly delayMs: number;
      /** True when the delay is the server's Retry-After (used as is, no jitter — ky does the same). */
      readonly serverNamedWait: boolean;
    }
  | { readonly action: "give-up"; readonly cause: RetryCause };

export interface AttemptContext {
  /** Whether sending the request twice has the effect of sending it once. */
  readonly idempotent: boolean;
  /** Retries already made for this request (0 after the first attempt). */
  readonly retries: number;
}

export function decide(
  outcome: AttemptOutcome,
  ctx: AttemptContext,
  options: RetryPolicyOptions,
  random: () => number,
): Decision {
  if (outcome.kind === "network") {
    switch (classifyNetworkFailure(outcome.code)) {
      // The server never saw the request: any method is safe to send again.
      case "not-sent":
        return scheduleRetry("network", undefined, ctx.retries, options, random);
      // The server may have acted on it: only idempotent requests are repeated blindly.
      case "maybe-sent":
        return ctx.idempotent
          ? scheduleRetry("network", undefined, ctx.retries, options, random)
          : { action: "ambiguous", cause: "network" };
      // Configuration problems (TLS trust, unknown host) do not heal by waiting.
      case "fatal":
        return { action: "fail" };
    }
  }
  const { status, retryAfterMs } = outcome;
  if (status < 400) return { action: "done" };
  switch (status) {
    // Throttled: the request was refused, never processed (docs/graph-behaviour.md#throttled-response).
    case 429:
      return scheduleRetry("throttled", retryAfterMs, ctx.retries, options, random);
    // Unavailable: with a Retry-After the service refused the work; without one it may have begun it.
    case 503:
      return ctx.idempotent || retryAfterMs !== undefined
        ? scheduleRetry("unavailable", retryAfterMs, ctx.retries, options, random)
        : { action: "ambiguous", cause: "unavailable" };
    // Gateway timeout: the backend may have committed the write after the gateway gave up.
    case 504:
      return ctx.idempotent
        ? scheduleRetry("unavailable", retryAfterMs, ctx.retries, options, random)
        : { action: "ambiguous", cause: "unavailable" };
    default:
      return { action: "fail" };
  }
}

/** The next retry of a retryable outcome, or give-up when the budget is spent. */
export function scheduleRetry(
  cause: RetryCause,
  retryAfterMs: number | undefined,
  retries: number,
  options: RetryPolicyOptions,
  random: () => number,
): RetryOrGiveUp {
  if (retries >= options.maxRetries) return { action: "give-up", cause };
  if (retryAfterMs === undefined) {
    return { action: "retry", cause, delayMs: backoffDelay(retries, options.backoff, random), serverNamedWait: false };
  }
  if (retryAfterMs > options.maxRetryAfterMs) return { action: "give-up", cause };
  return { action: "retry", cause, delayMs: retryAfterMs, serverNamedWait: true };
}

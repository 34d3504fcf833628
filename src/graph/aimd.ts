/**
 * Additive-increase / multiplicative-decrease of a concurrency limit (pure), as TCP does for its
 * window: halve on throttling, creep back one step at a time while requests succeed. Exchange
 * Online answers a fifth concurrent request to a mailbox with 429 `ApplicationThrottled`
 * ("MailboxConcurrency", docs/graph-behaviour.md#mailbox-concurrency), and Graph asks clients to
 * slow down while 429s persist, since immediate retries prolong throttling
 * (docs/graph-behaviour.md#retries-and-backoff).
 *
 * Only throttling that persists is load: over a limit, every request is refused until the load
 * falls, so refusals come in a row. A lone 429 among successes (Exchange refuses some requests at
 * random under its own load, or during a failover) says nothing about how much cync sends;
 * halving on it pinned a mailbox at one request in flight under 10 % random 429s, while the
 * refused request's own Retry-After wait is remedy enough.
 */
export interface AimdOptions {
  readonly min: number;
  readonly max: number;
  /**
   * Multiplier applied to the limit on throttling (rounded down, never below `min`).
   * @default 0.5
   */
  readonly decreaseFactor: number;
  /**
   * Consecutive successes that earn one more concurrent request.
   * @default 8
   */
  readonly increaseAfter: number;
  /**
   * One decrease per this many ms: the 429s of requests that were already in flight when the
   * first one came back describe the same overload and must not halve the limit again.
   * @default 1000
   */
  readonly cooldownMs: number;
  /**
   * Throttled answers in a row (no success between) that make an overload; fewer leave the limit
   * and the success streak alone. 1 halves on every 429, as classic AIMD does.
   * @default 2
   */
  readonly throttledInRow: number;
}

export interface AimdState {
  readonly limit: number;
  readonly successes: number;
  readonly lastDecreaseAt: number;
  /** Throttled answers since the last success. */
  readonly throttledInRow: number;
}

export function aimdStart(options: AimdOptions): AimdState {
  return { limit: options.max, successes: 0, lastDecreaseAt: Number.NEGATIVE_INFINITY, throttledInRow: 0 };
}

/** Whether the throttling seen so far is an overload (see the module doc), not a lone refusal. */
export function aimdOverloaded(state: AimdState, options: AimdOptions): boolean {
  return state.throttledInRow >= options.throttledInRow;
}

export function aimdThrottled(state: AimdState, options: AimdOptions, now: number): AimdState {
  const throttled = { ...state, throttledInRow: state.throttledInRow + 1 };
  if (!aimdOverloaded(throttled, options)) return throttled;
  if (now - state.lastDecreaseAt < options.cooldownMs) return { ...throttled, successes: 0 };
  const limit = Math.max(options.min, Math.floor(state.limit * options.decreaseFactor));
  return { limit, successes: 0, lastDecreaseAt: now, throttledInRow: throttled.throttledInRow };
}

export function aimdSucceeded(state: AimdState, options: AimdOptions): AimdState {
  const calm = state.throttledInRow === 0 ? state : { ...state, throttledInRow: 0 };
  if (calm.limit >= options.max) return calm.successes === 0 ? calm : { ...calm, successes: 0 };
  const successes = calm.successes + 1;
  return successes >= options.increaseAfter
    ? { ...calm, limit: calm.limit + 1, successes: 0 }
    : { ...calm, successes };
}

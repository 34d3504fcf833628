/**
 * Additive-increase / multiplicative-decrease of a concurrency limit (pure), as TCP does for its
 * window: halve on throttling, creep back one step at a time while requests succeed. Exchange
 * Online answers a fifth concurrent request to a mailbox with 429 `ApplicationThrottled`
 * ("MailboxConcurrency", docs/graph-behaviour.md#mailbox-concurrency), and Graph asks clients to
 * slow down while 429s persist, since immediate retries prolong throttling
 * (docs/graph-behaviour.md#retries-and-backoff).
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
}

export interface AimdState {
  readonly limit: number;
  readonly successes: number;
  readonly lastDecreaseAt: number;
}

export function aimdStart(options: AimdOptions): AimdState {
  return { limit: options.max, successes: 0, lastDecreaseAt: Number.NEGATIVE_INFINITY };
}

export function aimdThrottled(state: AimdState, options: AimdOptions, now: number): AimdState {
  if (now - state.lastDecreaseAt < options.cooldownMs) return { ...state, successes: 0 };
  const limit = Math.max(options.min, Math.floor(state.limit * options.decreaseFactor));
  return { limit, successes: 0, lastDecreaseAt: now };
}

export function aimdSucceeded(state: AimdState, options: AimdOptions): AimdState {
  if (state.limit >= options.max) return state.successes === 0 ? state : { ...state, successes: 0 };
  const successes = state.successes + 1;
  return successes >= options.increaseAfter
    ? { ...state, limit: state.limit + 1, successes: 0 }
    : { ...state, successes };
}

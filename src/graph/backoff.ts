/** Exponential backoff for retries the server gave no wait for (pure, random injected). */
export interface BackoffOptions {
  /**
   * Ceiling of the first retry's delay, in ms.
   * @default 500
   */
  readonly baseMs: number;
  /**
   * No delay exceeds this, in ms.
   * @default 30000
   */
  readonly maxMs: number;
}

export const defaultBackoff: BackoffOptions = { baseMs: 500, maxMs: 30_000 };

/**
 * Delay before retry number `retry` (0 for the first retry): the ceiling doubles per retry up to
 * `maxMs`, and the delay is drawn from [ceiling/2, ceiling] ("equal jitter") so that writers that
 * failed together do not come back together, while the wait still grows with every attempt.
 * Graph asks for exponential backoff when no Retry-After is given
 * (docs/graph-behaviour.md#retries-and-backoff).
 */
export function backoffDelay(retry: number, options: BackoffOptions, random: () => number): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** retry);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

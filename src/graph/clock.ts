/**
 * Time as the requester sees it. Injected so that pacing and retry are tested in virtual
 * milliseconds (octokit/plugin-throttling.js's `retryAfterBaseValue`, docs/architecture.md#prior-art)
 * and never by sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

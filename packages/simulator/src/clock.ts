/**
 * The simulator's one notion of time. Token lifetimes, delta-token expiry and throttling windows all
 * read this clock so a test can run "ten minutes of Exchange Online" in ten seconds (`timeScale` 60)
 * or jump past a 7-day delta-token lifetime (`advance`) without waiting.
 *
 * Simulated time = start + (real elapsed × timeScale) + manual advances.
 */
export interface Clock {
  /** Simulated epoch milliseconds. */
  now(): number;
  /** Resolve after `ms` of simulated time (ms / timeScale of real time). */
  sleep(ms: number): Promise<void>;
  /** Convert a simulated duration to real milliseconds (for timers). */
  toRealMs(simulatedMs: number): number;
  /** Jump simulated time forward (tests: expire tokens, drain throttle windows). */
  advance(ms: number): void;
  readonly timeScale: number;
}

export function createClock(timeScale = 1, realNow: () => number = Date.now): Clock {
  if (!(timeScale > 0) || !Number.isFinite(timeScale)) {
    throw new RangeError(`timeScale must be a positive number, got ${timeScale}`);
  }
  const realStart = realNow();
  let offset = 0;
  const toRealMs = (simulatedMs: number): number => Math.max(0, simulatedMs / timeScale);
  return {
    timeScale,
    now: () => realStart + (realNow() - realStart) * timeScale + offset,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, toRealMs(ms))),
    toRealMs,
    advance(ms) {
      if (ms < 0) throw new RangeError("the clock only moves forward");
      offset += ms;
    },
  };
}

/**
 * The two counting models behind Graph's throttling
 * (docs/graph-behaviour.md#throttling-and-retries), in simulated milliseconds: a sliding window
 * (Exchange Online: N requests per 10 minutes per app and mailbox) and a token bucket (Graph's
 * global per-app rate and the directory's resource-unit budget). Both answer "admit?" and, when
 * not, how long until they would. Plain objects, no timers.
 */

/** Buckets per window: the window slides in steps of window/BUCKETS. */
const BUCKETS = 20;

export class SlidingWindow {
  private readonly width: number;
  private readonly stamps = new Array<number>(BUCKETS).fill(-1);
  private readonly counts = new Array<number>(BUCKETS).fill(0);

  constructor(
    private readonly limit: number,
    windowMs: number,
  ) {
    this.width = windowMs / BUCKETS;
  }

  /** Counts one request at `now` and returns 0, or returns the ms until one would be admitted. */
  take(now: number): number {
    const idx = Math.floor(now / this.width);
    let total = 0;
    let oldest = Infinity;
    for (let i = 0; i < BUCKETS; i++) {
      const stamp = this.stamps[i]!;
      if (stamp > idx - BUCKETS && this.counts[i]! > 0) {
        total += this.counts[i]!;
        oldest = Math.min(oldest, stamp);
      }
    }
    if (total >= this.limit) return (oldest + BUCKETS) * this.width - now;
    const slot = idx % BUCKETS;
    if (this.stamps[slot] !== idx) {
      this.stamps[slot] = idx;
      this.counts[slot] = 0;
    }
    this.counts[slot]!++;
    return 0;
  }
}

export class TokenBucket {
  private tokens: number;
  private last: number | undefined;

  /** `capacity` tokens, refilled evenly over `periodMs`. */
  constructor(
    private readonly capacity: number,
    private readonly periodMs: number,
  ) {
    this.tokens = capacity;
  }

  /** Takes `cost` tokens at `now` and returns 0, or returns the ms until they would be there. */
  take(now: number, cost = 1): number {
    const need = Math.min(cost, this.capacity);
    const rate = this.capacity / this.periodMs;
    if (this.last !== undefined) this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * rate);
    this.last = now;
    if (this.tokens >= need) {
      this.tokens -= need;
      return 0;
    }
    return (need - this.tokens) / rate;
  }
}

/**
 * Exchange Online's request window per app and mailbox — 10,000 requests per 10 minutes
 * (docs/graph-behaviour.md#outlook-mailbox-limits) — counted on cync's side, so a mailbox given
 * more than that is paced to the window instead of being answered 429 once it is spent. Counts
 * are kept per 1/100 of the window (a few hundred numbers per mailbox, whatever its traffic),
 * and a request counts until its whole step has left the window: the window cync keeps is at most
 * 1 % longer than Exchange's, which also covers a request reaching Exchange a little after it left.
 */
const STEPS = 100;

export class RequestWindow {
  readonly #limit: number;
  readonly #step: number;
  readonly #stamps = new Array<number>(STEPS + 1).fill(Number.NEGATIVE_INFINITY);
  readonly #counts = new Array<number>(STEPS + 1).fill(0);

  constructor(limit: number, windowMs: number) {
    this.#limit = limit;
    this.#step = windowMs / STEPS;
  }

  /** Ms until one more request fits in the window; 0 when it fits now. */
  waitMs(now: number): number {
    const current = Math.floor(now / this.#step);
    let total = 0;
    let oldest = Infinity;
    for (let i = 0; i <= STEPS; i++) {
      if (this.#stamps[i]! >= current - STEPS && this.#counts[i]! > 0) {
        total += this.#counts[i]!;
        oldest = Math.min(oldest, this.#stamps[i]!);
      }
    }
    return total < this.#limit ? 0 : (oldest + STEPS + 1) * this.#step - now;
  }

  /** Counts one request sent at `now`. */
  record(now: number): void {
    const current = Math.floor(now / this.#step);
    const slot = current % (STEPS + 1);
    if (this.#stamps[slot] !== current) {
      this.#stamps[slot] = current;
      this.#counts[slot] = 0;
    }
    this.#counts[slot]!++;
  }

  /** True when no request sent is still in the window (the mailbox can be forgotten). */
  empty(now: number): boolean {
    const current = Math.floor(now / this.#step);
    return this.#stamps.every((stamp, i) => stamp < current - STEPS || this.#counts[i] === 0);
  }
}

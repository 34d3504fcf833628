import type { Clock } from "../../src/graph/clock";

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly resolve: () => void;
}

/**
 * Virtual time for pacing and retry tests: `sleep` never waits for real; `run(promise)` lets all
 * pending work proceed and, whenever everything is blocked on sleeps, jumps to the earliest one.
 */
export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: Timer[] = [];
  /** Every sleep requested, in ms, in order. */
  readonly sleeps: number[] = [];

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    return new Promise((resolve) => {
      this.#timers.push({ at: this.#now + Math.max(0, ms), seq: this.#seq++, resolve });
    });
  }

  async run<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    const done = promise.finally(() => {
      settled = true;
    });
    done.catch(() => undefined);
    for (let idle = 0; !settled; ) {
      await new Promise((resolve) => setImmediate(resolve));
      if (settled) break;
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#timers.shift();
      if (next) {
        idle = 0;
        this.#now = Math.max(this.#now, next.at);
        next.resolve();
      } else if (++idle > 100) {
        throw new Error("FakeClock.run: nothing settles and no timer is pending (deadlock)");
      }
    }
    return promise;
  }
}

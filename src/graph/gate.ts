/**
 * A FIFO counting semaphore whose limit may change while requests wait (the pacer lowers and
 * raises it as throttling comes and goes). p-limit 7 can change its concurrency too, but it runs
 * the task itself; the pacer must hold a mailbox slot and a global slot around one request and
 * release them before a retry sleeps, which a bare acquire/release expresses directly.
 */
export class Gate {
  #limit: number;
  #active = 0;
  readonly #queue: (() => void)[] = [];
  #head = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get limit(): number {
    return this.#limit;
  }

  /** Lowering the limit never interrupts running holders; it only delays the next ones. */
  set limit(value: number) {
    this.#limit = value;
    this.#drain();
  }

  get active(): number {
    return this.#active;
  }

  get waiting(): number {
    return this.#queue.length - this.#head;
  }

  acquire(): Promise<void> {
    if (this.waiting === 0 && this.#active < this.#limit) {
      this.#active++;
      return Promise.resolve();
    }
    return new Promise((admit) => this.#queue.push(admit));
  }

  release(): void {
    this.#active--;
    this.#drain();
  }

  #drain(): void {
    while (this.#head < this.#queue.length && this.#active < this.#limit) {
      const admit = this.#queue[this.#head]!;
      this.#head++;
      this.#active++;
      admit();
    }
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue.splice(0, this.#head);
      this.#head = 0;
    }
  }
}

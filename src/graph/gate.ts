/**
 * A FIFO counting semaphore whose limit may change while requests wait (the pacer lowers and
 * raises it as throttling comes and goes). A holder may take several units at once (a `$batch`
 * carrying up to 4 items of one mailbox); it is admitted when they fit, or alone when the limit
 * was lowered below its weight — otherwise it could wait forever. p-limit 7 can change its concurrency too, but it runs
 * the task itself; the pacer must hold a mailbox slot and a global slot around one request and
 * release them before a retry sleeps, which a bare acquire/release expresses directly.
 */
export class Gate {
  #limit: number;
  #active = 0;
  readonly #queue: { readonly weight: number; readonly admit: () => void }[] = [];
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

  acquire(weight = 1): Promise<void> {
    if (this.waiting === 0 && this.#fits(weight)) {
      this.#active += weight;
      return Promise.resolve();
    }
    return new Promise((admit) => this.#queue.push({ weight, admit }));
  }

  release(weight = 1): void {
    this.#active -= weight;
    this.#drain();
  }

  #fits(weight: number): boolean {
    return this.#active + weight <= this.#limit || this.#active === 0;
  }

  #drain(): void {
    while (this.#head < this.#queue.length && this.#fits(this.#queue[this.#head]!.weight)) {
      const next = this.#queue[this.#head]!;
      this.#head++;
      this.#active += next.weight;
      next.admit();
    }
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue.splice(0, this.#head);
      this.#head = 0;
    }
  }
}

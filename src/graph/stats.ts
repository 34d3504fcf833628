/**
 * What the writer did, for `cync apply --format json`'s summary ("requests by method, retries,
 * throttled") and for the live progress display. Counts only — never URLs or bodies.
 */
export interface WriterStats {
  /** HTTP requests sent, by method, retries included ($batch envelopes count as POST). */
  readonly requestsByMethod: Readonly<Record<string, number>>;
  /** Requests sent again after a 429, 503, 504 or network failure. */
  readonly retries: number;
  /** 429 answers received (batch items included). */
  readonly throttled: number;
  /** Logical requests that ended with a success. */
  readonly writesDone: number;
  /** Logical requests that ended with an error. */
  readonly failed: number;
  /** Writes whose response was lost and whose outcome stayed unknown. */
  readonly unknown: number;
  /** Writes whose response was lost and that a re-read found committed. */
  readonly recovered: number;
}

/** The progress hook's payload, sent after every logical request settles and on every 429. */
export interface WriterProgress {
  readonly writesDone: number;
  readonly failed: number;
  readonly throttled: number;
  readonly retries: number;
}

export type ProgressListener = (progress: WriterProgress) => void;

export class StatsRecorder {
  readonly #byMethod: Record<string, number> = {};
  #retries = 0;
  #throttled = 0;
  #writesDone = 0;
  #failed = 0;
  #unknown = 0;
  #recovered = 0;
  readonly #listener: ProgressListener | undefined;

  constructor(listener?: ProgressListener) {
    this.#listener = listener;
  }

  sent(method: string): void {
    this.#byMethod[method] = (this.#byMethod[method] ?? 0) + 1;
  }

  retried(): void {
    this.#retries++;
  }

  throttledResponse(): void {
    this.#throttled++;
    this.#emit();
  }

  settled(outcome: "done" | "failed" | "unknown" | "recovered"): void {
    switch (outcome) {
      case "done":
        this.#writesDone++;
        break;
      case "recovered":
        this.#writesDone++;
        this.#recovered++;
        break;
      case "failed":
        this.#failed++;
        break;
      case "unknown":
        this.#unknown++;
        break;
    }
    this.#emit();
  }

  snapshot(): WriterStats {
    return {
      requestsByMethod: { ...this.#byMethod },
      retries: this.#retries,
      throttled: this.#throttled,
      writesDone: this.#writesDone,
      failed: this.#failed,
      unknown: this.#unknown,
      recovered: this.#recovered,
    };
  }

  #emit(): void {
    this.#listener?.({
      writesDone: this.#writesDone,
      failed: this.#failed,
      throttled: this.#throttled,
      retries: this.#retries,
    });
  }
}

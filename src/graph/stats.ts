/**
 * What the requester did, for `cync apply --format json`'s summary ("requests by method, retries,
 * throttled") and the live progress display's throttled count. Counts only — never URLs or bodies.
 */
export interface RequestStats {
  /** HTTP requests sent, by method, retries included. */
  readonly requestsByMethod: Readonly<Record<string, number>>;
  /** Requests sent again after a 429, 503, 504 or network failure. */
  readonly retries: number;
  /** 429 answers received. */
  readonly throttled: number;
}

export class StatsRecorder {
  readonly #byMethod: Record<string, number> = {};
  #retries = 0;
  #throttled = 0;

  sent(method: string): void {
    this.#byMethod[method] = (this.#byMethod[method] ?? 0) + 1;
  }

  retried(): void {
    this.#retries++;
  }

  throttledResponse(): void {
    this.#throttled++;
  }

  snapshot(): RequestStats {
    return { requestsByMethod: { ...this.#byMethod }, retries: this.#retries, throttled: this.#throttled };
  }
}

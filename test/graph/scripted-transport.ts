import type { Transport, TransportRequest, TransportResponse } from "../../src/graph/transport";
import type { FakeClock } from "./fake-clock";

/** One scripted answer: an HTTP response, or a network failure with Node's error code. */
export type Step = { status: number; headers?: Record<string, string>; body?: unknown } | { networkError: string };

export interface LoggedRequest {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/**
 * A Transport that answers from a script (in order, or per request by a function) after
 * `latencyMs` of virtual time, and logs what was sent and when — plugin-throttling's
 * `__requestLog` idea.
 */
export class ScriptedTransport implements Transport {
  readonly baseUrl = "https://graph.example.test/v1.0";
  readonly log: LoggedRequest[] = [];
  readonly #clock: FakeClock;
  readonly #script: (req: TransportRequest, index: number) => Step;
  readonly #latencyMs: number;

  constructor(clock: FakeClock, script: Step[] | ((req: TransportRequest, index: number) => Step), latencyMs = 0) {
    this.#clock = clock;
    this.#script = Array.isArray(script)
      ? (_req, index) => {
          const step = script[index];
          if (!step) throw new Error(`script exhausted at request ${index + 1}`);
          return step;
        }
      : script;
    this.#latencyMs = latencyMs;
  }

  async send(req: TransportRequest): Promise<TransportResponse> {
    const index = this.log.length;
    this.log.push({ at: this.#clock.now(), method: req.method, path: req.path, headers: req.headers, body: req.body });
    const step = this.#script(req, index);
    if (this.#latencyMs > 0) await this.#clock.sleep(this.#latencyMs);
    if ("networkError" in step) {
      // The shape undici gives: TypeError("fetch failed") with the system error as cause.
      throw new TypeError("fetch failed", { cause: Object.assign(new Error(step.networkError), { code: step.networkError }) });
    }
    const headers = new Headers(step.headers);
    return { status: step.status, header: (name) => headers.get(name), body: step.body };
  }
}

export const created = (body: unknown = { id: "c1" }): Step => ({ status: 201, body });
export const throttled = (retryAfter?: string): Step => ({
  status: 429,
  headers: retryAfter === undefined ? {} : { "Retry-After": retryAfter },
  body: { error: { code: "ApplicationThrottled", message: "Application is over its MailboxConcurrency limit." } },
});

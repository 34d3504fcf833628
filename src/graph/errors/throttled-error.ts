import { describeRequest } from "./request-description";
import { GraphHttpError, type GraphHttpErrorDetails } from "./graph-http-error";

/**
 * Graph kept answering 429 after the requester's retry budget was spent, or named a wait longer than
 * the requester accepts. Transient: the mailbox's Exchange budget (10,000 requests / 10 min,
 * docs/graph-behaviour.md#outlook-mailbox-limits) refills, so the next run gets through.
 */
export class ThrottledError extends GraphHttpError {
  /** How many times the request was retried before giving up. */
  readonly retries: number;
  /** The last wait the server asked for, in ms, when it named one. */
  readonly retryAfterMs: number | undefined;

  constructor(details: Omit<GraphHttpErrorDetails, "status">, retries: number, retryAfterMs: number | undefined) {
    super(
      { ...details, status: 429 },
      `${details.operation} still throttled (429${details.code ? ` ${details.code}` : ""}) after ${retries} ` +
        `retries${retryAfterMs === undefined ? "" : `, server asked to wait ${retryAfterMs} ms`}: ${describeRequest(details)}`,
    );
    this.retries = retries;
    this.retryAfterMs = retryAfterMs;
  }

  override get transient(): boolean {
    return true;
  }
}

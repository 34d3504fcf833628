import { SyncError } from "../../errors/sync-error";
import { describeRequest, type RequestDescription } from "./request-description";

export interface GraphHttpErrorDetails extends RequestDescription {
  readonly status: number;
  /** Graph's `error.code` (branch on the code, never on the message: docs/graph-behaviour.md#error-shape). */
  readonly code: string | undefined;
  /** Graph's `request-id`, which Microsoft support asks for. */
  readonly requestId: string | undefined;
}

/**
 * Microsoft Graph answered with a status cync does not retry (or stopped retrying). The message
 * names the operation, status, code, method and URL (ky's "Request failed with status code 404:
 * GET …" shape) and deliberately leaves out Graph's `error.message` and any body: those may quote
 * user names or addresses ("The requested user 'alice@contoso.com' is invalid",
 * docs/graph-behaviour.md#unknown-user-in-exchange).
 */
export class GraphHttpError extends SyncError {
  readonly operation: string;
  readonly status: number;
  readonly code: string | undefined;
  readonly method: string;
  readonly url: string;
  readonly requestId: string | undefined;

  constructor(details: GraphHttpErrorDetails, message?: string) {
    super(
      message ??
        `${details.operation} failed with status ${details.status}${details.code ? ` ${details.code}` : ""}: ` +
          describeRequest(details),
    );
    this.operation = details.operation;
    this.status = details.status;
    this.code = details.code;
    this.method = details.method;
    this.url = details.url;
    this.requestId = details.requestId;
  }

  /** 503 and 504 are the service's own trouble: the next run is expected to get through. */
  get transient(): boolean {
    return this.status === 503 || this.status === 504;
  }
}

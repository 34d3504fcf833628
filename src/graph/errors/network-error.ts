import { SyncError } from "../../errors/sync-error";
import { describeRequest, type RequestDescription } from "./request-description";

/**
 * The request got no HTTP answer (connection refused or reset, TLS failure, timeout) and the
 * retry budget is spent. Transient. The original error is kept as `cause` for debugging; its text
 * never reaches the message because it may contain the full URL with query.
 */
export class NetworkError extends SyncError {
  readonly transient = true;
  readonly operation: string;
  readonly method: string;
  readonly url: string;
  /** Node's error code (ECONNRESET, ECONNREFUSED, UND_ERR_SOCKET, ETIMEDOUT…) when there is one. */
  readonly code: string | undefined;
  readonly retries: number;

  constructor(details: RequestDescription, code: string | undefined, retries: number, cause: unknown) {
    super(
      `${details.operation} failed without a response (${code ?? "network error"}) after ${retries} retries: ` +
        describeRequest(details) +
        (code !== undefined && /CERT|SIGNATURE/.test(code) ? " — is the server's CA trusted (NODE_EXTRA_CA_CERTS, set before Node starts)?" : ""),
      { cause },
    );
    this.operation = details.operation;
    this.method = details.method;
    this.url = details.url;
    this.code = code;
    this.retries = retries;
  }
}

/**
 * One HTTP attempt's outcome as the requester keeps it, and the error each kind of
 * final outcome becomes (errors/: GraphHttpError, ThrottledError, NetworkError).
 */
import { GraphHttpError } from "./errors/graph-http-error";
import { NetworkError } from "./errors/network-error";
import type { RequestDescription } from "./errors/request-description";
import { ThrottledError } from "./errors/throttled-error";
import type { AttemptOutcome } from "./retry-policy";
import type { TransportResponse } from "./transport";

export type Attempt =
  | { readonly kind: "response"; readonly outcome: AttemptOutcome; readonly response: TransportResponse }
  | { readonly kind: "network"; readonly outcome: AttemptOutcome; readonly error: unknown; readonly code: string | undefined };

function retryAfterOf(attempt: Attempt): number | undefined {
  return attempt.outcome.kind === "response" ? attempt.outcome.retryAfterMs : undefined;
}

/** The error for an answer that is not retried at all. */
export function failure(described: RequestDescription, attempt: Attempt, retries: number): Error {
  if (attempt.kind === "network") return new NetworkError(described, attempt.code, retries, attempt.error);
  return new GraphHttpError({ ...described, ...errorFields(attempt.response) });
}

/** The error for a retryable answer once the budget is spent. */
export function exhausted(described: RequestDescription, attempt: Attempt, retries: number): Error {
  if (attempt.kind === "network") return new NetworkError(described, attempt.code, retries, attempt.error);
  const fields = errorFields(attempt.response);
  if (fields.status === 429) return new ThrottledError({ ...described, ...fields }, retries, retryAfterOf(attempt));
  return new GraphHttpError({ ...described, ...fields });
}

function errorFields(response: Pick<TransportResponse, "status" | "header" | "body">): { status: number; code: string | undefined; requestId: string | undefined } {
  return {
    status: response.status,
    code: graphErrorCode(response.body),
    requestId: response.header("request-id") ?? undefined,
  };
}

/** Graph's `{"error":{"code":…}}` (docs/graph-behaviour.md#error-shape). */
export function graphErrorCode(body: unknown): string | undefined {
  if (body === null || typeof body !== "object") return undefined;
  const error = (body as { error?: unknown }).error;
  if (error === null || typeof error !== "object") return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && code !== "" ? code : undefined;
}

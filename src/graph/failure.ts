/**
 * The part of a failed Graph call cync branches on: status and Graph's `error.code`, never the
 * message (docs/graph-behaviour.md#error-shape). Read from whatever a Graph call rejected with:
 * the SDK's `GraphError` (`statusCode`, `code`) or src/graph's own errors (`status`, `code`).
 */
export interface GraphFailure {
  readonly status: number;
  readonly code: string;
}

/** Status and code of a failed Graph call; undefined for anything else (network failures, programming errors), which callers rethrow. */
export function graphFailure(err: unknown): GraphFailure | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const e = err as { status?: unknown; statusCode?: unknown; code?: unknown };
  const status = typeof e.status === "number" ? e.status : typeof e.statusCode === "number" ? e.statusCode : undefined;
  if (status === undefined || status < 400) return undefined;
  return { status, code: typeof e.code === "string" ? e.code : "" };
}

/**
 * Microsoft Graph's error shape (docs/graph-behaviour.md#error-shape):
 * {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}.
 * Clients branch on `code`, never on `message`, so codes here are the documented ones.
 */
import type { SimRequest, SimResponse } from "./types";

export function graphError(
  req: Pick<SimRequest, "requestId" | "headers">,
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): SimResponse {
  return {
    status,
    headers: { "content-type": "application/json", ...headers },
    body: {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString().replace(/\.\d{3}Z$/, ""),
          "request-id": req.requestId,
          "client-request-id": req.headers["client-request-id"] ?? req.requestId,
        },
      },
    },
  };
}

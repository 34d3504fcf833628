/**
 * What a request that got no HTTP answer tells us about the server's side (pure).
 *
 * - "not-sent": the connection never opened (refused, unreachable, connect timeout), so the server
 *   cannot have acted: safe to retry any request.
 * - "maybe-sent": the connection broke or timed out after the request may have been written
 *   (ECONNRESET, socket closed, headers/body timeout, abort). The server may have committed it.
 * - "fatal": retrying cannot help (unknown host, TLS trust or certificate errors): fail fast.
 */
export type NetworkFailure = "not-sent" | "maybe-sent" | "fatal";

export function classifyNetworkFailure(code: string | undefined): NetworkFailure {
  if (code === undefined) return "maybe-sent";
  if (NOT_SENT.has(code)) return "not-sent";
  if (FATAL.has(code) || code.startsWith("ERR_TLS_") || code.includes("CERT")) return "fatal";
  return "maybe-sent";
}

/**
 * Node and undici put the system error code on the error or on its `cause` chain
 * (`TypeError: fetch failed` → cause `{ code: "ECONNRESET" }`); timeouts surface as named errors.
 */
export function networkErrorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e !== null && typeof e === "object" && depth < 5; depth++) {
    const { code, name, cause } = e as { code?: unknown; name?: unknown; cause?: unknown };
    if (typeof code === "string") return code;
    if (name === "TimeoutError" || name === "AbortError") return "ETIMEDOUT";
    e = cause;
  }
  return undefined;
}

/**
 * The code a transport gives a request it abandoned before handing it to the network (the requester's
 * timeout ran out while the access token was being fetched): the server never saw it.
 */
export const ABANDONED_BEFORE_SENDING = "ERR_CYNC_ABANDONED_BEFORE_SENDING";

export function abandonedBeforeSending(cause: unknown): Error {
  return Object.assign(new Error("the request timed out before it was sent", { cause }), { code: ABANDONED_BEFORE_SENDING });
}

const NOT_SENT = new Set([
  ABANDONED_BEFORE_SENDING,
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "UND_ERR_CONNECT_TIMEOUT",
]);

const FATAL = new Set([
  "ENOTFOUND",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "ERR_INVALID_URL",
]);

import { describe, expect, it } from "vitest";
import { ABANDONED_BEFORE_SENDING } from "../../src/graph/network-failure";
import { decide, defaultRetryPolicy, scheduleRetry, type AttemptOutcome } from "../../src/graph/retry-policy";

const fixed = () => 0.5;
const response = (status: number, retryAfterMs?: number): AttemptOutcome => ({ kind: "response", status, retryAfterMs });
const network = (code: string | undefined): AttemptOutcome => ({ kind: "network", code });
const first = (idempotent: boolean) => ({ idempotent, retries: 0 });

describe("decide: statuses", () => {
  it.each([
    ["200 OK", 200],
    ["201 Created", 201],
    ["204 No Content", 204],
  ])("%s is done", (_name, status) => {
    expect(decide(response(status), first(false), defaultRetryPolicy, fixed)).toEqual({ action: "done" });
  });

  it.each([
    ["400 Bad Request", 400],
    ["401 InvalidAuthenticationToken", 401],
    ["403 Forbidden", 403],
    ["404 ErrorItemNotFound", 404],
    ["409 ErrorFolderExists", 409],
    ["410 SyncStateNotFound", 410],
    ["500 Internal Server Error", 500],
    ["502 Bad Gateway", 502],
  ])("%s fails at once, for any method", (_name, status) => {
    expect(decide(response(status), first(true), defaultRetryPolicy, fixed)).toEqual({ action: "fail" });
    expect(decide(response(status), first(false), defaultRetryPolicy, fixed)).toEqual({ action: "fail" });
  });

  it.each([
    // status, Retry-After, idempotent?, expected action, expected cause
    ["429 with Retry-After, DELETE", 429, 2_128, true, "retry", "throttled"],
    ["429 with Retry-After, POST (refused, never processed)", 429, 2_128, false, "retry", "throttled"],
    ["429 without Retry-After, POST", 429, undefined, false, "retry", "throttled"],
    ["503 with Retry-After, POST (refused)", 503, 1_000, false, "retry", "unavailable"],
    ["503 without Retry-After, PATCH", 503, undefined, true, "retry", "unavailable"],
    ["503 without Retry-After, POST (may have been processed)", 503, undefined, false, "ambiguous", "unavailable"],
    ["504, GET", 504, undefined, true, "retry", "unavailable"],
    ["504 even with Retry-After, POST (gateway gave up; backend may have committed)", 504, 1_000, false, "ambiguous", "unavailable"],
  ] as const)("%s → %s", (_name, status, retryAfterMs, idempotent, action, cause) => {
    const decision = decide(response(status, retryAfterMs), first(idempotent), defaultRetryPolicy, fixed);
    expect(decision).toMatchObject({ action, cause });
  });
});

describe("decide: network failures", () => {
  it.each([
    ["connection refused, POST (never reached the server)", "ECONNREFUSED", false, "retry"],
    ["connect timeout, POST", "UND_ERR_CONNECT_TIMEOUT", false, "retry"],
    ["timed out while signing in, before sending, POST", ABANDONED_BEFORE_SENDING, false, "retry"],
    ["reset, DELETE", "ECONNRESET", true, "retry"],
    ["reset, POST (the 201 may be lost)", "ECONNRESET", false, "ambiguous"],
    ["socket closed by peer, POST", "UND_ERR_SOCKET", false, "ambiguous"],
    ["timeout, POST", "ETIMEDOUT", false, "ambiguous"],
    ["no code at all, POST", undefined, false, "ambiguous"],
    ["no code at all, GET", undefined, true, "retry"],
    ["unknown host", "ENOTFOUND", true, "fail"],
    ["untrusted certificate (missing NODE_EXTRA_CA_CERTS)", "SELF_SIGNED_CERT_IN_CHAIN", true, "fail"],
    ["TLS protocol error", "ERR_TLS_CERT_ALTNAME_INVALID", true, "fail"],
  ] as const)("%s → %s", (_name, code, idempotent, action) => {
    expect(decide(network(code), first(idempotent), defaultRetryPolicy, fixed).action).toBe(action);
  });
});

describe("decide: timing and budget", () => {
  it("uses the server's Retry-After as is, without jitter", () => {
    expect(decide(response(429, 2_128), first(true), defaultRetryPolicy, Math.random)).toEqual({
      action: "retry",
      cause: "throttled",
      delayMs: 2_128,
      serverNamedWait: true,
    });
  });

  it("backs off exponentially when the server names no wait", () => {
    const delays = [0, 1, 2, 3].map(
      (retries) => (decide(response(503), { idempotent: true, retries }, defaultRetryPolicy, fixed) as { delayMs: number }).delayMs,
    );
    expect(delays).toEqual([375, 750, 1_500, 3_000]);
  });

  it("gives up once maxRetries retries were made", () => {
    const options = { ...defaultRetryPolicy, maxRetries: 2 };
    expect(decide(response(429, 10), { idempotent: true, retries: 1 }, options, fixed).action).toBe("retry");
    expect(decide(response(429, 10), { idempotent: true, retries: 2 }, options, fixed)).toEqual({
      action: "give-up",
      cause: "throttled",
    });
    expect(decide(network("ECONNRESET"), { idempotent: true, retries: 2 }, options, fixed)).toEqual({
      action: "give-up",
      cause: "network",
    });
  });

  it("gives up rather than retry early when the server asks for more than maxRetryAfterMs", () => {
    const options = { ...defaultRetryPolicy, maxRetryAfterMs: 60_000 };
    expect(scheduleRetry("throttled", 60_000, 0, options, fixed).action).toBe("retry");
    expect(scheduleRetry("throttled", 60_001, 0, options, fixed)).toEqual({ action: "give-up", cause: "throttled" });
  });
});

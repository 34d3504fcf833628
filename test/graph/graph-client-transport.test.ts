/**
 * The Graph client transport with fetch stubbed (the network is the integration tests' business):
 * what reaches fetch, what comes back, and how failures are told apart — in particular that
 * Microsoft's client no longer retries on its own (RetryHandler removed) and keeps Node's error
 * codes visible.
 */
import type { AccessToken, TokenCredential } from "@azure/identity";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createGraphClient } from "../../src/graph/client";
import { AuthenticationError } from "../../src/graph/errors/authentication-error";
import { graphClientTransport } from "../../src/graph/graph-client-transport";
import { ABANDONED_BEFORE_SENDING, networkErrorCode } from "../../src/graph/network-failure";
import type { Transport } from "../../src/graph/transport";

const graphUrl = "https://graph.example.test";

function credential(getToken: () => Promise<AccessToken | null> = async () => ({ token: "tok", expiresOnTimestamp: Date.now() + 3_600_000 })) {
  const spy = vi.fn(getToken);
  return { credential: { getToken: spy } as TokenCredential, getToken: spy };
}

const make = (c: TokenCredential): Transport => graphClientTransport(createGraphClient(c, graphUrl), graphUrl);

const send = (transport: Transport, signal = new AbortController().signal) =>
  transport.send({
    method: "POST",
    path: "/users/u1/contacts",
    body: { givenName: "Alice" },
    headers: { "content-type": "application/json", "client-request-id": "cr-1" },
    signal,
  });

/** Stubs fetch; like the real one, it rejects at once with the reason of an aborted signal. */
function stubFetch(answer: () => Promise<Response>) {
  const fetchSpy = vi.fn(async (_input: unknown, init?: RequestInit) => {
    if (init?.signal?.aborted) throw init.signal.reason;
    return answer();
  });
  vi.stubGlobal("fetch", fetchSpy);
  return fetchSpy;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("graph client transport", () => {
  it("sends method, URL, bearer token, headers and JSON body; returns status, headers and parsed body", async () => {
    const fetchSpy = stubFetch(async () => new Response(JSON.stringify({ id: "c1" }), { status: 201, headers: { "content-type": "application/json", "request-id": "r1" } }));
    const response = await send(make(credential().credential));
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ id: "c1" });
    expect(response.header("Request-Id")).toBe("r1");
    const [input, init] = fetchSpy.mock.calls[0]!;
    const request = new Request(input as string, init);
    expect(request.method).toBe("POST");
    expect(request.url).toBe(`${graphUrl}/v1.0/users/u1/contacts`);
    expect(request.headers.get("authorization")).toBe("Bearer tok");
    expect(request.headers.get("client-request-id")).toBe("cr-1");
    expect(request.headers.get("content-type")).toBe("application/json");
    expect(await request.json()).toEqual({ givenName: "Alice" });
  });

  it("hands back a 429 after one fetch: no retry of its own", async () => {
    const fetchSpy = stubFetch(async () => new Response('{"error":{"code":"TooManyRequests"}}', { status: 429, headers: { "retry-after": "0", "content-type": "application/json" } }));
    const response = await send(make(credential().credential));
    expect(response.status).toBe(429);
    expect(response.body).toEqual({ error: { code: "TooManyRequests" } });
    expect(fetchSpy).toHaveBeenCalledTimes(1);
  });

  it("rejects with Node's error code still readable", async () => {
    stubFetch(async () => {
      throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
    });
    const error = await send(make(credential().credential)).catch((e: unknown) => e);
    expect(networkErrorCode(error)).toBe("ECONNREFUSED");
  });

  it("a credential failure is an AuthenticationError and nothing is fetched", async () => {
    const fetchSpy = stubFetch(async () => new Response(null, { status: 204 }));
    const { credential: failing } = credential(async () => {
      throw new Error("AADSTS7000215: Invalid client secret provided.");
    });
    const error = await send(make(failing)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toContain("AADSTS7000215");
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("a timeout that fired before sending (while signing in) is marked as never sent", async () => {
    stubFetch(async () => new Response(null, { status: 204 }));
    const aborted = AbortSignal.abort(new DOMException("timed out", "TimeoutError"));
    const error = await send(make(credential().credential), aborted).catch((e: unknown) => e);
    expect(networkErrorCode(error)).toBe(ABANDONED_BEFORE_SENDING);
  });

  it("a timeout after sending stays a possibly-sent timeout", async () => {
    const controller = new AbortController();
    stubFetch(async () => {
      controller.abort(new DOMException("timed out", "TimeoutError"));
      throw controller.signal.reason;
    });
    const error = await send(make(credential().credential), controller.signal).catch((e: unknown) => e);
    expect(networkErrorCode(error)).toBe("ETIMEDOUT");
  });
});

import { describe, expect, it } from "vitest";
import { isSoftError } from "../../src/errors/sync-error";
import { GraphHttpError } from "../../src/graph/errors/graph-http-error";
import { NetworkError } from "../../src/graph/errors/network-error";
import { ThrottledError } from "../../src/graph/errors/throttled-error";
import { GraphRequester, type GraphRequest } from "../../src/graph/requester";
import { FakeClock } from "./fake-clock";
import { created, ScriptedTransport, throttled, type Step } from "./scripted-transport";

const createAlice: GraphRequest = {
  mailboxId: "mbx-1",
  method: "POST",
  path: "/users/mbx-1/contactFolders/f1/contacts",
  body: { givenName: "Alice", emailAddresses: [{ address: "alice@contoso.com" }] },
  operation: "create contact",
};
const deleteBob: GraphRequest = {
  mailboxId: "mbx-1",
  method: "DELETE",
  path: "/users/mbx-1/contactFolders/f1/contacts/bob",
  operation: "delete contact",
};

function setup(script: Step[], options: { maxRetries?: number } = {}) {
  const clock = new FakeClock();
  const transport = new ScriptedTransport(clock, script);
  const requester = new GraphRequester({
    transport,
    clock,
    random: () => 0.5,
    retry: options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries },
  });
  const start = clock.now();
  /** When each request was sent, in ms since the start. */
  const times = () => transport.log.map((r) => r.at - start);
  return { clock, transport, requester, times };
}

describe("GraphRequester: retries", () => {
  it.each([
    ["integer seconds", "2", 2_000],
    ["fractional seconds", "2.128", 2_128],
    ["sub-second", "0.249", 249],
    ["HTTP date", "Thu, 01 Jan 2026 00:00:03 GMT", 3_000],
  ])("honours Retry-After (%s) exactly, without jitter", async (_name, retryAfter, waitMs) => {
    const { clock, requester, times } = setup([throttled(retryAfter), created()]);
    const result = await clock.run(requester.request(createAlice));
    expect(result).toMatchObject({ outcome: "done", status: 201, body: { id: "c1" } });
    expect(times()).toEqual([0, waitMs]);
  });

  it("backs off exponentially when 429 names no wait", async () => {
    const { clock, requester, times } = setup([throttled(), throttled(), throttled(), created()]);
    await clock.run(requester.request(createAlice));
    // Equal jitter at random 0.5: 375, 750, 1500 ms (cumulative 375, 1125, 2625).
    expect(times()).toEqual([0, 375, 1_125, 2_625]);
  });

  it.each([
    ["503 with Retry-After, POST", { status: 503, headers: { "Retry-After": "1" } }, createAlice],
    ["503 without Retry-After, DELETE", { status: 503 }, deleteBob],
    ["504, DELETE", { status: 504 }, deleteBob],
    ["connection reset, DELETE", { networkError: "ECONNRESET" }, deleteBob],
    ["connection refused, POST", { networkError: "ECONNREFUSED" }, createAlice],
  ])("retries %s and succeeds", async (_name, failure: Step, request) => {
    const { clock, requester, transport } = setup([failure, { status: 204 }]);
    const result = await clock.run(requester.request(request));
    expect(result).toMatchObject({ outcome: "done", status: 204 });
    expect(transport.log).toHaveLength(2);
    expect(transport.log[1]!.headers["retry-attempt"]).toBe("1");
    expect(transport.log[1]!.headers["client-request-id"]).toBe(transport.log[0]!.headers["client-request-id"]);
  });

  it("gives up after the retry budget with a transient ThrottledError", async () => {
    const { clock, requester, transport } = setup([throttled("1"), throttled("1"), throttled("1")], { maxRetries: 2 });
    const error = await clock.run(requester.request(createAlice)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottledError);
    expect(error).toMatchObject({ status: 429, code: "ApplicationThrottled", retries: 2, retryAfterMs: 1_000 });
    expect(isSoftError(error)).toBe(true);
    expect(transport.log).toHaveLength(3);
  });

  it("gives up on persistent network failures with a transient NetworkError", async () => {
    const reset: Step = { networkError: "ECONNRESET" };
    const { clock, requester } = setup([reset, reset, reset], { maxRetries: 2 });
    const error = await clock.run(requester.request(deleteBob)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: "ECONNRESET", retries: 2, transient: true });
  });
});

describe("GraphRequester: failures that are not retried", () => {
  it.each([
    [400, "ErrorInvalidProperty"],
    [401, "InvalidAuthenticationToken"],
    [403, "ErrorAccessDenied"],
    [404, "ErrorItemNotFound"],
    [409, "ErrorFolderExists"],
    [500, "InternalServerError"],
  ])("%d %s fails after one request with a GraphHttpError", async (status, code) => {
    const body = { error: { code, message: "The requested user 'alice@contoso.com' is invalid." } };
    const { clock, requester, transport } = setup([{ status, headers: { "request-id": "req-1" }, body }]);
    const error = await clock.run(requester.request({ ...createAlice, path: `${createAlice.path}?$filter=x eq 'alice@contoso.com'` })).catch((e: unknown) => e);
    expect(transport.log).toHaveLength(1);
    expect(error).toBeInstanceOf(GraphHttpError);
    expect(error).toMatchObject({ status, code, method: "POST", operation: "create contact", requestId: "req-1", transient: false });
    const message = (error as Error).message;
    expect(message).toBe(
      `create contact failed with status ${status} ${code}: POST https://graph.example.test/v1.0/users/mbx-1/contactFolders/f1/contacts`,
    );
    expect(message).not.toContain("alice");
  });

  it("fails fast on TLS trust errors", async () => {
    const { clock, requester, transport } = setup([{ networkError: "SELF_SIGNED_CERT_IN_CHAIN" }]);
    const error = await clock.run(requester.request(deleteBob)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(transport.log).toHaveLength(1);
  });
});

describe("GraphRequester: a POST whose response was lost", () => {
  it.each([
    ["connection reset after sending", { networkError: "ECONNRESET" }],
    ["timeout", { networkError: "ETIMEDOUT" }],
    ["504 gateway timeout", { status: 504 }],
    ["503 without Retry-After", { status: 503 }],
  ])("%s: reported as unknown and never re-sent", async (_name, lost: Step) => {
    const { clock, requester, transport } = setup([lost, created()]);
    const result = await clock.run(requester.request(createAlice));
    expect(result).toMatchObject({ outcome: "unknown" });
    expect(transport.log).toHaveLength(1);
    expect(requester.stats()).toMatchObject({ retries: 0 });
  });

  it("an idempotent DELETE is simply retried", async () => {
    const { clock, requester, transport } = setup([{ networkError: "ECONNRESET" }, { status: 204 }]);
    const result = await clock.run(requester.request(deleteBob));
    expect(result).toMatchObject({ outcome: "done", status: 204 });
    expect(transport.log).toHaveLength(2);
  });
});

describe("GraphRequester: stats", () => {
  it("counts requests by method, retries and throttled answers", async () => {
    const { clock, requester } = setup([throttled("1"), created(), { status: 503 }, { status: 204 }, { status: 404 }]);
    await clock.run(requester.request(createAlice));
    await clock.run(requester.request(deleteBob));
    await clock.run(requester.request(deleteBob).catch(() => undefined));
    expect(requester.stats()).toEqual({ requestsByMethod: { POST: 2, DELETE: 3 }, retries: 2, throttled: 1 });
  });

  it("sends JSON bodies with a content type and the caller's headers", async () => {
    const { clock, requester, transport } = setup([created()]);
    await clock.run(requester.request({ ...createAlice, headers: { Prefer: "return=minimal" } }));
    expect(transport.log[0]).toMatchObject({
      method: "POST",
      path: createAlice.path,
      body: createAlice.body,
      headers: { "content-type": "application/json", Prefer: "return=minimal" },
    });
  });
});

describe("GraphRequester: pacing", () => {
  it("never sends more than 4 requests at once to one mailbox, pauses it for Retry-After and slows it after 429s", async () => {
    const clock = new FakeClock();
    const latency = 10;
    let inFlight = 0;
    let peak = 0;
    const limits: number[] = [];
    const throttledAt: number[] = [];
    const transport = new ScriptedTransport(
      clock,
      (_req, index) => {
        if (index % 7 !== 6) return created();
        throttledAt.push(clock.now() + latency);
        return throttled("0.5");
      },
      latency,
    );
    const send = transport.send.bind(transport);
    transport.send = async (req) => {
      peak = Math.max(peak, ++inFlight);
      limits.push(requester.pacer.mailboxLimit("mbx-1"));
      try {
        return await send(req);
      } finally {
        inFlight--;
      }
    };
    // Every 429 counted as throttling that persists (the pacer's default waits for two in a row).
    const requester = new GraphRequester({ transport, clock, random: () => 0.5, pacing: { throttledInRow: 1 } });
    const results = await clock.run(Promise.all(Array.from({ length: 60 }, () => requester.request(createAlice))));
    expect(results.every((r) => r.outcome === "done")).toBe(true);
    expect(peak).toBe(4);
    expect(Math.min(...limits)).toBeLessThan(4);
    // No request starts inside a Retry-After window.
    const sends = transport.log.map((r) => r.at);
    for (const t of throttledAt) expect(sends.filter((at) => at > t && at < t + 500)).toEqual([]);
    expect(requester.stats().throttled).toBe(throttledAt.length);
  });

  it.each([
    ["Exchange's own mailbox limit (ApplicationThrottled): only the mailbox slows down", "ApplicationThrottled", 64],
    ["Graph's app-wide limit (TooManyRequests): everything slows down", "TooManyRequests", 48],
  ])("%s", async (_name, code, globalLimit) => {
    const clock = new FakeClock();
    const transport = new ScriptedTransport(clock, [{ status: 429, headers: { "Retry-After": "1" }, body: { error: { code } } }, created()]);
    const requester = new GraphRequester({ transport, clock, pacing: { throttledInRow: 1 } });
    await clock.run(requester.request(createAlice));
    expect(requester.pacer.globalLimit).toBe(globalLimit);
  });

  it("keeps 4 in flight to a mailbox through lone 429s, only the refused request waiting its Retry-After", async () => {
    const clock = new FakeClock();
    const latency = 10;
    const limits: number[] = [];
    const transport = new ScriptedTransport(clock, (_req, index) => (index % 7 === 6 ? throttled("0.5") : created()), latency);
    const send = transport.send.bind(transport);
    transport.send = async (req) => {
      limits.push(requester.pacer.mailboxLimit("mbx-1"));
      return send(req);
    };
    const requester = new GraphRequester({ transport, clock, random: () => 0.5 });
    const start = clock.now();
    const results = await clock.run(Promise.all(Array.from({ length: 60 }, () => requester.request(createAlice))));
    expect(results.every((r) => r.outcome === "done")).toBe(true);
    expect(requester.stats().throttled).toBeGreaterThan(5);
    expect(Math.min(...limits)).toBe(4);
    // 60 creates at 4 in flight and 10 ms each take 150 ms; a refused one adds its own 500 ms wait
    // (twice when its retry is refused too), not a pause of the mailbox each (which took 5,040 ms).
    expect(clock.now() - start).toBeLessThan(1_500);
  });
});


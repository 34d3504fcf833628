/**
 * The requester against the embedded tenant over real HTTPS, signed in with the real
 * ClientSecretCredential chosen from the environment, through Microsoft's Graph client — exactly
 * cync's production wiring (credentials.ts → client.ts → graph-client-transport.ts → requester.ts).
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { graphScope } from "../../src/graph/client";
import { credentialFromEnv } from "../../src/graph/credentials";
import { AuthenticationError } from "../../src/graph/errors/authentication-error";
import { NetworkError } from "../../src/graph/errors/network-error";
import type { GraphRequester } from "../../src/graph/requester";
import { simulatorEnv } from "@cync/simulator";
import { type TestSimulator, withSimulator } from "@cync/simulator/testing";
import { contactBody, mailboxUsers, requesterFor, type Exchange } from "./simulator-session";

async function contactsIn(requester: GraphRequester, mailbox: string): Promise<Record<string, unknown>[]> {
  const result = await requester.request({ mailboxId: mailbox, method: "GET", path: `/users/${mailbox}/contacts?$top=1000` });
  if (result.outcome !== "done") throw new Error("a GET is idempotent: it is retried, never unknown");
  return (result.body as { value: Record<string, unknown>[] }).value;
}

interface SimStats {
  readonly throttled: number;
  readonly peakConcurrency: Record<string, number>;
  readonly requests: { readonly byMethod: Record<string, number>; readonly byStatus: Record<string, number> };
}

/** Most exchanges with one mailbox in flight at once, from the client's log. */
function clientPeak(log: readonly Exchange[], mailbox: string): number {
  const edges = log
    .filter((e) => e.mailbox === mailbox)
    .flatMap((e) => [
      { at: e.start, delta: 1 },
      { at: e.end, delta: -1 },
    ])
    .sort((a, b) => a.at - b.at || a.delta - b.delta);
  let running = 0;
  let peak = 0;
  for (const edge of edges) peak = Math.max(peak, (running += edge.delta));
  return peak;
}

async function simStats(sim: TestSimulator): Promise<SimStats> {
  return (await sim.control("GET", "/stats")).body as SimStats;
}

describe("sign-in from the environment", () => {
  const sim = withSimulator({ users: 5 });

  it("a client secret gets a token for {CYNC_GRAPH_URL}/.default", async () => {
    const { plan, credential } = credentialFromEnv(simulatorEnv(sim));
    expect(plan.kind).toBe("client-secret");
    expect((await credential.getToken(graphScope(sim.graphUrl)))?.token).toMatch(/^ey/);
  });

  it("a federated token file (a GitHub OIDC token written to disk) gets a token", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "cync-oidc-")), "token");
    await writeFile(file, await sim.handle.mintAssertion(sim.apps.applier.federatedSubject));
    const { AZURE_CLIENT_SECRET: _secret, ...env } = simulatorEnv(sim);
    const { plan, credential } = credentialFromEnv({ ...env, AZURE_FEDERATED_TOKEN_FILE: file });
    expect(plan.kind).toBe("federated-token-file");
    expect((await credential.getToken(graphScope(sim.graphUrl)))?.token).toMatch(/^ey/);
  });

  it("a wrong secret: AuthenticationError with Entra's code, the secret nowhere, no retry", async () => {
    const mailbox = mailboxUsers(sim, 1)[0]!;
    const { requester } = requesterFor(sim, {}, { AZURE_CLIENT_SECRET: "wrong-secret-value" });
    const error = await requester
      .request({ mailboxId: mailbox, method: "POST", path: `/users/${mailbox}/contacts`, body: contactBody(0), operation: "create contact" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(/AADSTS7000215/);
    expect((error as Error).message).not.toContain("wrong-secret-value");
    expect(requester.stats()).toEqual({ requestsByMethod: { POST: 1 }, retries: 0, throttled: 0 });
  });
});

describe("heavy throttling", () => {
  // One request in three is refused with 429 and a Retry-After of 1 simulated second (50 ms real).
  // 40 ms of latency keeps a mailbox's first requests overlapping inside the tenant even when a
  // loaded machine delays their dispatch by a few milliseconds each (the peak > 1 check below).
  const sim = withSimulator({ users: 12, timeScale: 20, latencyMs: 40, throttle: { randomThrottleRate: 0.35, randomRetryAfterSeconds: 1, seed: 7 } });

  it("completes every create exactly once, honours every Retry-After, never exceeds 4 per mailbox", async () => {
    const mailboxes = mailboxUsers(sim, 3);
    const perMailbox = 24;
    await sim.control("POST", "/stats/reset");
    // Every 429 counted as throttling that persists, which pauses the whole mailbox (the pacer's
    // default waits for two in a row: a lone 429 holds only the refused request, pacer.ts).
    const { requester, log } = requesterFor(sim, { pacing: { throttledInRow: 1 } });
    const results = await Promise.all(
      mailboxes.flatMap((mailbox) =>
        Array.from({ length: perMailbox }, (_, n) =>
          requester.request({ mailboxId: mailbox, method: "POST", path: `/users/${mailbox}/contacts`, body: contactBody(n), operation: "create contact" }),
        ),
      ),
    );
    expect(results.map((r) => r.outcome)).toEqual(Array(mailboxes.length * perMailbox).fill("done"));

    // Every Retry-After honoured: after a 429 arrives, nothing is sent to that mailbox until it has passed.
    const throttled = log.filter((e) => e.status === 429);
    expect(throttled.length).toBeGreaterThan(5);
    for (const e of throttled) {
      expect(e.retryAfterMs).toBe(50);
      const early = log.filter((f) => f.mailbox === e.mailbox && f.start >= e.end && f.start < e.end + e.retryAfterMs! - 1);
      expect(early).toEqual([]);
    }

    // The simulator's own count (latency is spent inside its concurrency slot) and the client's.
    const stats = await simStats(sim);
    for (const mailbox of mailboxes) {
      expect(stats.peakConcurrency[mailbox] ?? 0).toBeGreaterThan(1);
      expect(stats.peakConcurrency[mailbox] ?? 0).toBeLessThanOrEqual(4);
    }
    expect(mailboxes.map((m) => clientPeak(log, m))).toEqual([4, 4, 4]);
    expect(stats.throttled).toBe(throttled.length);
    expect(requester.stats()).toMatchObject({ throttled: throttled.length, retries: throttled.length });

    for (const mailbox of mailboxes) {
      const names = (await contactsIn(requester, mailbox)).map((c) => c.surname).sort();
      expect(names).toEqual(Array.from({ length: perMailbox }, (_, n) => `Person ${n}`).sort());
    }
  });
});

describe("service faults", () => {
  const sim = withSimulator({
    users: 6,
    timeScale: 20,
    faults: { rates: { "503": 0.15, "504": 0.15, "503-retry-after": 0.1 }, methods: ["PATCH", "DELETE"], retryAfterSeconds: 1, seed: 3 },
  });

  it("503 and 504 on idempotent writes are retried until they succeed", async () => {
    const mailbox = mailboxUsers(sim, 1)[0]!;
    const { requester, log } = requesterFor(sim, { retry: { maxRetries: 10, backoff: { baseMs: 10, maxMs: 100 } } });
    const ids: string[] = [];
    for (let n = 0; n < 12; n++) {
      const created = await requester.request({ mailboxId: mailbox, method: "POST", path: `/users/${mailbox}/contacts`, body: contactBody(n) });
      ids.push((created as { body: { id: string } }).body.id);
    }
    await Promise.all(
      ids.map((id, n) =>
        requester.request({ mailboxId: mailbox, method: "PATCH", path: `/users/${mailbox}/contacts/${id}`, body: { jobTitle: `Title ${n}` } }),
      ),
    );
    await Promise.all(ids.slice(0, 6).map((id) => requester.request({ mailboxId: mailbox, method: "DELETE", path: `/users/${mailbox}/contacts/${id}` })));

    expect(log.filter((e) => e.status === 503 || e.status === 504).length).toBeGreaterThan(3);
    const left = await contactsIn(requester, mailbox);
    expect(left.map((c) => c.id).sort()).toEqual(ids.slice(6).sort());
    expect(left.map((c) => c.jobTitle).sort()).toEqual(Array.from({ length: 6 }, (_, i) => `Title ${i + 6}`).sort());
  });
});

describe("a create whose response is lost", () => {
  const sim = withSimulator({ users: 6, faults: { rates: { "drop-after": 1 }, methods: ["POST"] } });

  it("is reported unknown and not sent again: exactly one contact exists", async () => {
    const mailbox = mailboxUsers(sim, 1)[0]!;
    const { requester, log } = requesterFor(sim);
    const result = await requester.request({ mailboxId: mailbox, method: "POST", path: `/users/${mailbox}/contacts`, body: contactBody(1), operation: "create contact" });
    expect(result).toEqual({ outcome: "unknown", cause: "network" });
    expect(log.filter((e) => e.method === "POST")).toHaveLength(1);
    expect((await contactsIn(requester, mailbox)).map((c) => c.surname)).toEqual(["Person 1"]);
  });
});

describe("a request that outlives the requester's timeout", () => {
  const sim = withSimulator({ users: 6, latencyMs: 300 });

  it("a create is reported unknown (the server committed it after the client gave up)", async () => {
    const mailbox = mailboxUsers(sim, 1)[0]!;
    const { requester } = requesterFor(sim, { timeoutMs: 100 });
    const result = await requester.request({ mailboxId: mailbox, method: "POST", path: `/users/${mailbox}/contacts`, body: contactBody(3) });
    expect(result).toEqual({ outcome: "unknown", cause: "network" });
    const { requester: patient } = requesterFor(sim);
    expect((await contactsIn(patient, mailbox)).map((c) => c.surname)).toEqual(["Person 3"]);
  });

  it("a read is retried, then fails with a transient NetworkError", async () => {
    const mailbox = mailboxUsers(sim, 2)[1]!;
    const { requester, log } = requesterFor(sim, { timeoutMs: 100, retry: { maxRetries: 1, backoff: { baseMs: 10, maxMs: 10 } } });
    const error = await contactsIn(requester, mailbox).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: "ETIMEDOUT", retries: 1, transient: true });
    expect(log).toHaveLength(2);
  });
});

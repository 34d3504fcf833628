/**
 * The applier under the embedded tenant's faults (docs/architecture.md#no-duplicates):
 * - commit-then-drop: creates (and folder creates) are committed and their responses lost; no
 *   contact may be duplicated, and every lost create is resolved by re-reading, not re-sending;
 * - heavy throttling: a third of all requests answered 429 with a Retry-After; the run completes,
 *   every retry waits at least what the 429 asked for (checked at the transport, per
 *   client-request-id), and no mailbox ever sees more than Exchange's 4 concurrent requests.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeApply } from "../../src/apply/execute";
import { tenantIdentity } from "../../src/engine/digest";
import { CONCURRENCY } from "../../src/graph/limits";
import { defaultSteps } from "../../src/engine/steps-default";
import { createGraphClient } from "../../src/graph/client";
import { graphClientTransport } from "../../src/graph/graph-client-transport";
import type { Transport } from "../../src/graph/transport";
import { GraphRequester } from "../../src/graph/requester";
import { directoryGraphOver, mailboxGraphOver } from "../../src/mailbox/requester-graph";
import { loadPolicies } from "../../src/policy/load";
import { openStateStore } from "../../src/state";
import { withApplyTenant } from "./harness";

describe("commit-then-drop on creates", () => {
  const t = withApplyTenant({ users: 40, mailboxes: 6, seed: 3, faults: { rates: { "drop-after": 0.15 }, methods: ["POST"], seed: 5 } });

  it("creates every contact exactly once, resolving lost responses by re-reading", async () => {
    const run = await t.apply();
    expect(run.code, run.stderr).toBe(0);
    expect(run.json.recovered).toBeGreaterThan(0);
    expect(run.json.summary.create).toBe(run.json.planned.create);
    const stats = (await t.control("GET", "/stats")).body as { requests: { byMethod: { POST: number } } };
    // Nothing was sent twice: one POST per contact and one per folder (a lost folder create is looked up, not re-sent).
    expect(stats.requests.byMethod.POST).toBe(run.json.planned.create + run.json.planned.mailboxes);
    const tenant = (await t.control("GET", "/tenant")).body as { users: { id: string; mailbox: string | null }[] };
    let mailboxesWithContacts = 0;
    for (const u of tenant.users.filter((x) => x.mailbox === "user")) {
      const owned = await t.owned(u.id);
      if (owned.size > 0) mailboxesWithContacts++;
      for (const [source, contacts] of owned) expect(contacts, `${source} in ${u.id}`).toHaveLength(1);
    }
    expect(mailboxesWithContacts).toBe(run.json.planned.mailboxes);
    const again = await t.apply();
    expect(again.json.planned).toEqual({ create: 0, update: 0, delete: 0, mailboxes: 0 });
  });
});

interface Attempt {
  readonly id: string;
  readonly sentAt: number;
  answeredAt?: number;
  status?: number;
  retryAfterMs?: number;
}

/**
 * A transport that records every attempt's timing and any Retry-After it was answered with, and
 * the most requests it ever had in flight to one mailbox (`/users/{id}/…`) — cync's side of the wire.
 */
function recording(inner: Transport, log: Attempt[], peaks: Map<string, number>): Transport {
  const inFlight = new Map<string, number>();
  return {
    baseUrl: inner.baseUrl,
    async send(request) {
      const attempt: Attempt = { id: request.headers["client-request-id"] ?? "", sentAt: performance.now() };
      log.push(attempt);
      const mailbox = /^\/users\/([^/?]+)\//.exec(request.path)?.[1];
      if (mailbox !== undefined) {
        const now = (inFlight.get(mailbox) ?? 0) + 1;
        inFlight.set(mailbox, now);
        peaks.set(mailbox, Math.max(peaks.get(mailbox) ?? 0, now));
      }
      const response = await inner.send(request).finally(() => {
        if (mailbox !== undefined) inFlight.set(mailbox, inFlight.get(mailbox)! - 1);
      });
      attempt.answeredAt = performance.now();
      attempt.status = response.status;
      const ra = response.header("retry-after");
      if (ra !== null) attempt.retryAfterMs = Number(ra) * 1000;
      return response;
    },
  };
}

describe("heavy throttling", () => {
  // Retry-After: 1 simulated second = 50 ms real at time scale 20.
  const t = withApplyTenant({ users: 40, mailboxes: 6, seed: 9, timeScale: 20, latencyMs: 5, throttle: { randomThrottleRate: 0.3, randomRetryAfterSeconds: 1, seed: 4 } });
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), "cync-e2e-throttle-"));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it("completes, honouring every Retry-After, never above 4 concurrent requests per mailbox", async () => {
    const log: Attempt[] = [];
    const peaks = new Map<string, number>();
    const { credential, graphUrl, tenantId } = { credential: t.sim.credential("applier"), graphUrl: t.sim.graphUrl, tenantId: t.sim.tenantId };
    const requester = new GraphRequester({ transport: recording(graphClientTransport(createGraphClient(credential, graphUrl), graphUrl), log, peaks) });
    const state = openStateStore({ dir: path.join(work, "state"), tenantId, graphUrl });
    const mailboxGraph = mailboxGraphOver(requester);
    const session = {
      requester,
      state,
      tenant: tenantIdentity(tenantId, graphUrl),
      steps: defaultSteps({ directoryGraph: directoryGraphOver(requester), mailboxGraph, state }),
      io: { graph: mailboxGraph, state, concurrency: CONCURRENCY.mailboxes },
    };
    const { policies } = await loadPolicies([t.policiesDir]);
    const outcome = await executeApply({ policies, session, concurrency: 16 });
    if (outcome.kind !== "applied") throw new Error("refused");
    const report = outcome.report;
    expect(report.failures).toEqual([]);
    expect(report.summary.create).toBe(report.planned.create);
    // About a third of all requests were refused at least once.
    expect(report.throttled).toBeGreaterThan(report.requests.total * 0.2);

    const byId = new Map<string, Attempt[]>();
    for (const a of log) byId.set(a.id, [...(byId.get(a.id) ?? []), a]);
    let honoured = 0;
    for (const attempts of byId.values()) {
      for (let i = 0; i + 1 < attempts.length; i++) {
        const [a, next] = [attempts[i]!, attempts[i + 1]!];
        if (a.status !== 429 || a.retryAfterMs === undefined) continue;
        // 1 ms for timer and clock granularity.
        expect(next.sentAt - a.answeredAt!).toBeGreaterThanOrEqual(a.retryAfterMs - 1);
        honoured++;
      }
    }
    expect(honoured).toBe(log.filter((a) => a.status === 429).length);

    // Exchange's limit, on both sides of the wire: what cync sent (in parallel, never more than 4 —
    // fewer once throttling halves a mailbox's allowance), and what the tenant saw.
    const peak = Math.max(...peaks.values());
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(4);
    const stats = (await t.control("GET", "/stats")).body as { peakConcurrency: Record<string, number> };
    const tenantPeak = Math.max(...Object.values(stats.peakConcurrency));
    expect(tenantPeak).toBeGreaterThan(1);
    expect(tenantPeak).toBeLessThanOrEqual(4);
  });
});

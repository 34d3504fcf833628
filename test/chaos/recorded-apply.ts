/**
 * An apply wired as `cync apply` wires it (src/engine/session.ts) but over a transport that counts
 * the writes cync has in flight to each mailbox, over time, and how long the writing took: the pace
 * scenario's measure of whether throttling pinned mailboxes at one request. Reads (planning, the
 * fresh read before a mailbox's writes) are left out: they run one at a time by design.
 */
import * as path from "node:path";
import type { SimulatorHandle } from "@cync/simulator";
import { executeApply } from "../../src/apply/execute";
import type { ApplyReport } from "../../src/apply/report";
import { tenantIdentity } from "../../src/engine/digest";
import { defaultSteps } from "../../src/engine/steps-default";
import { createGraphClient } from "../../src/graph/client";
import { credentialFromEnv } from "../../src/graph/credentials";
import { graphClientTransport } from "../../src/graph/graph-client-transport";
import { GraphRequester } from "../../src/graph/requester";
import type { Transport } from "../../src/graph/transport";
import { directoryGraphOver, mailboxGraphOver } from "../../src/mailbox/requester-graph";
import { loadPolicies } from "../../src/policy/load";
import { openStateStore } from "../../src/state";

export interface RecordedApply {
  readonly report: ApplyReport;
  /** Per mailbox: writes in flight averaged over the time it had any (its busy time). */
  readonly inFlight: readonly number[];
  /** From the first write sent to the last write answered, in ms. */
  readonly writingMs: number;
}

interface Lane {
  now: number;
  since: number;
  /** ∫ in-flight dt and the time in-flight was > 0, in ms. */
  area: number;
  busy: number;
}

function counting(inner: Transport, lanes: Map<string, Lane>, span: { first: number; last: number }): Transport {
  const step = (lane: Lane, delta: number): void => {
    const t = performance.now();
    if (lane.now > 0) {
      lane.area += lane.now * (t - lane.since);
      lane.busy += t - lane.since;
    }
    lane.now += delta;
    lane.since = t;
  };
  return {
    baseUrl: inner.baseUrl,
    async send(request) {
      const mailbox = /^\/users\/([^/?]+)\//.exec(request.path)?.[1];
      if (mailbox === undefined || request.method === "GET") return inner.send(request);
      span.first = Math.min(span.first, performance.now());
      let lane = lanes.get(mailbox);
      if (lane === undefined) lanes.set(mailbox, (lane = { now: 0, since: 0, area: 0, busy: 0 }));
      step(lane, +1);
      try {
        return await inner.send(request);
      } finally {
        step(lane, -1);
        span.last = performance.now();
      }
    },
  };
}

export async function recordedApply(handle: SimulatorHandle, env: Record<string, string>, policiesDir: string, stateDir: string, concurrency: number): Promise<RecordedApply> {
  const lanes = new Map<string, Lane>();
  const span = { first: Number.POSITIVE_INFINITY, last: 0 };
  const graphUrl = handle.graphUrl;
  const { credential } = credentialFromEnv(env);
  const requester = new GraphRequester({ transport: counting(graphClientTransport(createGraphClient(credential, graphUrl), graphUrl), lanes, span) });
  const state = openStateStore({ dir: path.resolve(stateDir), tenantId: handle.tenantId, graphUrl });
  const mailboxGraph = mailboxGraphOver(requester);
  const session = {
    requester,
    state,
    tenant: tenantIdentity(handle.tenantId, graphUrl),
    steps: defaultSteps({ directoryGraph: directoryGraphOver(requester), mailboxGraph, state }),
    io: { graph: mailboxGraph, state, concurrency },
  };
  const { policies } = await loadPolicies([policiesDir]);
  const outcome = await executeApply({ policies, session, concurrency });
  if (outcome.kind !== "applied") throw new Error(`apply refused: ${JSON.stringify(outcome)}`);
  return { report: outcome.report, inFlight: [...lanes.values()].filter((l) => l.busy > 0).map((l) => l.area / l.busy), writingMs: span.last - span.first };
}

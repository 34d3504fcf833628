import { createGraphClient, graphUrlFromEnv } from "../../src/graph/client";
import { credentialFromEnv } from "../../src/graph/credentials";
import { graphClientTransport } from "../../src/graph/graph-client-transport";
import { parseRetryAfter } from "../../src/graph/retry-after";
import type { Transport } from "../../src/graph/transport";
import { GraphRequester, type RequesterOptions } from "../../src/graph/requester";
import { simulatorEnv } from "@cync/simulator";
import type { TestSimulator } from "@cync/simulator/testing";


export interface Exchange {
  readonly mailbox: string | undefined;
  readonly method: string;
  /** performance.now() when the request was handed to the transport, and when its answer came. */
  readonly start: number;
  readonly end: number;
  readonly status: number | "network-error";
  readonly retryAfterMs: number | undefined;
}

/** Wraps a transport to log every exchange, for asserting on timing after the fact. */
function recording(inner: Transport): { transport: Transport; log: Exchange[] } {
  const log: Exchange[] = [];
  const transport: Transport = {
    baseUrl: inner.baseUrl,
    async send(req) {
      const mailbox = /^\/users\/([^/?]+)/.exec(req.path)?.[1];
      const start = performance.now();
      try {
        const res = await inner.send(req);
        log.push({ mailbox, method: req.method, start, end: performance.now(), status: res.status, retryAfterMs: parseRetryAfter(res.header("retry-after"), Date.now()) });
        return res;
      } catch (err) {
        log.push({ mailbox, method: req.method, start, end: performance.now(), status: "network-error", retryAfterMs: undefined });
        throw err;
      }
    },
  };
  return { transport, log };
}

/** A requester wired exactly as cync wires it: environment → credential → Graph client → requester. */
export function requesterFor(
  sim: TestSimulator,
  options: Omit<RequesterOptions, "transport"> = {},
  envOverrides: Record<string, string> = {},
): { requester: GraphRequester; log: Exchange[] } {
  const env = { ...simulatorEnv(sim), ...envOverrides };
  const graphUrl = graphUrlFromEnv(env);
  const { credential } = credentialFromEnv(env);
  const { transport, log } = recording(graphClientTransport(createGraphClient(credential, graphUrl), graphUrl));
  return { requester: new GraphRequester({ ...options, transport }), log };
}

/** Ids of users that have a user mailbox, in a stable order. */
export function mailboxUsers(sim: TestSimulator, count: number): string[] {
  const { directory } = sim.handle;
  const ids = directory.userIds.filter((id) => directory.liveUser(id) && directory.resolveUser(id)?.mailboxKind === "user");
  if (ids.length < count) throw new Error(`the simulator has ${ids.length} user mailboxes, the test needs ${count}`);
  return ids.slice(0, count);
}

export function contactBody(n: number): Record<string, unknown> {
  return {
    givenName: "Test",
    surname: `Person ${n}`,
    displayName: `Test Person ${n}`,
    extensions: [{ "@odata.type": "microsoft.graph.openTypeExtension", extensionName: "io.cync.test", n }],
  };
}

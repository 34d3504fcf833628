/**
 * Requester benchmarks (`npm run bench:writer`). Figures go to stdout as JSON lines.
 *
 * 1. client overhead: the requester over Microsoft's Graph client (client.ts, middleware chain
 *    without RetryHandler), with fetch itself stubbed to answer at once — the client-side cost of
 *    one request on the hot write path, with no network noise.
 * 2. creates: creates into many mailboxes of the embedded tenant (real HTTPS, real tokens,
 *    Exchange's limits on, transport latency per HTTP request), one request each, 4 at a time per
 *    mailbox, at two global concurrency ceilings. (`$batch` was measured against this and not
 *    adopted: docs/architecture.md#performance-model.)
 *
 * Environment: BENCH_REQUESTS (part 1, default 20000), BENCH_MAILBOXES (40), BENCH_PER_MAILBOX (50),
 * BENCH_LATENCY_MS (30: a round trip to Graph is tens of ms or more).
 */
import type { AccessToken, TokenCredential } from "@azure/identity";
import { createGraphClient, graphUrlFromEnv } from "../src/graph/client";
import { credentialFromEnv } from "../src/graph/credentials";
import { graphClientTransport } from "../src/graph/graph-client-transport";
import { GraphRequester } from "../src/graph/requester";
import { simulatorEnv, startSimulator, type SimulatorHandle } from "@cync/simulator";
import { BENCH_CA_DIR } from "./ca";


const staticCredential: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({ token: "bench-token", expiresOnTimestamp: Date.now() + 3_600_000 }),
};

function contact(n: number): Record<string, unknown> {
  return {
    givenName: "Bench",
    surname: `Person ${n}`,
    displayName: `Bench Person ${n}`,
    businessPhones: ["+1 425 555 0100"],
    extensions: [{ "@odata.type": "microsoft.graph.openTypeExtension", extensionName: "io.cync.owner", policy: "bench", hash: `h${n}` }],
  };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Requester + transport time per create, in µs, with fetch answering at once. */
async function clientOverhead(requests: number): Promise<number> {
  const graphUrl = "https://graph.microsoft.com";
  const transport = graphClientTransport(createGraphClient(staticCredential, graphUrl), graphUrl);
  const requester = new GraphRequester({ transport, pacing: { maxConcurrency: 64 } });
  const ms = await timed(() =>
    Promise.all(
      Array.from({ length: requests }, (_, i) =>
        requester.request({ mailboxId: `m${i % 64}`, method: "POST", path: `/users/m${i % 64}/contactFolders/f/contacts`, body: contact(i) }),
      ),
    ),
  );
  return (ms * 1000) / requests;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function partOne(): Promise<void> {
  const requests = Number(process.env.BENCH_REQUESTS ?? 20_000);
  const realFetch = globalThis.fetch;
  globalThis.fetch = async () =>
    new Response(JSON.stringify({ id: "c", givenName: "Bench" }), { status: 201, headers: { "content-type": "application/json" } });
  try {
    const us: number[] = [];
    // Round 0 warms up.
    for (let round = 0; round < 6; round++) {
      const sample = await clientOverhead(requests);
      if (round > 0) us.push(sample);
    }
    console.log(JSON.stringify({ bench: "client-overhead", transport: "graph-client", requests, rounds: us.length, medianUsPerRequest: Math.round(median(us)), minUsPerRequest: Math.round(Math.min(...us)) }));
  } finally {
    globalThis.fetch = realFetch;
  }
}

async function loadMailboxes(
  sim: SimulatorHandle,
  maxConcurrency: number,
  mailboxes: string[],
  perMailbox: number,
  pass: number,
): Promise<void> {
  const env = simulatorEnv(sim, "applier");
  const graphUrl = graphUrlFromEnv(env);
  const transport = graphClientTransport(createGraphClient(credentialFromEnv(env).credential, graphUrl), graphUrl);
  const requester = new GraphRequester({ transport, pacing: { maxConcurrency } });
  await requester.request({ mailboxId: undefined, method: "GET", path: "/users?$top=1" }); // token, connection
  await fetch(`${sim.controlUrl}/stats/reset`, { method: "POST" });
  const items = mailboxes.flatMap((mailboxId) =>
    Array.from({ length: perMailbox }, (_, n) => ({
      mailboxId,
      method: "POST" as const,
      path: `/users/${mailboxId}/contacts`,
      body: contact(n),
    })),
  );
  let failed = 0;
  const ms = await timed(async () => {
    const results = await Promise.allSettled(items.map((item) => requester.request(item)));
    failed = results.filter((r) => r.status === "rejected" || r.value.outcome !== "done").length;
  });
  const sim429 = ((await (await fetch(`${sim.controlUrl}/stats`)).json()) as { throttled: number }).throttled;
  const stats = requester.stats();
  console.log(
    JSON.stringify({
      bench: "creates",
      pass,
      maxConcurrency,
      mailboxes: mailboxes.length,
      creates: items.length,
      failed,
      ms: Math.round(ms),
      createsPerSecond: Math.round((items.length * 1000) / ms),
      httpRequests: stats.requestsByMethod,
      throttled: stats.throttled,
      simulatorThrottled: sim429,
      retries: stats.retries,
    }),
  );
}

async function partTwo(): Promise<void> {
  const mailboxCount = Number(process.env.BENCH_MAILBOXES ?? 40);
  const perMailbox = Number(process.env.BENCH_PER_MAILBOX ?? 50);
  const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 30);
  const sim = await startSimulator({ caDir: BENCH_CA_DIR, users: mailboxCount * 2, mailboxes: mailboxCount, latencyMs });
  try {
    const mailboxes = sim.directory.userIds.filter((id) => sim.directory.liveUser(id) && sim.directory.resolveUser(id)?.mailboxKind === "user").slice(0, mailboxCount);
    // The first pass opens the connections and warms the JIT; the second is the one to read.
    for (const pass of [1, 2]) {
      for (const maxConcurrency of [64, 256]) {
        await loadMailboxes(sim, maxConcurrency, mailboxes, perMailbox, pass);
      }
    }
  } finally {
    await sim.close();
  }
}

async function main(): Promise<void> {
  await partOne();
  await partTwo();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

/**
 * Writer benchmarks (`npm run bench:writer`). Figures go to stdout as JSON lines.
 *
 * 1. transport overhead: the same writer over Microsoft's Graph client (client.ts, middleware chain
 *    without RetryHandler) and over bare fetch, with fetch itself stubbed to answer at once — the
 *    difference is the client's own per-request cost on the hot write path, with no network noise.
 * 2. single vs $batch: creates into many mailboxes of the embedded tenant (real HTTPS, real tokens,
 *    Exchange's limits on, transport latency per HTTP request), sent as single requests (4 at a
 *    time per mailbox) or as `$batch` envelopes (≤ 20 items, ≤ 4 per mailbox), at two global
 *    concurrency ceilings.
 *
 * Environment: BENCH_REQUESTS (part 1, default 20000), BENCH_MAILBOXES (40), BENCH_PER_MAILBOX (50),
 * BENCH_LATENCY_MS (30: a round trip to Graph is tens of ms or more).
 */
import type { AccessToken, TokenCredential } from "@azure/identity";
import { createGraphClient, graphUrlFromEnv } from "../src/graph/client";
import { credentialFromEnv } from "../src/graph/credentials";
import { fetchTransport } from "../src/graph/fetch-transport";
import { graphClientTransport } from "../src/graph/graph-client-transport";
import type { Transport } from "../src/graph/transport";
import { GraphWriter } from "../src/graph/writer";
import { simulatorEnv, type SimulatorHandle, startSimulator } from "@cync/simulator";
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

/** Writer + transport time per create, in µs, with fetch answering at once. */
async function transportOverhead(transport: Transport, requests: number): Promise<number> {
  const writer = new GraphWriter({ transport, pacing: { maxConcurrency: 64 } });
  const ms = await timed(() =>
    Promise.all(
      Array.from({ length: requests }, (_, i) =>
        writer.request({ mailboxId: `m${i % 64}`, method: "POST", path: `/users/m${i % 64}/contactFolders/f/contacts`, body: contact(i) }),
      ),
    ),
  );
  return (ms * 1000) / requests;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function partOne(): Promise<void> {
  const requests = Number(process.env.BENCH_REQUESTS ?? 20_000);
  const graphUrl = "https://graph.microsoft.com";
  const transports: Record<string, Transport> = {
    "graph-client": graphClientTransport(createGraphClient(staticCredential, graphUrl), graphUrl),
    fetch: fetchTransport(staticCredential, graphUrl),
  };
  const realFetch = globalThis.fetch;
  globalThis.fetch = async () =>
    new Response(JSON.stringify({ id: "c", givenName: "Bench" }), { status: 201, headers: { "content-type": "application/json" } });
  try {
    const samples: Record<string, number[]> = { "graph-client": [], fetch: [] };
    // Alternate the two, round after round, so machine load hits both alike; round 0 warms up.
    for (let round = 0; round < 6; round++) {
      for (const [name, transport] of Object.entries(transports)) {
        const us = await transportOverhead(transport, requests);
        if (round > 0) samples[name]!.push(us);
      }
    }
    for (const [name, us] of Object.entries(samples)) {
      console.log(JSON.stringify({ bench: "transport-overhead", transport: name, requests, rounds: us.length, medianUsPerRequest: Math.round(median(us)), minUsPerRequest: Math.round(Math.min(...us)) }));
    }
  } finally {
    globalThis.fetch = realFetch;
  }
}

type Mode = "single" | "batch";

async function loadMailboxes(
  sim: SimulatorHandle,
  mode: Mode,
  maxConcurrency: number,
  mailboxes: string[],
  perMailbox: number,
  pass: number,
): Promise<void> {
  const env = simulatorEnv(sim, "applier");
  const graphUrl = graphUrlFromEnv(env);
  const transport = graphClientTransport(createGraphClient(credentialFromEnv(env).credential, graphUrl), graphUrl);
  const writer = new GraphWriter({ transport, pacing: { maxConcurrency } });
  await writer.request({ mailboxId: undefined, method: "GET", path: "/users?$top=1" }); // token, connection
  await fetch(`${sim.controlUrl}/stats/reset`, { method: "POST" });
  const items = mailboxes.flatMap((mailboxId) =>
    Array.from({ length: perMailbox }, (_, n) => ({
      id: `${mailboxId}:${n}`,
      mailboxId,
      method: "POST" as const,
      path: `/users/${mailboxId}/contacts`,
      body: contact(n),
    })),
  );
  let failed = 0;
  const ms = await timed(async () => {
    if (mode === "batch") {
      for (const result of (await writer.batch(items)).values()) if (result.outcome !== "done") failed++;
    } else {
      const results = await Promise.allSettled(items.map((item) => writer.request(item)));
      failed = results.filter((r) => r.status === "rejected" || r.value.outcome !== "done").length;
    }
  });
  const sim429 = ((await (await fetch(`${sim.controlUrl}/stats`)).json()) as { throttled: number }).throttled;
  const stats = writer.stats();
  console.log(
    JSON.stringify({
      bench: "single-vs-batch",
      pass,
      mode,
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
        for (const mode of ["single", "batch"] as const) await loadMailboxes(sim, mode, maxConcurrency, mailboxes, perMailbox, pass);
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

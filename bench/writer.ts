/**
 * Writer benchmarks (`npm run bench:writer`). Figures go to stdout as JSON lines.
 *
 * 1. transport overhead: the same writer over Microsoft's Graph client (client.ts, middleware chain
 *    without RetryHandler) and over bare fetch, with fetch itself stubbed to answer at once — the
 *    difference is the client's own per-request cost on the hot write path, with no network noise.
 */
import type { AccessToken, TokenCredential } from "@azure/identity";
import { createGraphClient } from "../src/graph/client";
import { fetchTransport } from "../src/graph/fetch-transport";
import { graphClientTransport } from "../src/graph/graph-client-transport";
import type { Transport } from "../src/graph/transport";
import { GraphWriter } from "../src/graph/writer";

const graphUrl = "https://graph.microsoft.com";

const staticCredential: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({ token: "bench-token", expiresOnTimestamp: Date.now() + 3_600_000 }),
};

async function transportOverhead(name: string, transport: Transport, requests: number): Promise<void> {
  const writer = new GraphWriter({ transport, pacing: { maxConcurrency: 64 } });
  const mailboxes = 64;
  const run = async (count: number) => {
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        writer.request({
          mailboxId: `m${i % mailboxes}`,
          method: "POST",
          path: `/users/m${i % mailboxes}/contactFolders/f/contacts`,
          body: { givenName: "Bench", surname: `Person ${i}`, extensions: [{ extensionName: "io.cync.owner", policy: "p" }] },
          operation: "create contact",
        }),
      ),
    );
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  await run(Math.min(2_000, requests)); // warm-up
  const ms = await run(requests);
  console.log(JSON.stringify({ bench: "transport-overhead", transport: name, requests, ms: Math.round(ms), usPerRequest: Math.round((ms * 1000) / requests), requestsPerSecond: Math.round((requests * 1000) / ms) }));
}

async function main(): Promise<void> {
  const requests = Number(process.env.BENCH_REQUESTS ?? 20_000);
  const realFetch = globalThis.fetch;
  globalThis.fetch = async () =>
    new Response(JSON.stringify({ id: "c", givenName: "Bench" }), { status: 201, headers: { "content-type": "application/json" } });
  try {
    for (let round = 0; round < 2; round++) {
      await transportOverhead("graph-client", graphClientTransport(createGraphClient(staticCredential, graphUrl), graphUrl), requests);
      await transportOverhead("fetch", fetchTransport(staticCredential, graphUrl), requests);
    }
  } finally {
    globalThis.fetch = realFetch;
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

/**
 * Simulator speed and size (targets in the README's "Benchmarks"), `npm run bench:sim`. JSON lines
 * on stdout.
 *
 * 1. throughput: the simulator runs alone in a child process (one core: Node serves on one thread);
 *    this process drives keep-alive HTTPS connections with simple authenticated Graph reads
 *    (`GET /v1.0/users/{id}?$select=id,displayName`) for a fixed time and reports requests/s.
 *    Throttling is off: this measures the simulator, not Graph's limits. Target ≥ 3,000/s.
 * 2. memory: a child process (--expose-gc) starts a 20,000-user tenant (10,000 user mailboxes) and
 *    fills 100 contacts, each with the ownership extension, into each of those mailboxes through the
 *    mailbox store — 1,000,000 contacts — then reports heap and RSS after GC. Target ≤ 2 GB.
 * 3. users delta on that tenant: a full round (Graph's 100 per page) and a round with no changes.
 *
 * Environment: BENCH_PROFILE (profile the simulator), BENCH_SECONDS (default 5), BENCH_CONNECTIONS (default 32), BENCH_USERS (20000),
 * BENCH_MAILBOXES (10000), BENCH_PER_MAILBOX (100).
 */
import { fork } from "node:child_process";
import { Agent, request } from "node:https";
import { type ContactProps, type SimulatorHandle, startSimulator } from "@cync/simulator";
import { BENCH_CA_DIR } from "./ca";

const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

interface ServerInfo {
  readonly graphUrl: string;
  readonly token: string;
  readonly userIds: string[];
  readonly caPem: string;
}

/** Child: serve a small tenant until killed. */
async function serve(): Promise<void> {
  const sim = await startSimulator({ caDir: BENCH_CA_DIR, users: 1000, seed: 1, throttle: false });
  const userIds = sim.directory.userIds.filter((id) => sim.directory.liveUser(id)).slice(0, 500);
  const info: ServerInfo = { graphUrl: sim.graphUrl, token: await sim.issueToken("planner"), userIds, caPem: sim.caPem };
  // Exit normally on SIGINT so a --cpu-prof profile gets written.
  process.once("SIGINT", () => void sim.close().then(() => process.exit(0)));
  process.send!(info);
}

function get(agent: Agent, url: URL, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
}

async function throughput(): Promise<void> {
  // BENCH_PROFILE=1 writes the simulator's CPU profile (.cpuprofile) to the working directory.
  const execArgv = process.env["BENCH_PROFILE"] ? ["--cpu-prof"] : [];
  const child = fork(__filename, ["serve"], { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  try {
    const info = await new Promise<ServerInfo>((resolve, reject) => {
      child.once("message", (m) => resolve(m as ServerInfo));
      child.once("exit", (code) => reject(new Error(`simulator child exited with ${String(code)}`)));
    });
    const connections = env("BENCH_CONNECTIONS", 32);
    const seconds = env("BENCH_SECONDS", 5);
    const agent = new Agent({ keepAlive: true, maxSockets: connections, ca: info.caPem });
    const urls = info.userIds.map((id) => new URL(`${info.graphUrl}/v1.0/users/${id}?$select=id,displayName`));
    const statuses: Record<number, number> = {};
    // Warm up: open the connections and let the JIT settle.
    const warmUntil = performance.now() + 1000;
    await Promise.all(Array.from({ length: connections }, async (_, w) => {
      for (let i = w; performance.now() < warmUntil; i += connections) await get(agent, urls[i % urls.length]!, info.token);
    }));
    let done = 0;
    const start = performance.now();
    const until = start + seconds * 1000;
    await Promise.all(Array.from({ length: connections }, async (_, w) => {
      for (let i = w; performance.now() < until; i += connections) {
        const status = await get(agent, urls[i % urls.length]!, info.token);
        statuses[status] = (statuses[status] ?? 0) + 1;
        done++;
      }
    }));
    const elapsed = (performance.now() - start) / 1000;
    agent.destroy();
    console.log(JSON.stringify({ bench: "sim-throughput", request: "GET /v1.0/users/{id}?$select=id,displayName", connections, seconds: Number(elapsed.toFixed(2)), requests: done, requestsPerSecond: Math.round(done / elapsed), statuses, target: 3000, pass: done / elapsed >= 3000 }));
  } finally {
    child.kill("SIGINT");
  }
}

function getJson(agent: Agent, url: string, token: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve(JSON.parse(text) as Record<string, unknown>));
    });
    req.on("error", reject);
    req.end();
  });
}

/** One users delta round over HTTPS: pages, objects and seconds, and the deltaLink. */
async function deltaRound(agent: Agent, first: string, token: string): Promise<{ pages: number; objects: number; seconds: number; deltaLink: string }> {
  const start = performance.now();
  let pages = 0;
  let objects = 0;
  let url: string | undefined = first;
  let body: Record<string, unknown> = {};
  while (url) {
    body = await getJson(agent, url, token);
    pages++;
    objects += (body["value"] as unknown[]).length;
    url = body["@odata.nextLink"] as string | undefined;
  }
  return { pages, objects, seconds: Number(((performance.now() - start) / 1000).toFixed(2)), deltaLink: body["@odata.deltaLink"] as string };
}

/** The contact cync writes for source user `u` (the same content in every mailbox). */
function contactFor(user: { id: string; displayName?: string | null; givenName?: string | null; surname?: string | null; mail?: string | null; businessPhones?: string[]; mobilePhone?: string | null; jobTitle?: string | null; department?: string | null }): { props: ContactProps; marker: Record<string, unknown> } {
  // JSON round trip: every mailbox's copy arrives as its own strings, as parsed request bodies do.
  return JSON.parse(
    JSON.stringify({
      props: {
        givenName: user.givenName ?? user.displayName ?? "",
        surname: user.surname ?? undefined,
        displayName: user.displayName ?? "",
        emailAddresses: user.mail ? [{ address: user.mail, name: user.displayName ?? "" }] : [],
        businessPhones: user.businessPhones ?? [],
        mobilePhone: user.mobilePhone ?? undefined,
        jobTitle: user.jobTitle ?? undefined,
        department: user.department ?? undefined,
        companyName: "Contoso",
      },
      marker: { policy: "all-staff", source: user.id, hash: `sha256-${user.id.slice(0, 16)}` },
    }),
  ) as { props: ContactProps; marker: Record<string, unknown> };
}

/** Child (--expose-gc): the big tenant, in memory. */
async function memory(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const users = env("BENCH_USERS", 20_000);
  const mailboxes = env("BENCH_MAILBOXES", 10_000);
  const perMailbox = env("BENCH_PER_MAILBOX", 100);
  gc();
  const baseRss = process.memoryUsage().rss;
  const t0 = performance.now();
  // A few more mailboxes than filled: soft-deleted owners' mailboxes are inactive.
  const sim: SimulatorHandle = await startSimulator({ caDir: BENCH_CA_DIR, users, mailboxes: Math.ceil(mailboxes * 1.02), seed: 1, throttle: false });
  const startSeconds = (performance.now() - t0) / 1000;
  try {
    await fillAndMeasure(sim, { users, mailboxes, perMailbox, baseRss, startSeconds });
  } finally {
    await sim.close();
  }
}

async function fillAndMeasure(
  sim: SimulatorHandle,
  { users, mailboxes, perMailbox, baseRss, startSeconds }: { users: number; mailboxes: number; perMailbox: number; baseRss: number; startSeconds: number },
): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const live = sim.directory.userIds.map((id) => sim.directory.liveUser(id)).filter((u) => u !== undefined);
  const owners = sim.directory.userIds.filter((id) => sim.directory.resolveUser(id)?.mailboxKind === "user").slice(0, mailboxes);
  const t1 = performance.now();
  owners.forEach((owner, m) => {
    const mailbox = sim.store.ensureMailbox(owner);
    const folder = sim.store.createFolder(mailbox, mailbox.contactsId, "Colleagues");
    if (folder === "exists") throw new Error("unexpected folder clash");
    for (let k = 0; k < perMailbox; k++) {
      const { props, marker } = contactFor(live[(m * 131 + k) % live.length]!);
      sim.store.createContact(mailbox, folder, props, [{ name: "Com.Cync.Owner", props: marker }], Date.now());
    }
  });
  const fillSeconds = (performance.now() - t1) / 1000;
  gc();
  const mem = process.memoryUsage();
  // Still serving: one authenticated read of a full mailbox folder.
  const owner = owners[0]!;
  const agent = new Agent({ ca: sim.caPem });
  const stillServing = await get(agent, new URL(`${sim.graphUrl}/v1.0/users/${owner}/contacts?$top=1`), await sim.issueToken("planner"));
  agent.destroy();
  console.log(JSON.stringify({
    bench: "sim-memory",
    users,
    mailboxes: owners.length,
    contacts: owners.length * perMailbox,
    startSeconds: Number(startSeconds.toFixed(1)),
    fillSeconds: Number(fillSeconds.toFixed(1)),
    heapMB: Math.round(mem.heapUsed / 2 ** 20),
    rssMB: Math.round(mem.rss / 2 ** 20),
    rssAboveBaseMB: Math.round((mem.rss - baseRss) / 2 ** 20),
    stillServing,
    target: "rss ≤ 2048 MB",
    pass: mem.rss <= 2 * 2 ** 30,
  }));

  // The directory read cync starts with, on the same tenant: a full users delta round, then a
  // round with nothing changed (one page, whatever the tenant's size).
  const keepAlive = new Agent({ keepAlive: true, ca: sim.caPem });
  const token = await sim.issueToken("planner");
  const initial = await deltaRound(keepAlive, `${sim.graphUrl}/v1.0/users/delta?$select=displayName,givenName,surname,mail,businessPhones,mobilePhone,jobTitle,department`, token);
  const unchanged = await deltaRound(keepAlive, initial.deltaLink, token);
  keepAlive.destroy();
  const { deltaLink: _a, ...initialFigures } = initial;
  const { deltaLink: _b, ...unchangedFigures } = unchanged;
  console.log(JSON.stringify({ bench: "sim-users-delta", users, initialRound: initialFigures, unchangedRound: unchangedFigures }));
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  if (mode === "serve") return serve();
  if (mode === "memory") return memory();
  await throughput();
  const child = fork(__filename, ["memory"], { execArgv: ["--expose-gc", "--max-old-space-size=4096"], stdio: "inherit" });
  await new Promise((resolve) => child.once("exit", resolve));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

/**
 * The control API, persistence (`--data`), latency (spent inside a request's mailbox concurrency
 * slot: docs/graph-behaviour.md#outlook-mailbox-limits) and connection drops.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startSimulator, type SimulatorHandle } from "../src";
import { TEST_CA_DIR } from "../src/testing";
import { withSimulator } from "../src/testing";

describe("statistics", () => {
  const sim = withSimulator({ users: 20, seed: 2 });

  it("counts requests by method and status, those to mailboxes, successes by method, batch items as requests and the envelope apart", async () => {
    expect((await sim.control("POST", "/stats/reset")).status).toBe(204);
    const user = sim.handle.directory.toFile().users.find((u) => u.mailbox === "user")!;
    await sim.graph("GET", "/users?$top=2");
    await sim.graph("GET", "/users/00000000-0000-4000-8000-00000000dead");
    await sim.graph("POST", `/users/${user.id}/contacts`, { body: { givenName: "Ada", surname: "Lovelace" } });
    await sim.graph("POST", "/$batch", {
      body: {
        requests: [
          { id: "1", method: "GET", url: "/users?$top=1" },
          { id: "2", method: "GET", url: `/users/${user.id}/contacts` },
        ],
      },
    });
    const stats = (await sim.control("GET", "/stats")).body;
    expect(stats).toEqual({
      requests: {
        total: 5,
        batches: 1,
        toMailboxes: 2,
        byMethod: { GET: 4, POST: 1, PATCH: 0, PUT: 0, DELETE: 0 },
        byStatus: { 200: 3, 201: 1, 404: 1 },
        succeededByMethod: { GET: 3, POST: 1, PATCH: 0, PUT: 0, DELETE: 0 },
        photos: { userMetadata: 0, userBytes: 0, contactReads: 0, contactWrites: 0 },
      },
      throttled: 0,
      peakConcurrency: {},
      faults: {},
    });
  });
});

describe("statistics with fault injection", () => {
  const sim = withSimulator({ users: 20, seed: 2, faults: { rates: { "commit-then-504": 1 }, methods: ["POST"] } });

  it("counts late 5xx after a commit by kind, apart from dropped responses, and the write is there", async () => {
    const user = sim.handle.directory.toFile().users.find((u) => u.mailbox === "user")!;
    const res = await sim.graph("POST", `/users/${user.id}/contacts`, { body: { givenName: "Ada", surname: "Lovelace" } });
    expect(res.status).toBe(504);
    const stats = (await sim.control("GET", "/stats")).body;
    expect(stats.faults).toMatchObject({ "commit-then-504": 1, "commit-then-503": 0, "drop-after": 0 });
    const mailbox = (await sim.control("GET", `/mailboxes/${user.id}`)).body as { folders: { contacts: { givenName?: string }[] }[] };
    expect(mailbox.folders.flatMap((f) => f.contacts).filter((c) => c.givenName === "Ada")).toHaveLength(1);
    await sim.control("POST", "/stats/reset");
    expect((await sim.control("GET", "/stats")).body.faults["commit-then-504"]).toBe(0);
  });
});

describe("statistics with throttling", () => {
  const sim = withSimulator({ users: 20, throttle: { randomThrottleRate: 1, randomRetryAfterSeconds: 0.5 } });

  it("merges the throttle stage's count of 429s", async () => {
    for (let i = 0; i < 3; i++) expect((await sim.graph("GET", "/users?$top=1")).status).toBe(429);
    const stats = (await sim.control("GET", "/stats")).body;
    expect(stats.throttled).toBe(3);
    expect(stats.requests.byStatus).toEqual({ 429: 3 });
  });
});

describe("tenant mutations", () => {
  const sim = withSimulator({ users: 20, seed: 2 });
  const domain = (): string => sim.handle.domain;

  it("hires a user with a mailbox, who is then listed and has mailbox settings", async () => {
    const hired = await sim.control("POST", "/users", { userPrincipalName: `new.hire@${domain()}`, displayName: "New Hire", department: "Sales", mailbox: "user" });
    expect(hired.status).toBe(201);
    const id = hired.body.id as string;
    expect((await sim.graph("GET", `/users/${id}?$select=displayName,department`)).body).toMatchObject({ displayName: "New Hire", department: "Sales" });
    expect((await sim.graph("GET", `/users/${id}/mailboxSettings/userPurpose`)).body.value).toBe("user");
  });

  it.each([
    ["rename", { displayName: "Renamed Person", surname: "Person" }],
    ["change phone", { businessPhones: ["+1 425 555 0100"], mobilePhone: "(425) 555-0101 x123" }],
    ["move department", { department: "Legal", jobTitle: "Counsel" }],
    ["disable", { accountEnabled: false }],
  ])("%s: PATCH changes what Graph returns", async (_name, patch) => {
    const id = sim.handle.directory.userIds.find((u) => sim.handle.directory.liveUser(u)?.userType === "Member")!;
    expect((await sim.control("PATCH", `/users/${id}`, patch)).status).toBe(200);
    const res = await sim.graph("GET", `/users/${id}?$select=${Object.keys(patch).join(",")}`);
    expect(res.body).toMatchObject(patch);
  });

  it("leave (soft), restore, leave for good (hard)", async () => {
    const id = sim.handle.directory.userIds.find((u) => sim.handle.directory.liveUser(u))!;
    expect((await sim.control("DELETE", `/users/${id}`)).status).toBe(204);
    expect((await sim.graph("GET", `/users/${id}`)).status).toBe(404);
    expect((await sim.control("POST", `/users/${id}/restore`)).status).toBe(204);
    expect((await sim.graph("GET", `/users/${id}`)).status).toBe(200);
    expect((await sim.control("DELETE", `/users/${id}?hard=true`)).status).toBe(204);
    expect((await sim.control("GET", `/users/${id}`)).status).toBe(404);
    expect((await sim.control("POST", `/users/${id}/restore`)).status).toBe(404);
  });

  it("takes a mailbox away: contact routes answer MailboxNotEnabledForRESTAPI", async () => {
    const user = sim.handle.directory.toFile().users.find((u) => u.mailbox === "user" && !u.deletedDateTime)!;
    await sim.control("PATCH", `/users/${user.id}`, { mailbox: null });
    expect((await sim.graph("GET", `/users/${user.id}/contacts`)).body.error.code).toBe("MailboxNotEnabledForRESTAPI");
  });

  it("creates a group, adds and removes members", async () => {
    const [a, b] = sim.handle.directory.userIds.filter((u) => sim.handle.directory.liveUser(u)) as [string, string];
    const group = await sim.control("POST", "/groups", { displayName: "Project X", members: [a] });
    expect(group.status).toBe(201);
    const gid = group.body.id as string;
    expect((await sim.control("POST", `/groups/${gid}/members`, { id: b })).status).toBe(204);
    expect((await sim.control("DELETE", `/groups/${gid}/members/${a}`)).status).toBe(204);
    const members = await sim.graph("GET", `/groups/${gid}/members?$select=id`);
    expect(members.body.value.map((m: { id: string }) => m.id)).toEqual([b]);
  });

  it("renames and deletes a group", async () => {
    const group = await sim.control("POST", "/groups", { displayName: "Old Name" });
    const gid = group.body.id as string;
    expect((await sim.control("PATCH", `/groups/${gid}`, { displayName: "New Name" })).body).toMatchObject({ id: gid, displayName: "New Name" });
    expect((await sim.graph("GET", `/groups/${gid}?$select=displayName`)).body.displayName).toBe("New Name");
    expect((await sim.control("DELETE", `/groups/${gid}`)).status).toBe(204);
    expect((await sim.graph("GET", `/groups/${gid}`)).status).toBe(404);
  });

  it.each([
    ["a duplicate userPrincipalName", "POST", "/users", () => ({ userPrincipalName: sim.handle.directory.toFile().users[0]!.userPrincipalName }), 409],
    ["an unknown mailbox kind", "POST", "/users", () => ({ userPrincipalName: `x@${domain()}`, mailbox: "castle" }), 400],
    ["an unknown user", "PATCH", "/users/nobody@nowhere", () => ({ displayName: "x" }), 404],
    ["a non-object body", "POST", "/groups", () => [1, 2], 400],
  ])("refuses %s", async (_name, method, path, body, status) => {
    expect((await sim.control(method, path, body())).status).toBe(status);
  });

  it("exports the tenant in the documented file format", async () => {
    const file = (await sim.control("GET", "/tenant")).body;
    expect(file).toMatchObject({ version: 1, tenantId: sim.tenantId, domain: domain() });
    expect(file.users.length).toBeGreaterThan(0);
    expect(file.apps.map((a: { clientId: string }) => a.clientId)).toEqual([sim.apps.applier.clientId, sim.apps.planner.clientId]);
  });

  it("changes an app's permissions: new tokens carry them", async () => {
    const user = sim.handle.directory.toFile().users.find((u) => u.mailbox === "user" && !u.deletedDateTime)!;
    expect((await sim.control("PATCH", `/apps/${sim.apps.planner.clientId}`, { roles: ["User.Read.All"] })).status).toBe(200);
    expect((await sim.graph("GET", `/users/${user.id}/contacts`, { app: "planner" })).status).toBe(403);
    expect((await sim.control("PATCH", `/apps/${sim.apps.planner.clientId}`, { roles: ["User.Read.All", "Contacts.Read"] })).status).toBe(200);
    expect((await sim.graph("GET", `/users/${user.id}/contacts`, { app: "planner" })).status).toBe(200);
    expect((await sim.control("PATCH", `/apps/${sim.apps.planner.clientId}`, { roles: ["Directory.ReadWrite.All"] })).status).toBe(400);
  });

  it("advances the simulated clock", async () => {
    const before = Date.parse((await sim.control("GET", "/clock")).body.now);
    const after = Date.parse((await sim.control("POST", "/clock/advance", { ms: 86_400_000 })).body.now);
    expect(after - before).toBeGreaterThanOrEqual(86_400_000);
  });
});

describe("persistence (--data)", () => {
  const dir = mkdtempSync(join(tmpdir(), "cync-sim-data-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function graph(sim: SimulatorHandle, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const res = await fetch(path.startsWith("https://") ? path : `${sim.graphUrl}/v1.0${path}`, {
      method,
      headers: { authorization: `Bearer ${await sim.issueToken("applier")}`, ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  it("a restarted simulator finds its tenant, apps, contacts, changed photos and honours its delta links", async () => {
    const first = await startSimulator({ dataDir: dir, caDir: TEST_CA_DIR, users: 20, seed: 9, throttle: false });
    const owner = first.directory.toFile().users.find((u) => u.mailbox === "user")!;
    expect((await graph(first, "POST", `/users/${owner.id}/contacts`, { givenName: "Grace", surname: "Hopper" })).status).toBe(201);
    let page = await graph(first, "GET", "/users/delta?$select=displayName");
    while (page.body["@odata.nextLink"]) page = await graph(first, "GET", page.body["@odata.nextLink"]);
    const deltaLink = (page.body["@odata.deltaLink"] as string).replace(first.graphUrl, "");
    first.directory.updateUser(owner.id, { displayName: "Changed Before Restart" });
    first.photos.regenerate(owner.id, true);
    const changedPhoto = await first.photos.get(owner.id);
    const { tenantId, apps } = first;
    await first.close();

    const second = await startSimulator({ dataDir: dir, caDir: TEST_CA_DIR, throttle: false });
    try {
      expect(second.tenantId).toBe(tenantId);
      expect(second.apps).toEqual(apps);
      const contacts = await graph(second, "GET", `/users/${owner.id}/contacts`);
      expect(contacts.body.value.map((c: { givenName: string }) => c.givenName)).toEqual(["Grace"]);
      const next = await graph(second, "GET", `${second.graphUrl}${deltaLink}`);
      expect(next.body.value).toEqual([{ id: owner.id, displayName: "Changed Before Restart" }]);
      expect((await second.photos.get(owner.id))?.etag).toBe(changedPhoto?.etag);
    } finally {
      await second.close();
    }
  });
});

describe("transport", () => {
  // Long enough that six concurrent HTTPS requests overlap inside it even on a loaded machine
  // (each opens its own TLS connection first): the slot test needs them in flight together.
  const slow = withSimulator({ users: 20, latencyMs: 1_000, throttle: {} });
  const flaky = withSimulator({ users: 20, faults: { rates: { "reset-before": 1 }, methods: ["DELETE"] } });

  it("adds the configured latency", async () => {
    const start = performance.now();
    await slow.graph("GET", "/users?$top=1");
    expect(performance.now() - start).toBeGreaterThanOrEqual(995);
  });

  it("spends latency inside the mailbox slot: a 5th concurrent request over HTTPS gets MailboxConcurrency", async () => {
    await slow.control("POST", "/stats/reset");
    const user = slow.handle.directory.toFile().users.find((u) => u.mailbox === "user")!;
    const answers = await Promise.all(Array.from({ length: 6 }, () => slow.graph("GET", `/users/${user.id}/contacts`)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    const refused = answers.find((a) => a.status === 429)!.body as { error: { code: string; message: string } };
    expect(refused.error.code).toBe("ApplicationThrottled");
    expect(refused.error.message).toMatch(/MailboxConcurrency/);
    const stats = (await slow.control("GET", "/stats")).body as { peakConcurrency: Record<string, number> };
    expect(stats.peakConcurrency[user.id]).toBe(4);
  });

  it("resets the connection when fault injection asks for it", async () => {
    const user = flaky.handle.directory.toFile().users.find((u) => u.mailbox === "user")!;
    await expect(flaky.graph("DELETE", `/users/${user.id}/contacts/nope`)).rejects.toThrow();
    expect((await flaky.graph("GET", "/users?$top=1")).status).toBe(200);
  });
});

/**
 * The directory reader against the embedded tenant over real HTTPS, wired as cync wires it:
 * environment → credential (the read-only planner app) → Graph client → throttled requester →
 * directory port. Tenant changes go through the simulator's control API; request counts come from
 * its statistics (`/_sim/stats`).
 */
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readDirectory, type Directory, type GroupUse } from "../../src/directory";
import { createGraphClient, graphUrlFromEnv } from "../../src/graph/client";
import { credentialFromEnv } from "../../src/graph/credentials";
import { graphClientTransport } from "../../src/graph/graph-client-transport";
import { GraphRequester } from "../../src/graph/requester";
import { directoryGraphOver } from "../../src/mailbox/requester-graph";
import { openStateStore, STATE_KEYS, type StateStore } from "../../src/state";
import { simulatorEnv } from "@cync/simulator";
import { type TestSimulator, withSimulator } from "@cync/simulator/testing";

const ATTRIBUTES = ["accountEnabled", "assignedPlans", "businessPhones", "displayName", "mail", "mobilePhone", "userPrincipalName", "userType"];
const SELECT = ["id", ...ATTRIBUTES].join(",");

// A small page size makes the initial round span several pages, as a large tenant's would.
const sim = withSimulator({ users: 30, seed: 7, directory: { deltaPageSize: 8 } });
// The same tenant behind a connection that resets or answers 503 on every request.
const broken = withSimulator({ users: 30, seed: 7, faults: { rates: { "reset-before": 0.5, "503": 0.5 }, retryAfterSeconds: 0 } });
// A tenant that refuses expired tokens with 410 Gone (and a resync Location) instead of 400.
const gone = withSimulator({ users: 10, seed: 3, directory: { deltaExpiry: "410" } });

/** A fresh credential and requester per read: the simulated clock may have outrun cached tokens. */
function directoryGraph(s: TestSimulator) {
  const env = simulatorEnv(s, "planner");
  const graphUrl = graphUrlFromEnv(env);
  const transport = graphClientTransport(createGraphClient(credentialFromEnv(env).credential, graphUrl), graphUrl);
  return directoryGraphOver(new GraphRequester({ transport, retry: { maxRetries: 2, backoff: { baseMs: 1, maxMs: 5 } } }));
}

let stateDir: string;
let state: StateStore;
beforeEach(async () => {
  stateDir = await fs.mkdtemp(path.join(os.tmpdir(), "cync-dir-it-"));
  state = openStateStore({ dir: stateDir, tenantId: sim.tenantId, graphUrl: sim.graphUrl });
});
afterEach(async () => {
  await fs.rm(stateDir, { recursive: true, force: true });
});

const read = (groups?: GroupUse[], s: TestSimulator = sim, st: StateStore = state): Promise<Directory> =>
  readDirectory({ graph: directoryGraph(s), state: st, attributes: ATTRIBUTES, ...(groups ? { groups } : {}) });

/** What `GET /users?$select=…` says right now: the truth the snapshot must equal. */
async function listedUsers(): Promise<Map<string, Record<string, unknown>>> {
  const users = new Map<string, Record<string, unknown>>();
  let url: string | undefined = `/users?$select=${SELECT}&$top=999`;
  while (url !== undefined) {
    const page = await sim.graph("GET", url, { app: "planner" });
    expect(page.status).toBe(200);
    for (const u of page.body.value as Record<string, unknown>[]) {
      const { "@odata.type": _t, ...props } = u;
      users.set(u.id as string, props);
    }
    url = page.body["@odata.nextLink"] as string | undefined;
  }
  return users;
}

/** Graph omits never-set properties in delta and may send null in lists; compare the values present. */
const present = (u: Record<string, unknown> | undefined) =>
  Object.fromEntries(Object.entries(u ?? {}).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0)));

async function expectSnapshotMatchesTenant(directory: Directory): Promise<void> {
  const truth = await listedUsers();
  expect([...directory.users.keys()].sort()).toEqual([...truth.keys()].sort());
  for (const [id, user] of directory.users) expect(present(user)).toEqual(present(truth.get(id)));
}

async function requests(): Promise<{ total: number; byMethod: Record<string, number> }> {
  return (await sim.control("GET", "/stats")).body.requests;
}

const liveUserIds = (): string[] => sim.handle.directory.userIds.filter((id) => sim.handle.directory.liveUser(id));

describe("users delta against the embedded tenant", () => {
  it("reads the whole tenant in a multi-page initial round", async () => {
    const directory = await read();
    expect(directory.round).toBe("full");
    expect(directory.pages).toBeGreaterThan(2);
    await expectSnapshotMatchesTenant(directory);
  });

  it("stores no secret and no token, and keeps the snapshot private", async () => {
    await read([{ policy: "p", ref: { id: sim.handle.exportTenant().groups[0]!.id } }]);
    const files = await fs.readdir(state.dir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = await fs.readFile(path.join(state.dir, file), "utf8");
      expect(text).not.toContain(sim.apps.planner.clientSecret);
      // Delta links carry the service's own opaque tokens; outside them, nothing token-like.
      expect(text.replace(/"https:[^"]*"/g, '""')).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.|Bearer /);
      expect((await fs.stat(path.join(state.dir, file))).mode & 0o077).toBe(0);
    }
  });

  it("costs exactly one delta request when nothing changed", async () => {
    const first = await read();
    await sim.control("POST", "/stats/reset");
    const second = await read();
    expect(await requests()).toMatchObject({ total: 1, byMethod: { GET: 1 } });
    expect(second).toMatchObject({ round: "incremental", pages: 1, changed: 0 });
    expect(second.users).toEqual(first.users);
  });

  it("follows a hire, a soft and a hard leave, a disable and a phone change; a restore brings the user back", async () => {
    await read();
    const [softLeaver, hardLeaver, disabled, newPhone] = liveUserIds();
    const hire = await sim.control("POST", "/users", {
      userPrincipalName: `new.hire@${sim.handle.exportTenant().domain}`,
      displayName: "New Hire",
      mail: `new.hire@${sim.handle.exportTenant().domain}`,
      accountEnabled: true,
      userType: "Member",
      mailbox: "user",
    });
    expect(hire.status).toBe(201);
    expect((await sim.control("DELETE", `/users/${softLeaver}`)).status).toBe(204);
    expect((await sim.control("DELETE", `/users/${hardLeaver}?hard=true`)).status).toBe(204);
    expect((await sim.control("PATCH", `/users/${disabled}`, { accountEnabled: false })).status).toBe(200);
    expect((await sim.control("PATCH", `/users/${newPhone}`, { mobilePhone: "+44 20 7946 0958" })).status).toBe(200);

    await sim.control("POST", "/stats/reset");
    const after = await read();
    expect(after.round).toBe("incremental");
    expect(after.pages).toBe((await requests()).total);
    expect(after.removed).toEqual({ softDeleted: [softLeaver], deleted: [hardLeaver] });
    expect(after.users.has(hire.body.id as string)).toBe(true);
    expect(after.users.get(disabled!)?.accountEnabled).toBe(false);
    expect(after.users.get(newPhone!)?.mobilePhone).toBe("+44 20 7946 0958");
    await expectSnapshotMatchesTenant(after);

    expect((await sim.control("POST", `/users/${softLeaver}/restore`)).status).toBe(204);
    const restored = await read();
    expect(restored.users.has(softLeaver!)).toBe(true);
    await expectSnapshotMatchesTenant(restored);
  });

  it("reads a full round again when the token expired, with the same result", async () => {
    await read();
    // Directory delta tokens live 7 days (docs/graph-behaviour.md#delta-token-expiry).
    expect((await sim.control("POST", "/clock/advance", { ms: 8 * 86_400_000 })).status).toBeLessThan(300);
    const fresh = await read();
    expect(fresh).toMatchObject({ round: "full", fullRoundReason: "token-expired" });
    await expectSnapshotMatchesTenant(fresh);
  });

  it("reads a full round again after 410 Gone", async () => {
    const goneState = openStateStore({ dir: stateDir, tenantId: gone.tenantId, graphUrl: gone.graphUrl });
    const first = await read(undefined, gone, goneState);
    await gone.control("POST", "/clock/advance", { ms: 8 * 86_400_000 });
    const again = await read(undefined, gone, goneState);
    expect(again).toMatchObject({ round: "full", fullRoundReason: "token-expired" });
    expect(again.users).toEqual(first.users);
  });

  it("gives the same result with the state directory deleted", async () => {
    await read();
    const incremental = await read();
    await fs.rm(stateDir, { recursive: true, force: true });
    const full = await read();
    expect(full).toMatchObject({ round: "full", fullRoundReason: "no-state" });
    expect(full.users).toEqual(incremental.users);
  });

  it("a failed read (connections reset, 503s) raises and keeps the previous link", async () => {
    await read();
    const before = await state.read(STATE_KEYS.users);
    // The stored deltaLink is replayed against the broken twin (only its origin differs).
    await expect(read(undefined, broken)).rejects.toThrow();
    expect(await state.read(STATE_KEYS.users)).toEqual(before);
    expect((await broken.control("GET", "/stats")).body.requests.total).toBeGreaterThan(0);
    // The link still works where the service is healthy.
    expect((await read()).round).toBe("incremental");
  });
});

describe("group membership against the embedded tenant", () => {
  /** The tenant's groups as the simulator holds them, with transitive user members. */
  function tenantGroups() {
    const file = sim.handle.exportTenant();
    const byId = new Map(file.groups.map((g) => [g.id, g]));
    const transitive = (id: string, seen = new Set<string>()): Set<string> => {
      const users = new Set<string>();
      if (seen.has(id)) return users;
      seen.add(id);
      for (const m of byId.get(id)?.members ?? []) {
        if (byId.has(m)) for (const u of transitive(m, seen)) users.add(u);
        else users.add(m);
      }
      return users;
    };
    return { groups: file.groups, transitive };
  }

  it("resolves groups by id and by name, flattens nesting, and costs one request when nothing changed", async () => {
    const { groups, transitive } = tenantGroups();
    const nested = groups.find((g) => g.members.some((m) => groups.some((h) => h.id === m)));
    expect(nested, "the generated tenant has a nested group").toBeDefined();
    const named = groups.find((g) => g.id !== nested!.id && groups.filter((h) => h.displayName === g.displayName).length === 1)!;
    const uses: GroupUse[] = [
      { policy: "p1", ref: { id: nested!.id } },
      { policy: "p2", ref: { displayName: named.displayName } },
    ];
    const directory = await read(uses);
    for (const use of uses) {
      const id = "id" in use.ref ? use.ref.id : named.id;
      const expected = [...transitive(id)].filter((u) => directory.users.has(u)).sort();
      expect([...directory.users.keys()].filter((u) => directory.membership.isMember(u, use.ref)).sort()).toEqual(expected);
    }

    await sim.control("POST", "/stats/reset");
    await read(uses);
    // One users delta request and one groups delta request.
    expect(await requests()).toMatchObject({ total: 2 });
  });

  it("names the policy and the group when a name matches no group", async () => {
    await expect(read([{ policy: "sales-phones", ref: { displayName: "No Such Group" } }])).rejects.toThrow(
      'policy "sales-phones": no group is named "No Such Group"',
    );
  });
});

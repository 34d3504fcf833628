/**
 * Target selection on the embedded tenant over real HTTPS: the directory read through the real
 * stack, mailbox kinds from mailboxSettings (planner app: MailboxSettings.Read), and the result
 * checked against the mailboxes the simulator actually holds.
 */
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDirectory, type Directory } from "../../src/directory";
import { createGraphClient, graphUrlFromEnv } from "../../src/graph/client";
import { credentialFromEnv } from "../../src/graph/credentials";
import { graphClientTransport } from "../../src/graph/graph-client-transport";
import { GraphRequester } from "../../src/graph/requester";
import { directoryGraphOver, mailboxGraphOver } from "../../src/mailbox/requester-graph";
import { requiredUserAttributes, resolvePolicy, type PolicySpec, type ResolvedPolicy } from "../../src/policy";
import { openStateStore, type StateStore } from "../../src/state";
import { openMailboxKinds, selectSourceUsers, selectTargets } from "../../src/targets";
import { simulatorEnv } from "@cync/simulator";
import { withSimulator } from "@cync/simulator/testing";

const sim = withSimulator({ users: 40, seed: 11 });

const policy = (spec: PolicySpec): ResolvedPolicy =>
  resolvePolicy({ apiVersion: "cync/v1", kind: "ContactSyncPolicy", metadata: { name: "it" }, spec });

let stateDir: string;
let state: StateStore;
let requester: GraphRequester;
let directory: Directory;

beforeAll(async () => {
  stateDir = await fs.mkdtemp(path.join(os.tmpdir(), "cync-targets-it-"));
  state = openStateStore({ dir: stateDir, tenantId: sim.tenantId, graphUrl: sim.graphUrl });
  const env = simulatorEnv(sim, "planner");
  const graphUrl = graphUrlFromEnv(env);
  requester = new GraphRequester({ transport: graphClientTransport(createGraphClient(credentialFromEnv(env).credential, graphUrl), graphUrl) });
  const attributes = requiredUserAttributes([policy({})]);
  directory = await readDirectory({ graph: directoryGraphOver(requester), state, attributes });
});
afterAll(async () => {
  await fs.rm(stateDir, { recursive: true, force: true });
});

/** Live users of the simulated tenant with the given mailbox kind. */
function withMailbox(kind: string, enabledOnly = false): string[] {
  const d = sim.handle.directory;
  return d.userIds
    .filter((id) => d.liveUser(id) && d.resolveUser(id)?.mailboxKind === kind)
    .filter((id) => !enabledOnly || directory.users.get(id)?.accountEnabled === true)
    .sort();
}

describe("targets on the embedded tenant", () => {
  it("defaults: every enabled, licensed user mailbox, with no mailboxSettings request", async () => {
    await sim.control("POST", "/stats/reset");
    const selection = await selectTargets(policy({}), directory);
    expect(selection.mailboxes.map((m) => m.id)).toEqual(withMailbox("user", true));
    expect(selection.mailboxes.every((m) => m.kind === "user")).toBe(true);
    expect((await sim.control("GET", "/stats")).body.requests.total).toBe(0);
  });

  it("shared and room mailboxes from mailboxSettings, read once and then served from state", async () => {
    expect(withMailbox("shared").length).toBeGreaterThan(0);
    expect(withMailbox("room").length).toBeGreaterThan(0);
    const kinds = await openMailboxKinds({ graph: mailboxGraphOver(requester), state });
    const p = policy({ targets: { mailboxKinds: ["shared", "room"] } });
    const selection = await selectTargets(p, directory, kinds);
    await kinds.save();
    expect(selection.mailboxes.filter((m) => m.kind === "shared").map((m) => m.id)).toEqual(withMailbox("shared"));
    expect(selection.mailboxes.filter((m) => m.kind === "room").map((m) => m.id)).toEqual(withMailbox("room"));
    expect(kinds.requests).toBeGreaterThan(0);
    // Accounts without any mailbox (service accounts, unlicensed members) are non-targets, not failures.
    expect(selection.nonTargets.length).toBeGreaterThan(0);
    expect(selection.skipped.every((s) => s.reason === "no-exchange-mailbox")).toBe(true);

    await sim.control("POST", "/stats/reset");
    const cached = await openMailboxKinds({ graph: mailboxGraphOver(requester), state });
    expect(await selectTargets(p, directory, cached)).toEqual(selection);
    expect(cached.requests).toBe(0);
    expect((await sim.control("GET", "/stats")).body.requests.total).toBe(0);
  });

  it("source users: enabled members with mail, guests left out by default", () => {
    const users = selectSourceUsers(policy({}), directory);
    expect(users.length).toBeGreaterThan(0);
    expect(users.every((u) => u.accountEnabled === true && u.userType !== "Guest" && typeof u.mail === "string")).toBe(true);
    const guests = [...directory.users.values()].filter((u) => u.userType === "Guest");
    expect(guests.length).toBeGreaterThan(0);
  });
});

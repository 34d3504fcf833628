/**
 * The provider under Pulumi's own dynamic-provider host, driven over gRPC in the engine's order
 * (configure, then per resource check → diff → create / update, read on refresh, delete) against
 * the embedded tenant, with every target mailbox's contents checked through the tenant's control
 * view after each step (docs/architecture.md#pulumi). The inputs are what the program declares
 * (prepareStack, in-process); the provider runs from the compiled output, as under Pulumi.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulatorEnv } from "@cync/simulator";
import { withSimulator } from "@cync/simulator/testing";
import { openSession } from "../../src/engine/session";
import { loadDesiredSet } from "../../src/pulumi/desired-set";
import { prepareStack, type DeclaredBucket } from "../../src/pulumi/prepare";
import type { StackSettings } from "../../src/pulumi/settings";
import { markerOf, type SimContact } from "../e2e/harness";
import { providerText, startProviderHost, urnOf, type ProviderHost } from "./provider-host";

const OFFICE = "Pulumi House";
/** Everyone enabled with mail, into the mailboxes of the people in OFFICE. */
const TEAM_POLICY = `apiVersion: cync/v1
kind: ContactSyncPolicy
metadata:
  name: team
spec:
  targets:
    where:
      attribute: officeLocation
      equals: ${OFFICE}
  safety:
    deletion: permanent
    maxDeletes: 2
    maxDeletePercent: 0
`;

const sim = withSimulator({ users: 14, seed: 9 });
let work = "";
let host: ProviderHost;
let provider = "";
const settings = (): StackSettings => ({ policies: "policies", stateDir: path.join(work, "state"), concurrency: 4, buckets: 2, allowDeletes: false });
const env = () => simulatorEnv(sim, "applier");

/** What the provider holds per resource, as the engine's state would. */
const state = new Map<string, { id: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> }>();

async function declared(): Promise<DeclaredBucket[]> {
  const prepared = await prepareStack(work, settings(), env());
  if (prepared.kind !== "ready") throw new Error(`program did not declare: ${JSON.stringify(prepared)}`);
  return [...prepared.buckets];
}

/** `pulumi up` for these declarations: check, then create or (on a change) update each; returns what changed. */
async function up(buckets: readonly DeclaredBucket[]): Promise<Record<string, "create" | "update" | "same">> {
  const steps: Record<string, "create" | "update" | "same"> = {};
  for (const b of buckets) {
    const urn = urnOf(b.name);
    const old = state.get(b.name);
    const { inputs, failures } = await host.check(urn, old?.inputs ?? {}, { ...b.inputs, __provider: provider });
    expect(failures).toEqual([]);
    if (old === undefined) {
      const made = await host.create(urn, inputs);
      state.set(b.name, { id: made.id, inputs, outputs: made.props });
      steps[b.name] = "create";
    } else if ((await host.diff(urn, old.id, old.outputs, inputs)) === "some") {
      state.set(b.name, { id: old.id, inputs, outputs: await host.update(urn, old.id, old.outputs, inputs) });
      steps[b.name] = "update";
    } else {
      state.set(b.name, { ...old, inputs });
      steps[b.name] = "same";
    }
  }
  return steps;
}

async function folders(mailboxId: string): Promise<{ displayName: string; contacts: SimContact[] }[]> {
  const res = await sim.control("GET", `/mailboxes/${mailboxId}`);
  return (res.body as { folders: { displayName: string; contacts: SimContact[] }[] }).folders;
}

/** The team policy's contacts in a mailbox: source user ids, one entry per contact (duplicates show). */
async function teamContacts(mailboxId: string): Promise<string[]> {
  const ids: string[] = [];
  for (const f of await folders(mailboxId)) for (const c of f.contacts) if (markerOf(c)?.["policy"] === "team") ids.push(String(markerOf(c)!["sourceUserId"]));
  return ids.sort();
}

/** Every declared mailbox holds exactly the desired set, less its owner. */
async function expectConverged(buckets: readonly DeclaredBucket[]): Promise<void> {
  const session = openSession({ env: env(), stateDir: settings().stateDir });
  for (const b of buckets) {
    const set = await loadDesiredSet(session.state, b.inputs.desiredDigest);
    const wanted = set!.contacts.map((c) => c.sourceUserId);
    for (const m of b.inputs.mailboxes) expect(await teamContacts(m), `mailbox ${m}`).toEqual(wanted.filter((id) => id !== m).sort());
  }
}

beforeAll(async () => {
  provider = providerText();
  work = await mkdtemp(path.join(tmpdir(), "cync-pulumi-host-"));
  await mkdir(path.join(work, "policies"));
  await writeFile(path.join(work, "policies", "team.yaml"), TEAM_POLICY);
  const users = (await sim.control("GET", "/tenant")).body as { users: { id: string }[] };
  // Half the tenant works in the office the policy targets.
  for (const u of users.users.slice(0, 8)) await sim.control("PATCH", `/users/${u.id}`, { officeLocation: OFFICE });
  host = await startProviderHost(env());
  await host.configure({ "cync:stateDir": settings().stateDir, "cync:concurrency": "4" });
});

afterAll(async () => {
  await host?.close();
  await rm(work, { recursive: true, force: true });
});

describe("the provider under Pulumi's dynamic-provider host", () => {
  let first: DeclaredBucket[] = [];

  it("creates every bucket: each target mailbox gets the desired set, nothing else", async () => {
    first = await declared();
    expect(first.map((b) => b.name)).toEqual(["team-b00", "team-b01"]);
    expect(Object.values(await up(first))).toEqual(["create", "create"]);
    await expectConverged(first);
    const outs = state.get("team-b00")!.outputs;
    expect(outs.result).toMatchObject({ created: expect.any(Number), updated: 0, deleted: 0 });
    expect((outs.result as { created: number }).created).toBeGreaterThan(0);
  });

  it("shows no change for a bucket with nothing to do, and writes nothing", async () => {
    const again = await declared();
    expect(again.map((b) => b.inputs.pending)).toEqual([{ create: 0, update: 0, delete: 0 }, { create: 0, update: 0, delete: 0 }]);
    await sim.control("POST", "/stats/reset");
    expect(Object.values(await up(again))).toEqual(["same", "same"]);
    const byMethod = ((await sim.control("GET", "/stats")).body as { requests: { byMethod: Record<string, number> } }).requests.byMethod;
    expect(Object.keys(byMethod).filter((m) => m !== "GET")).toEqual([]);
  });

  it("updates every mailbox when a source user changes", async () => {
    const someone = first[0]!.inputs.mailboxes[0]!;
    expect((await sim.control("PATCH", `/users/${someone}`, { jobTitle: "Pulumi Wrangler" })).status).toBe(200);
    const changed = await declared();
    expect(changed[0]!.inputs.desiredDigest).not.toBe(first[0]!.inputs.desiredDigest);
    expect(Object.values(await up(changed))).toEqual(["update", "update"]);
    await expectConverged(changed);
    const mailbox = changed[1]!.inputs.mailboxes[0]!;
    const contact = (await folders(mailbox)).flatMap((f) => f.contacts).find((c) => markerOf(c)?.["sourceUserId"] === someone);
    expect(contact?.jobTitle).toBe("Pulumi Wrangler");
  });

  it("reports an owner's edits and deletions on refresh, and the next up repairs them", async () => {
    const bucket = state.get("team-b01")!;
    const [mailbox] = bucket.inputs.mailboxes as string[];
    const contacts = (await folders(mailbox!)).flatMap((f) => f.contacts).filter((c) => markerOf(c)?.["policy"] === "team");
    expect((await sim.control("PATCH", `/mailboxes/${mailbox}/contacts/${contacts[0]!.id}`, { jobTitle: "Edited on a phone" })).status).toBe(200);
    expect((await sim.control("DELETE", `/mailboxes/${mailbox}/contacts/${contacts[1]!.id}`)).status).toBe(204);

    const untouched = state.get("team-b00")!;
    expect(await host.read(urnOf("team-b00"), untouched.id, untouched.outputs)).toEqual(untouched.outputs);
    const refreshed = await host.read(urnOf("team-b01"), bucket.id, bucket.outputs);
    expect(refreshed.drift).toEqual({ create: 1, update: 1, delete: 0 });
    state.set("team-b01", { ...bucket, outputs: refreshed });

    expect(await up(await declared())).toEqual({ "team-b00": "same", "team-b01": "update" });
    await expectConverged(first);
    const repaired = state.get("team-b01")!;
    expect(repaired.outputs.drift).toBeUndefined();
    expect(await host.read(urnOf("team-b01"), repaired.id, repaired.outputs)).toEqual(repaired.outputs);
  });
});

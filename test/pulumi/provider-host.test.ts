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
import { inShard } from "../../src/engine/partition";
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
    maxDeletes: 20
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
  await host.configure({ "cync:stateDir": settings().stateDir, "cync:concurrency": "4", "cync:buckets": "2" });
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

  it("shows no change for a bucket with nothing to do, writes nothing, and previews for one request per mailbox plus the directory's", async () => {
    // The first plan after writes reads what they changed; from the next on, nothing has.
    await declared();
    await sim.control("POST", "/stats/reset");
    const again = await declared();
    expect(again.map((b) => b.inputs.pending)).toEqual([{ create: 0, update: 0, delete: 0 }, { create: 0, update: 0, delete: 0 }]);
    expect(Object.values(await up(again))).toEqual(["same", "same"]);
    const { requests } = (await sim.control("GET", "/stats")).body as { requests: { total: number; byMethod: Record<string, number> } };
    expect(Object.entries(requests.byMethod).filter(([m, n]) => m !== "GET" && n > 0)).toEqual([]);
    // One users-delta page, then each mailbox's folder delta round (docs/architecture.md#request-cost).
    expect(requests.total).toBe(1 + again.reduce((n, b) => n + b.inputs.mailboxes.length, 0));
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

  it("removes the policy's contacts from a mailbox that left the targets, moving no other mailbox and touching nothing foreign", async () => {
    const before = state.get("team-b01")!.inputs.mailboxes as string[];
    const leaver = before[0]!;
    const folder = (await folders(leaver)).find((f) => f.displayName === "CYNC") as { id?: string } | undefined;
    const own = await sim.control("POST", `/mailboxes/${leaver}/contactFolders/${folder!.id}/contacts`, { displayName: "Dentist", mobilePhone: "+44 20 7946 0000" });
    expect(own.status).toBe(201);
    expect((await sim.control("PATCH", `/users/${leaver}`, { officeLocation: "Elsewhere" })).status).toBe(200);

    const after = await declared();
    expect(after.find((b) => b.name === "team-b00")!.inputs.mailboxes).toEqual(state.get("team-b00")!.inputs.mailboxes);
    expect(after.find((b) => b.name === "team-b01")!.inputs.mailboxes).toEqual(before.slice(1));
    await up(after);
    expect(await teamContacts(leaver)).toEqual([]);
    expect((await folders(leaver)).flatMap((f) => f.contacts).map((c) => c.displayName)).toContain("Dentist");
    await expectConverged(after);
  });

  it("removes nothing from the mailboxes that move to another shard's stack when cync:shard is set", async () => {
    const shard = { index: 1, count: 2 };
    const prepared = await prepareStack(work, { ...settings(), shard }, env());
    expect(prepared.kind).toBe("ready");
    const buckets = prepared.kind === "ready" ? prepared.buckets : [];
    const before = [...state.values()].flatMap((b) => b.inputs.mailboxes as string[]);
    const moved = before.filter((m) => !inShard(m, shard));
    expect(moved.length).toBeGreaterThan(0);
    expect(buckets.flatMap((b) => b.inputs.mailboxes).sort()).toEqual(before.filter((m) => inShard(m, shard)).sort());
    const contentsBefore = await Promise.all(moved.map(teamContacts));
    const sharded = await startProviderHost(env());
    try {
      await sharded.configure({ "cync:stateDir": settings().stateDir, "cync:concurrency": "4", "cync:buckets": "2", "cync:shard": "1/2" });
      for (const b of buckets) {
        const old = state.get(b.name)!;
        const outs = await sharded.update(urnOf(b.name), old.id, old.outputs, { ...b.inputs, __provider: provider });
        expect(outs.result).toMatchObject({ deleted: 0 });
      }
    } finally {
      await sharded.close();
    }
    expect(await Promise.all(moved.map(teamContacts))).toEqual(contentsBefore);
    for (const contents of contentsBefore) expect(contents.length).toBeGreaterThan(0);
  });

  it("refuses, before any write, deletions beyond the policy's limits: in the program for the whole policy, in the provider for a bucket", async () => {
    const leavers = ((await sim.control("GET", "/tenant")).body as { users: { id: string }[] }).users.slice(8).map((u) => u.id);
    for (const id of leavers) expect((await sim.control("PATCH", `/users/${id}`, { accountEnabled: false })).status).toBe(200);
    const refused = await prepareStack(work, settings(), env());
    expect(refused.kind).toBe("refused");
    expect(refused.kind === "refused" && refused.violations.map((v) => v.kind)).toEqual(["too-many-deletes"]);

    // The provider re-plans before writing: a bucket deleting more than the program approved is refused too.
    const allowed = await prepareStack(work, { ...settings(), allowDeletes: true }, env());
    expect(allowed.kind).toBe("ready");
    const bucket = (allowed.kind === "ready" ? allowed.buckets : []).find((b) => b.name === "team-b00")!;
    expect(bucket.inputs.pending.delete).toBeGreaterThan(0);
    const old = state.get("team-b00")!;
    const unapproved = { ...bucket.inputs, pending: { create: 0, update: 0, delete: 0 }, __provider: provider };
    const contentsBefore = await Promise.all(bucket.inputs.mailboxes.map(teamContacts));
    await expect(host.update(urnOf("team-b00"), old.id, old.outputs, unapproved)).rejects.toMatchObject({ code: 2, details: expect.stringMatching(/^team bucket 0: REFUSED: \d+ deletes planned now, 0 when the program judged the policy's limits/) });
    expect(await Promise.all(bucket.inputs.mailboxes.map(teamContacts))).toEqual(contentsBefore);

    for (const id of leavers) expect((await sim.control("PATCH", `/users/${id}`, { accountEnabled: true })).status).toBe(200);
  });

  it("deletes a removed policy's contacts behind the guard, and deletes state an older cync wrote", async () => {
    const b00 = state.get("team-b00")!;
    await expect(host.delete(urnOf("team-b00"), b00.id, b00.outputs)).rejects.toMatchObject({ code: 2, details: expect.stringMatching(/^team bucket 0: REFUSED: policy team: \d+ deletes exceed the limit of 20/) });
    for (const m of b00.inputs.mailboxes as string[]) expect((await teamContacts(m)).length).toBeGreaterThan(0);

    const allowing = await startProviderHost(env());
    try {
      await allowing.configure({ "cync:stateDir": settings().stateDir, "cync:allowDeletes": "true", "cync:buckets": "2" });
      // Resources left behind by a change of cync:buckets are not emptied: their mailboxes moved to others.
      await expect(allowing.delete(urnOf("team-b00"), b00.id, { ...b00.outputs, buckets: 16 })).rejects.toMatchObject({
        code: 2,
        details: expect.stringContaining("cync:buckets changed from 16 to 2"),
      });
      for (const m of b00.inputs.mailboxes as string[]) expect((await teamContacts(m)).length).toBeGreaterThan(0);
      await allowing.delete(urnOf("team-b00"), b00.id, b00.outputs);
      for (const m of b00.inputs.mailboxes as string[]) {
        expect(await teamContacts(m)).toEqual([]);
        // The folder held nothing else: it goes with the policy.
        expect((await folders(m)).map((f) => f.displayName)).not.toContain("CYNC");
      }
      // An older shape (bucket-state.ts): no version, the folder as folderName, no safety, no pending, no result.
      const b01 = state.get("team-b01")!;
      const { version: _v, folder: _f, safety: _s, pending: _p, result: _r, ...older } = b01.outputs;
      expect(await allowing.check(urnOf("team-b01"), {}, { ...older, folderName: "CYNC" })).toMatchObject({ failures: [] });
      await allowing.delete(urnOf("team-b01"), b01.id, { ...older, folderName: "CYNC" });
      for (const m of b01.inputs.mailboxes as string[]) expect(await teamContacts(m)).toEqual([]);
    } finally {
      await allowing.close();
    }
  });

  it("refuses inputs of an unknown shape at check, naming the property", async () => {
    const { failures } = await host.check(urnOf("team-b09"), {}, { policy: "team", mailboxes: "not a list", __provider: provider });
    expect(failures.map((f) => f.property)).toEqual(expect.arrayContaining(["mailboxes", "policyDigest", "desiredDigest", "bucket", "folder"]));
  });
});

/**
 * The Pulumi program against Pulumi's mocks (https://www.pulumi.com/docs/iac/guides/testing/unit/)
 * and the embedded tenant: which resources it declares and with which inputs — ids, counts and
 * digests, never contact data or a credential — that buckets hold still when mailboxes come and
 * go, and that invalid policies fail the run with file:line and no resource declared.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { simulatorEnv } from "@cync/simulator";
import { withSimulator } from "@cync/simulator/testing";
import { shardOf } from "../../src/engine/partition";
import { cyncStack, type StackOutputs } from "../../src/pulumi/stack";

const TYPE = "pulumi-nodejs:dynamic/cync:ContactBucket";
const OFFICE = "Mock House";
const policy = (name: string, folder: string): string => `apiVersion: cync/v1
kind: ContactSyncPolicy
metadata:
  name: ${name}
spec:
  targets:
    where:
      attribute: officeLocation
      equals: ${OFFICE}
  folder:
    name: ${folder}
  defaultRegion: US
`;
/** Values that must never reach Pulumi's state: a user's name, phone and mail, and the app's secret. */
const CANARY = { displayName: "Zebedee Canary", mobilePhone: "+1 425 555 0199", mail: "zebedee.canary@contoso.example" };
/** The phone as cync writes it (E.164). */
const CANARY_E164 = "+14255550199";

interface Declared {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}

const sim = withSimulator({ users: 16, seed: 4 });
let work = "";
let userIds: string[] = [];

/** Points Pulumi's runtime at mocks recording into `declared`, with this stack config. */
async function mock(declared: Declared[], config: Record<string, string>): Promise<void> {
  await pulumi.runtime.setMocks(
    {
      newResource: ({ type, name, inputs }) => {
        if (type !== "pulumi:pulumi:Stack") declared.push({ type, name, inputs });
        return { id: `${name}-id`, state: inputs };
      },
      call: () => ({}),
    },
    "cync",
    "test",
    true,
  );
  pulumi.runtime.setAllConfig({ "cync:stateDir": path.join(work, "state"), ...Object.fromEntries(Object.entries(config).map(([k, v]) => [`cync:${k}`, v])) });
}

/** Runs the program as `pulumi preview` would, against the mocks, with this stack config; times out instead of hanging. */
async function runProgram(config: Record<string, string> = {}): Promise<{ declared: Declared[]; outputs: StackOutputs }> {
  const declared: Declared[] = [];
  await mock(declared, config);
  // A value Pulumi cannot serialize surfaces only as an unhandled rejection, and the run never ends.
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("the program did not finish")), 20_000)));
  try {
    const outputs = await Promise.race([pulumi.runtime.runInPulumiStack(() => cyncStack(work, simulatorEnv(sim, "applier"))), timeout]);
    await Promise.race([pulumi.runtime.disconnect(), timeout]);
    return { declared, outputs: outputs as StackOutputs };
  } finally {
    clearTimeout(timer);
  }
}

/** Mailbox id → the resource holding it. */
const bucketOfMailbox = (declared: readonly Declared[]): Map<string, string> =>
  new Map(declared.flatMap((d) => (d.inputs.mailboxes as string[]).map((m) => [m, d.name] as const)));

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "cync-pulumi-program-"));
  await mkdir(path.join(work, "policies"));
  await writeFile(path.join(work, "policies", "team.yaml"), policy("team", "Team"));
  await writeFile(path.join(work, "policies", "office.yaml"), policy("office", "Office"));
  userIds = ((await sim.control("GET", "/tenant")).body as { users: { id: string }[] }).users.map((u) => u.id);
  for (const id of userIds.slice(0, 10)) expect((await sim.control("PATCH", `/users/${id}`, { officeLocation: OFFICE })).status).toBe(200);
  expect((await sim.control("PATCH", `/users/${userIds[11]}`, CANARY)).status).toBe(200);
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("the Pulumi program", () => {
  let first: Declared[] = [];

  it("declares one ContactBucket per (policy, non-empty bucket), with ids, counts and digests as inputs", async () => {
    const run = await runProgram({ buckets: "4" });
    first = run.declared;
    expect(new Set(first.map((d) => d.type))).toEqual(new Set([TYPE]));
    for (const d of first) expect(d.name).toMatch(/^(team|office)-b0[0-3]$/);
    expect(first.filter((d) => d.name.startsWith("team-")).length).toBeGreaterThan(1);
    for (const d of first) {
      expect(Object.keys(d.inputs).sort()).toEqual(["__provider", "bucket", "buckets", "desiredDigest", "folder", "mailboxes", "pending", "policy", "policyDigest", "safety", "version"]);
      expect(d.inputs).toMatchObject({ version: 1, buckets: 4, policy: d.name.split("-")[0], folder: { name: d.name.startsWith("team") ? "Team" : "Office" } });
      expect(d.inputs.desiredDigest).toMatch(/^[0-9a-f]{64}$/);
    }
    const teamMailboxes = first.filter((d) => d.name.startsWith("team-")).flatMap((d) => d.inputs.mailboxes as string[]);
    // Each target mailbox (the office's people whose mailboxes cync can write) in exactly one bucket.
    const office = new Set(userIds.slice(0, 10).map((id) => id.toLowerCase()));
    expect(new Set(teamMailboxes).size).toBe(teamMailboxes.length);
    expect(teamMailboxes.filter((id) => !office.has(id))).toEqual([]);
    expect(teamMailboxes.length).toBeGreaterThan(5);
    // Nothing written yet: every target mailbox is planned to get a contact per source user but its own.
    expect(run.outputs.pending.create).toBeGreaterThan(0);
    expect(first.reduce((n, d) => n + (d.inputs.pending as { create: number }).create, 0)).toBe(run.outputs.pending.create);
  });

  it("puts no contact data and no credential in any input; the desired set lies in the state directory instead", async () => {
    const serialized = JSON.stringify(first);
    const secret = simulatorEnv(sim, "applier").AZURE_CLIENT_SECRET!;
    for (const canary of [...Object.values(CANARY), CANARY_E164, secret]) expect(serialized).not.toContain(canary);
    // The canary is really in the desired set: the check above could have failed.
    const stateFiles = await readdir(path.join(work, "state"), { recursive: true });
    const desired = stateFiles.filter((f) => f.includes("pulumi-desired"));
    expect(desired.length).toBe(2);
    const texts = await Promise.all(desired.map((f) => readFile(path.join(work, "state", f), "utf8")));
    for (const canary of [CANARY.displayName, CANARY.mail, CANARY_E164]) expect(texts.join("")).toContain(canary);
  });

  it("keeps every other mailbox in its bucket when mailboxes join and leave the targets", async () => {
    const [leaver, joiner] = [userIds[0]!, userIds[12]!];
    expect((await sim.control("PATCH", `/users/${leaver}`, { officeLocation: "Elsewhere" })).status).toBe(200);
    expect((await sim.control("PATCH", `/users/${joiner}`, { officeLocation: OFFICE })).status).toBe(200);
    const after = bucketOfMailbox((await runProgram({ buckets: "4" })).declared);
    const before = bucketOfMailbox(first);
    expect(after.has(leaver.toLowerCase())).toBe(false);
    expect(after.has(joiner.toLowerCase())).toBe(true);
    for (const [mailbox, bucket] of before) if (mailbox !== leaver.toLowerCase()) expect(after.get(mailbox), mailbox).toBe(bucket);
  });

  it("declares, under cync:shard, only its shard's mailboxes, in the buckets of the same names; the shards together hold every mailbox once", async () => {
    const whole = bucketOfMailbox((await runProgram({ buckets: "4" })).declared);
    const shards = [];
    for (const shard of ["1/2", "2/2"]) shards.push(bucketOfMailbox((await runProgram({ buckets: "4", shard, stateDir: path.join(work, `state-${shard.replace("/", "-of-")}`) })).declared));
    const [one, two] = shards as [Map<string, string>, Map<string, string>];
    expect(one.size).toBeGreaterThan(0);
    expect(two.size).toBeGreaterThan(0);
    for (const mailbox of one.keys()) expect(two.has(mailbox), mailbox).toBe(false);
    for (const mailbox of one.keys()) expect(shardOf(mailbox, 2)).toBe(1);
    expect(new Map([...one, ...two])).toEqual(whole);
  });

  it.each([
    { name: "a schema error", file: "broken.yaml", text: "apiVersion: cync/v1\nkind: ContactSyncPolicy\nmetadata:\n  name: broken\nspec:\n  mode: sideways\n", where: /^policies\/broken\.yaml:6:\d+: error: spec\.mode: / },
    { name: "a setting out of range", file: undefined, text: "", where: /^cync:buckets must be a whole number from 1 to 4096$/, config: { buckets: "0" } },
  ])("fails on $name with the reason logged, no stack trace and nothing declared", async ({ file, text, where, config }) => {
    if (file !== undefined) await writeFile(path.join(work, "policies", file), text);
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const declared: Declared[] = [];
    try {
      await mock(declared, config ?? {});
      await expect(cyncStack(work, simulatorEnv(sim, "applier"))).rejects.toSatisfy((e: unknown) => pulumi.RunError.isInstance(e));
      expect(declared).toEqual([]);
      const lines = logged.mock.calls.map((c) => String(c[0]).replace(/^error: \[runtime\] /, ""));
      expect(lines.some((l) => where.test(l)), lines.join("\n")).toBe(true);
    } finally {
      logged.mockRestore();
      if (file !== undefined) await rm(path.join(work, "policies", file));
    }
  });
});

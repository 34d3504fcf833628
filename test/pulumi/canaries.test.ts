/**
 * Secrets and personal data under Pulumi (README "Reliability", scenario secrets): the canaries of
 * the chaos suite (test/chaos/canary.ts) — a hired user's mail, phones and street, and the apps'
 * client secrets — never appear in what the program declares (resource inputs), in what the
 * dynamic provider returns and Pulumi keeps as state (outputs, on create and on refresh), nor in
 * the provider's error when the tenant refuses its writes (the read-only planner identity).
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulatorEnv } from "@cync/simulator";
import { withSimulator } from "@cync/simulator/testing";
import { prepareStack, type DeclaredBucket } from "../../src/pulumi/prepare";
import type { StackSettings } from "../../src/pulumi/settings";
import { CANARY_PERSONAL, canaryUser, leaks } from "../chaos/canary";
import { STAFF_POLICY } from "../e2e/harness";
import { providerText, startProviderHost, urnOf, type ProviderHost } from "./provider-host";

const OFFICE = "Canary Wharf";
/** The chaos suite's policy, into the mailboxes of the people in OFFICE. */
const POLICY = `${STAFF_POLICY}  targets:\n    where: {attribute: officeLocation, equals: ${OFFICE}}\n`;

const sim = withSimulator({ users: 10, seed: 12 });
let work = "";
let provider = "";
let buckets: DeclaredBucket[] = [];
const settings = (): StackSettings => ({ policies: "policies", stateDir: path.join(work, "state"), concurrency: 4, buckets: 1, allowDeletes: false });
const secrets = (): string[] => [sim.apps.applier.clientSecret, sim.apps.planner.clientSecret];
const canaries = (): string[] => [...secrets(), ...CANARY_PERSONAL];

beforeAll(async () => {
  provider = providerText();
  work = await mkdtemp(path.join(tmpdir(), "cync-pulumi-canaries-"));
  await mkdir(path.join(work, "policies"));
  await writeFile(path.join(work, "policies", "team.yaml"), POLICY);
  expect((await sim.control("POST", "/users", canaryUser(sim.handle.domain))).status).toBe(201);
  const users = (await sim.control("GET", "/tenant")).body as { users: { id: string }[] };
  for (const u of users.users.slice(0, 4)) await sim.control("PATCH", `/users/${u.id}`, { officeLocation: OFFICE });
  const prepared = await prepareStack(work, settings(), simulatorEnv(sim, "applier"));
  if (prepared.kind !== "ready") throw new Error(`program did not declare: ${JSON.stringify(prepared)}`);
  buckets = [...prepared.buckets];
});

/** The first bucket checked by a provider host running as `app`, and that host (closed after `use`). */
async function withHost(app: "applier" | "planner", use: (host: ProviderHost, name: string, inputs: Record<string, unknown>) => Promise<void>): Promise<void> {
  const host = await startProviderHost(simulatorEnv(sim, app));
  try {
    await host.configure({ "cync:stateDir": settings().stateDir, "cync:concurrency": "4", "cync:buckets": "1" });
    const b = buckets[0]!;
    const { inputs } = await host.check(urnOf(b.name), {}, { ...b.inputs, __provider: provider });
    await use(host, b.name, inputs);
  } finally {
    await host.close();
  }
}

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("Pulumi canaries", () => {
  it("the program's resource inputs hold none", () => {
    expect(buckets.length).toBeGreaterThan(0);
    expect(leaks(JSON.stringify(buckets), canaries())).toEqual([]);
  });

  it("the provider's error holds none when the tenant refuses every write", async () => {
    await withHost("planner", async (host, name, inputs) => {
      const refused = await host.create(urnOf(name), inputs).then(
        () => undefined,
        (err: unknown) => err as { details?: string },
      );
      expect(refused?.details?.trim().length, "a refusal says why").toBeGreaterThan(0);
      expect(leaks(refused!.details!, canaries()), refused!.details).toEqual([]);
    });
  });

  it("the provider's outputs (Pulumi's state) on create and refresh hold none", async () => {
    await withHost("applier", async (host, name, inputs) => {
      expect(leaks(JSON.stringify(inputs), canaries())).toEqual([]);
      const made = await host.create(urnOf(name), inputs);
      expect((made.props.result as { created: number }).created).toBeGreaterThan(0);
      const refreshed = await host.read(urnOf(name), made.id, made.props);
      expect(leaks(JSON.stringify([made, refreshed]), canaries())).toEqual([]);
    });
  });
});

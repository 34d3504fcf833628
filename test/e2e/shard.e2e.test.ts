/**
 * `cync apply --shard i/N` end to end on one tenant, in order (each test starts from what the
 * previous one left, as successive reconcile runs do): two shards applied one after another write
 * every target mailbox exactly once and converge to what an unsharded apply would; a shard whose
 * writes the tenant refuses leaves the other shard applied, and its next run completes it; a new
 * shard count removes nothing from a mailbox still targeted, and a removed policy is removed by
 * each shard from its own mailboxes only.
 */
import { readFile } from "node:fs/promises";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { computePlan } from "../../src/engine/plan";
import { inShard, shardOf, type Shard } from "../../src/engine/partition";
import { openSession } from "../../src/engine/session";
import { loadPolicies } from "../../src/policy/load";
import { simulatorEnv } from "@cync/simulator";
import { STAFF_POLICY, withApplyTenant, type CliRun } from "./harness";

const t = withApplyTenant({ users: 40, mailboxes: 12, seed: 11 });

/** A second policy, to be removed later: its contacts go, shard by shard. */
const TEAM_POLICY = `apiVersion: cync/v1
kind: ContactSyncPolicy
metadata:
  name: team
spec:
  folder:
    name: Team
  safety:
    deletion: permanent
`;

/** The unsharded plan's creates, by target mailbox. */
let expected = new Map<string, number>();
/** One record for every run, as when shards run one after another in one checkout. */
let record = "";

/** `cync apply --shard` with the shard's own state directory, and the shared record. */
const applyShard = (shard: Shard | undefined, { app = "applier", allowDeletes = false }: { app?: "applier" | "planner"; allowDeletes?: boolean } = {}): Promise<CliRun> =>
  t.apply({ ...(shard === undefined ? {} : { shard }), stateDir: path.join(t.stateDir, shard === undefined ? "whole" : `${shard.index}-of-${shard.count}`), record, allowDeletes }, app);

const mailboxesOf = (run: CliRun): string[] => [...new Set(run.json.failures.map((f) => f.mailboxId))].sort();

/** Successful creates (contacts and folders) the tenant answered since the last reset. */
const createdSince = async (): Promise<number> => ((await t.control("GET", "/stats")).body as { requests: { succeededByMethod: Record<string, number> } }).requests.succeededByMethod["POST"] ?? 0;

async function expectConverged(mailboxes: readonly string[], policy = "staff"): Promise<void> {
  for (const m of mailboxes) {
    const owned = await t.owned(m, policy);
    expect(owned.size, `contacts in mailbox ${m}`).toBe(expected.get(m));
    expect([...owned.values()].every((copies) => copies.length === 1), `duplicates in mailbox ${m}`).toBe(true);
  }
}

describe("cync apply --shard against the embedded tenant", () => {
  beforeAll(async () => {
    record = path.join(path.dirname(t.recordFile), "shared-record.json");
    const loaded = await loadPolicies([t.policiesDir]);
    const session = openSession({ stateDir: path.join(t.stateDir, "expected"), env: simulatorEnv(t.sim, "planner") });
    const { plan } = await computePlan({ policies: loaded.policies, steps: session.steps, io: session.io, tenant: session.tenant });
    expected = new Map(plan.policies[0]!.mailboxes.map((m) => [m.mailbox.id, m.create.length]));
    // Both shards have mailboxes to fill.
    expect(new Set([...expected.keys()].map((id) => shardOf(id, 2)))).toEqual(new Set([1, 2]));
    await t.requestsSince();
  });

  it("applies shard 1/2 to its mailboxes only, and says which shard it is", async () => {
    const run = await applyShard({ index: 1, count: 2 });
    expect(run.code, run.stderr).toBe(0);
    expect(run.json).toMatchObject({ shard: { index: 1, count: 2 } });
    const mine = [...expected.keys()].filter((id) => inShard(id, { index: 1, count: 2 }));
    expect(run.json.planned.mailboxes).toBe(mine.length);
    expect(run.json.summary.create).toBe(mine.reduce((n, id) => n + expected.get(id)!, 0));
    await expectConverged(mine);
    for (const id of expected.keys()) if (!mine.includes(id)) expect((await t.owned(id)).size, `mailbox ${id} of shard 2`).toBe(0);
  });

  it("reports shard 2/2's refused writes as its failures, leaving shard 1/2 applied", async () => {
    const run = await applyShard({ index: 2, count: 2 }, { app: "planner" });
    expect(run.code).toBe(1);
    const theirs = [...expected.keys()].filter((id) => shardOf(id, 2) === 2).sort();
    expect(mailboxesOf(run)).toEqual(theirs);
    await expectConverged([...expected.keys()].filter((id) => shardOf(id, 2) === 1));
  });

  it("completes shard 2/2 on its next run: every mailbox written exactly once, as unsharded", async () => {
    const run = await applyShard({ index: 2, count: 2 });
    expect(run.code, run.stderr).toBe(0);
    expect(run.json.failures).toEqual([]);
    await expectConverged([...expected.keys()]);
    // One create per planned contact and one folder per mailbox, over both shards: nothing sent twice.
    const contacts = [...expected.values()].reduce((a, b) => a + b, 0);
    expect(await createdSince()).toBe(contacts + expected.size);
    const whole = await applyShard(undefined);
    expect(whole.code, whole.stderr).toBe(0);
    expect(whole.json.planned).toEqual({ create: 0, update: 0, delete: 0, mailboxes: 0 });
  });

  it("removes nothing from a mailbox still targeted when the shard count changes", async () => {
    for (let index = 1; index <= 3; index++) {
      const run = await applyShard({ index, count: 3 });
      expect(run.code, run.stderr).toBe(0);
      expect(run.json.planned, `shard ${index}/3`).toEqual({ create: 0, update: 0, delete: 0, mailboxes: 0 });
    }
    await expectConverged([...expected.keys()]);
  });

  it("removes a policy no longer declared shard by shard, each from its own mailboxes, forgetting only those", async () => {
    await t.writePolicies({ "staff.yaml": STAFF_POLICY, "team.yaml": TEAM_POLICY });
    for (const index of [1, 2]) expect((await applyShard({ index, count: 2 })).code).toBe(0);
    const teamMailboxes = async (): Promise<string[]> => {
      const out = [];
      for (const id of expected.keys()) if ((await t.owned(id, "team")).size > 0) out.push(id);
      return out.sort();
    };
    expect(await teamMailboxes()).toEqual([...expected.keys()].sort());
    await t.writePolicies({ "staff.yaml": STAFF_POLICY });
    // A removal deletes all a policy owns, past the default limits: allowed, as an operator would.
    const run = await applyShard({ index: 1, count: 2 }, { allowDeletes: true });
    expect(run.code, run.stderr).toBe(0);
    expect(run.json.summary.delete).toBeGreaterThan(0);
    expect(await teamMailboxes()).toEqual([...expected.keys()].filter((id) => shardOf(id, 2) === 2).sort());
    const remembered = JSON.parse(await readFile(record, "utf8")) as { tenants: Record<string, Record<string, { mailboxes: Record<string, unknown> }>> };
    const team = Object.values(remembered.tenants)[0]!["team"]!;
    expect(Object.keys(team.mailboxes).sort()).toEqual(await teamMailboxes());
    const second = await applyShard({ index: 2, count: 2 }, { allowDeletes: true });
    expect(second.code, second.stderr).toBe(0);
    expect(await teamMailboxes()).toEqual([]);
    await expectConverged([...expected.keys()]);
  });
});

import { beforeEach, describe, expect, it } from "vitest";
import type { DirectoryUser } from "../../src/model/directory-user";
import { MEMO_TTL_MS } from "../../src/engine/memo";
import { computePlan, PlanFilterError } from "../../src/engine/plan";
import type { PlanSteps } from "../../src/engine/steps";
import type { MailboxRef } from "../../src/model/mailbox";
import type { LoadedPolicy, ResolvedPolicy } from "../../src/policy";
import { contentHash } from "../../src/registry/hash";
import type { Plan } from "../../src/plan/types";
import type { TenantRecord } from "../../src/record/record";
import { createMemoryStateStore } from "../../src/state";
import { FakeGraphError, FakeTenant } from "../mailbox/fake-mailbox";

const user = (id: string, displayName: string, extra: Record<string, unknown> = {}): DirectoryUser => ({
  id,
  displayName,
  userPrincipalName: `${id}@contoso.test`,
  accountEnabled: true,
  ...extra,
});
const ref = (u: DirectoryUser): MailboxRef => ({ id: u.id, upn: u.userPrincipalName as string });

const alice = user("alice", "Alice Adams");
const bob = user("bob", "Bob Brown");
const carol = user("carol", "Carol Clark");
const noMailbox = user("dave", "Dave Dunn");

function loaded(name: string, overrides: Partial<ResolvedPolicy> = {}): LoadedPolicy {
  const resolved = {
    name,
    folder: { name: "CYNC" },
    mode: "sync",
    source: { enabledOnly: true },
    targets: { includeSelf: false },
    mapping: {},
    ...overrides,
  } as ResolvedPolicy;
  return { file: `${name}.yaml`, policy: {} as LoadedPolicy["policy"], resolved, digest: `digest-${name}` };
}

/** Fake stages: every enabled user is a source and a target, a disabled one a non-target; fields are just the display name. */
function steps(users: () => DirectoryUser[], unmappable = new Set<string>(), photos: PlanSteps["readPhotos"] = async () => new Map()): PlanSteps {
  return {
    readPhotos: photos,
    readDirectory: async () => ({ users: new Map(users().map((u) => [u.id, u])), membership: { isMember: () => false } }),
    sourceUsers: (_p, d) => [...d.users.values()].filter((u) => u.accountEnabled === true),
    targets: async (_p, d) => ({
      mailboxes: [...d.users.values()].filter((u) => u.accountEnabled === true).map(ref),
      skipped: [],
      nonTargets: [...d.users.values()].filter((u) => u.accountEnabled !== true).map((u) => ({ mailbox: ref(u), code: "account-disabled" as const })),
    }),
    mapUser: (u) => {
      if (unmappable.has(u.id)) return { contact: undefined, warnings: [{ code: "unmappable", message: "no name", sourceUserId: u.id }] };
      const fields = { displayName: u.displayName as string };
      return { contact: { sourceUserId: u.id, fields, hash: contentHash(fields) }, warnings: [] };
    },
  };
}

describe("computePlan", () => {
  let graph: FakeTenant;
  let state: ReturnType<typeof createMemoryStateStore>;
  let users: DirectoryUser[];
  let now = Date.parse("2026-01-01T00:00:00Z");
  const run = (policies = [loaded("staff")], filters = {}, unmappable?: Set<string>) =>
    computePlan({ policies, steps: steps(() => users, unmappable), io: { graph, state, concurrency: 2, now: () => now }, filters, tenant: "t@https://g" });

  beforeEach(() => {
    graph = new FakeTenant();
    state = createMemoryStateStore();
    users = [alice, bob, carol];
  });

  it("plans every other user into every mailbox of a fresh tenant, self excluded", async () => {
    const { plan, meta } = await run();
    expect(plan.summary).toEqual({ create: 6, update: 0, delete: 0, mailboxes: 3 });
    const alicePlan = plan.policies[0]!.mailboxes.find((m) => m.mailbox.id === "alice")!;
    expect(alicePlan.create.map((c) => c.sourceUserId)).toEqual(["bob", "carol"]);
    expect(meta).toMatchObject({ policyDigests: { staff: "digest-staff" }, tenant: "t@https://g", directoryUsers: 3 });
    expect(meta.directoryDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  it("leaves a user's own contact in cync's folder alone and repairs a tampered one", async () => {
    const folder = graph.mailbox("alice").addFolder("CYNC");
    graph.mailbox("alice").put(folder, { displayName: "Bob Brown" }, { policy: "staff", sourceUserId: "bob", hash: "x" });
    graph.mailbox("alice").put(folder, { displayName: "Bobby (tampered)" }, { policy: "staff", sourceUserId: "carol", hash: "x" });
    graph.mailbox("alice").put(folder, { displayName: "Mum" });
    const { plan } = await run();
    const m = plan.policies[0]!.mailboxes.find((x) => x.mailbox.id === "alice")!;
    expect(m.create).toEqual([]);
    expect(m.update.map((u) => [u.sourceUserId, u.old.displayName, u.new.displayName])).toEqual([["carol", "Bobby (tampered)", "Carol Clark"]]);
    expect(m).toMatchObject({ delete: [], unmarked: 1 });
  });

  it.each([
    ["a disabled user's contact", [alice, { ...bob, accountEnabled: false }, carol], {}, new Set<string>(), "source-user-disabled"],
    ["the contact of a user deleted from the directory", [alice, carol], {}, new Set<string>(), "source-user-left"],
    ["an unmappable user's contact", [alice, bob, carol], {}, new Set(["bob"]), "source-user-unmappable"],
    [
      "the contact of a user outside the source for another reason",
      [alice, { ...bob, accountEnabled: false }, carol],
      { source: { enabledOnly: false } },
      new Set<string>(),
      "source-user-no-longer-matches",
    ],
  ])("deletes %s, saying why", async (_name, directory, overrides, unmappable, detail) => {
    const folder = graph.mailbox("alice").addFolder("CYNC");
    graph.mailbox("alice").put(folder, { displayName: "Bob Brown" }, { policy: "staff", sourceUserId: "bob" });
    users = directory;
    const { plan } = await run([loaded("staff", overrides as Partial<ResolvedPolicy>)], {}, unmappable);
    const m = plan.policies[0]!.mailboxes.find((x) => x.mailbox.id === "alice")!;
    expect(m.delete).toMatchObject([{ sourceUserId: "bob", reason: "source-gone", detail }]);
  });

  it.each([
    ["the whole plan", {}, [{ code: "account-disabled", message: "account disabled", count: 2 }]],
    ["--mailbox naming a non-target (no 'no target mailbox matches' error)", { mailbox: "bob@contoso.test" }, [{ code: "account-disabled", message: "account disabled", count: 1 }]],
    ["--mailbox naming a target", { mailbox: "alice" }, []],
  ])("counts non-targets per reason, never lists them: %s", async (_name, filters, nonTargets) => {
    users = [alice, { ...bob, accountEnabled: false }, { ...carol, accountEnabled: false }];
    const { plan } = await run(undefined, filters);
    expect(plan.policies[0]!.nonTargets).toEqual(nonTargets);
    expect(plan.policies[0]!.skipped).toEqual([]);
  });

  it("skips and reports a mailbox without Exchange, planning the others", async () => {
    users = [alice, bob, noMailbox];
    graph.mailbox("dave").failAll = new FakeGraphError(404, "MailboxNotEnabledForRESTAPI");
    const { plan } = await run();
    const text = "no Exchange Online mailbox";
    expect(plan.policies[0]!.skipped).toEqual([{ mailbox: ref(noMailbox), code: "no-exchange-mailbox", message: text, reason: text }]);
    expect(plan.summary.mailboxes).toBe(2);
  });

  describe("plan memo", () => {
    let first: Awaited<ReturnType<typeof run>>;
    /** Every mailbox holds every other user's contact, as cync wrote it: nothing to change. */
    beforeEach(async () => {
      for (const id of ["alice", "bob", "carol"]) {
        const folder = graph.mailbox(id).addFolder("CYNC");
        for (const u of users.filter((x) => x.id !== id)) {
          const fields = { displayName: u.displayName as string };
          graph.mailbox(id).put(folder, fields, { policy: "staff", sourceUserId: u.id, hash: contentHash(fields) });
        }
      }
      first = await run();
      expect(first.plan.summary).toMatchObject({ create: 0, update: 0, delete: 0 });
      expect(first.meta.mailboxReads.memoHits).toBe(0);
    });

    it("plans an unchanged mailbox from its delta round alone, with the same result", async () => {
      const memo = await run();
      expect(memo.meta.mailboxReads).toEqual({ requests: 3, fullReads: 0, memoHits: 3 });
      expect(memo.plan).toEqual(first.plan);
      expect(memo.plan.policies[0]!.ownedContacts).toBe(6);
    });

    it("re-plans every mailbox when the desired contacts change", async () => {
      await run();
      users = [alice, { ...bob, displayName: "Robert Brown" }, carol];
      const { plan, meta } = await run();
      expect(meta.mailboxReads.memoHits).toBe(0);
      expect(plan.summary).toMatchObject({ update: 2, mailboxes: 2 });
    });

    it("re-plans a mailbox whose folder changed, and only that one", async () => {
      await run();
      const folder = graph.mailbox("carol").folders[0]!.id;
      graph.mailbox("carol").put(folder, { displayName: "Mum" });
      const { plan, meta } = await run();
      expect(meta.mailboxReads.memoHits).toBe(2);
      expect(plan.policies[0]!.mailboxes).toEqual([]);
      expect(plan.policies[0]!.unchangedMailboxes).toBe(3);
    });

    it("does not trust a memo older than a day", async () => {
      await run();
      now += MEMO_TTL_MS;
      expect((await run()).meta.mailboxReads.memoHits).toBe(0);
    });
  });

  it("warns when several folders share the policy's folder name", async () => {
    graph.mailbox("bob").addFolder("CYNC");
    graph.mailbox("bob").addFolder("cync");
    const { plan } = await run();
    expect(plan.policies[0]!.warnings).toMatchObject([{ code: "duplicate-folder", mailboxId: "bob" }]);
  });

  it("fails the run on any other mailbox failure", async () => {
    graph.mailbox("bob").failAll = new FakeGraphError(500, "InternalServerError");
    await expect(run()).rejects.toMatchObject({ status: 500 });
  });

  it("carries mapping warnings and leaves unmappable users out", async () => {
    const { plan } = await run(undefined, {}, new Set(["carol"]));
    expect(plan.policies[0]!.warnings).toEqual([
      { code: "unmappable", message: "no name", sourceUserId: "carol", displayName: "Carol Clark", userPrincipalName: "carol@contoso.test" },
    ]);
    // alice ← bob, bob ← alice, carol ← alice + bob; nobody gets carol.
    expect(plan.summary.create).toBe(4);
  });

  it.each([
    ["a policy", { policy: "b" }, ["b"], 3],
    ["a mailbox by id", { mailbox: "bob" }, ["a", "b"], 1],
    ["a mailbox by UPN, any case", { mailbox: "BOB@contoso.test" }, ["a", "b"], 1],
  ])("narrows to %s", async (_name, filters, policies, mailboxesPerPolicy) => {
    const { plan } = await run([loaded("a"), loaded("b", { folder: { name: "B" } })], filters);
    expect(plan.policies.map((p) => p.policy)).toEqual(policies);
    for (const p of plan.policies) expect(p.mailboxes).toHaveLength(mailboxesPerPolicy);
  });

  describe("with base policies (--base-policies)", () => {
    const withBase = async (policies: LoadedPolicy[], basePolicies: LoadedPolicy[]) => {
      const reads: string[][] = [];
      const fake = steps(() => users);
      const counting: PlanSteps = { ...fake, readDirectory: (ps) => (reads.push(ps.map((p) => p.name)), fake.readDirectory(ps)) };
      const out = await computePlan({ policies, basePolicies, steps: counting, io: { graph, state, concurrency: 2, now: () => now }, tenant: "t@https://g" });
      return { ...out, reads };
    };
    const edited = (name: string): LoadedPolicy => ({ ...loaded(name), digest: `digest-${name}-before` });

    it.each([
      { name: "the same policies: nothing planned twice, everything pending", base: [loaded("staff")], requests: 3, pullRequest: 0, pending: 6, withdrawn: 0 },
      { name: "an edited policy: planned again after the head's reads, by delta", base: [edited("staff")], requests: 6, pullRequest: 0, pending: 6, withdrawn: 0 },
      { name: "a removed policy: its creates withdrawn", base: [loaded("staff"), loaded("sales", { folder: { name: "S" } })], requests: 6, pullRequest: 0, pending: 6, withdrawn: 6 },
      { name: "an added policy: its creates the pull request's", base: [], requests: 3, pullRequest: 6, pending: 0, withdrawn: 0 },
    ])("$name, over one directory read", async ({ base, requests, pullRequest, pending, withdrawn }) => {
      const { plan, meta, reads } = await withBase([loaded("staff")], base);
      expect(reads).toHaveLength(1);
      expect(meta.mailboxReads.requests).toBe(requests);
      const counts = (c: { create: number; update: number; delete: number } | undefined) => (c === undefined ? -1 : c.create + c.update + c.delete);
      expect(counts(plan.pullRequest)).toBe(pullRequest);
      expect(counts(plan.pending)).toBe(pending);
      expect(counts(plan.pullRequest?.withdrawn)).toBe(withdrawn);
    });

    it("reads the directory with the base policies' attributes too", async () => {
      const { reads } = await withBase([loaded("staff")], [loaded("staff"), loaded("sales")]);
      expect(reads).toEqual([["staff", "sales"]]);
    });
  });

  it("plans several policies under one shared bound", async () => {
    const { plan, meta } = await run([loaded("a"), loaded("b", { folder: { name: "B" } }), loaded("c", { folder: { name: "C" } })]);
    expect(plan.policies.map((p) => [p.policy, p.mailboxes.length])).toEqual([
      ["a", 3],
      ["b", 3],
      ["c", 3],
    ]);
    expect(meta.mailboxReads.requests).toBe(9);
  });

  it.each([
    ["an unknown policy", { policy: "nope" }, /no policy named "nope" \(known: staff\)/],
    ["an unknown mailbox", { mailbox: "nobody" }, /no target mailbox matches "nobody"/],
    ["a mailbox of another shard", { mailbox: "bob", shard: { index: 2, count: 2 } }, /no target mailbox matches "bob" in shard 2\/2/],
  ])("refuses %s", async (_name, filters, message) => {
    await expect(run(undefined, filters)).rejects.toThrow(PlanFilterError);
    await expect(run(undefined, filters)).rejects.toThrow(message);
  });

  it.each([
    // shardOf: bob is in shard 1 of 2, alice and carol in shard 2 (src/engine/partition.ts).
    { shard: { index: 1, count: 2 }, mailboxes: ["bob"] },
    { shard: { index: 2, count: 2 }, mailboxes: ["alice", "carol"] },
  ])("plans only the mailboxes of shard $shard.index/$shard.count, and says so", async ({ shard, mailboxes }) => {
    const { plan, meta } = await run(undefined, { shard });
    expect(plan.shard).toEqual(shard);
    expect(plan.policies[0]!.mailboxes.map((m) => m.mailbox.id)).toEqual(mailboxes);
    // One folder lookup per mailbox of the shard: the other shard's mailboxes are not read.
    expect(meta.mailboxReads.requests).toBe(mailboxes.length);
  });

  it("leaves the shard out of an unsharded plan", async () => {
    expect((await run()).plan).not.toHaveProperty("shard");
  });

  it("costs one request per mailbox on a second run with nothing changed", async () => {
    for (const id of ["alice", "bob", "carol"]) graph.mailbox(id).addFolder("CYNC");
    const first = await run();
    const second = await run();
    // First: folder lookup + initial delta round + listing; then the delta round alone.
    expect(first.meta.mailboxReads).toEqual({ requests: 9, fullReads: 3, memoHits: 0 });
    expect(second.meta.mailboxReads).toEqual({ requests: 3, fullReads: 0, memoHits: 0 });
    expect(second.plan).toEqual(first.plan);
  });

  describe("with the removal record", () => {
    const safety = { maxDeletes: 50, maxDeletePercent: 10, deletion: "deletedItems" } as const;
    /** `old` (folder "Old", created by cync) wrote to alice and bob; `staff` to all three. */
    const record: TenantRecord = {
      old: { folder: { name: "Old" }, safety, mailboxes: { alice: { folderCreated: true }, bob: { folderCreated: true } } },
      staff: { folder: { name: "CYNC" }, safety, mailboxes: { alice: { folderCreated: true }, bob: { folderCreated: true }, carol: { folderCreated: true } } },
    };
    const seedOld = (): void => {
      for (const id of ["alice", "bob"]) graph.mailbox(id).put(graph.mailbox(id).addFolder("Old"), { displayName: "Carol Clark" }, { policy: "old", sourceUserId: "carol" });
    };
    const plan = (basePolicies?: LoadedPolicy[], filters = {}) =>
      computePlan({ policies: [loaded("staff")], steps: steps(() => users), io: { graph, state, concurrency: 2, now: () => now }, filters, tenant: "t@https://g", record, ...(basePolicies ? { basePolicies } : {}) });
    const reasons = (p: Plan) => p.policies.flatMap((x) => x.mailboxes.flatMap((m) => m.delete.map((d) => `${x.policy}:${m.mailbox.id}:${d.reason}`)));

    it("removes a removed policy's contacts and a left mailbox's, joined to the policy's own plan", async () => {
      seedOld();
      users = [alice, bob, { ...carol, accountEnabled: false }];
      graph.mailbox("carol").put(graph.mailbox("carol").addFolder("CYNC"), { displayName: "Alice Adams" }, { policy: "staff", sourceUserId: "alice" });
      const { plan: p, meta } = await plan();
      expect(reasons(p)).toEqual(["old:alice:policy-removed", "old:bob:policy-removed", "staff:carol:mailbox-left-targets"]);
      expect(p.policies.map((x) => x.policy)).toEqual(["old", "staff"]);
      expect(p.policies[0]!.mailboxes.every((m) => m.removeFolder === true)).toBe(true);
      expect(meta.removals).toEqual([
        { policy: "old", mailboxIds: ["alice", "bob"] },
        { policy: "staff", mailboxIds: ["carol"] },
      ]);
    });

    it("shows a pull request deleting a policy as that pull request's removals", async () => {
      seedOld();
      const { plan: p } = await plan([loaded("staff"), loaded("old", { folder: { name: "Old" } })]);
      expect(p.pullRequest).toMatchObject({ removed: ["old"], delete: 2 });
      expect(p.policies.find((x) => x.policy === "old")!.pullRequest).toMatchObject({ delete: 2 });
    });

    it("does not read the mailbox of an owner gone from the directory, and settles it (the record forgets it)", async () => {
      seedOld();
      users = [alice, carol];
      graph.mailbox("bob").calls.length = 0;
      const { plan: p, meta } = await plan();
      expect(reasons(p)).toEqual(["old:alice:policy-removed"]);
      expect(graph.mailbox("bob").calls).toEqual([]);
      expect(meta.removals).toContainEqual({ policy: "old", mailboxIds: ["alice", "bob"] });
    });

    it("narrows removals to the policy --policy names, a removed one included", async () => {
      seedOld();
      const { plan: p } = await plan(undefined, { policy: "old" });
      expect(p.policies.map((x) => x.policy)).toEqual(["old"]);
      expect(reasons(p)).toEqual(["old:alice:policy-removed", "old:bob:policy-removed"]);
    });
  });
});

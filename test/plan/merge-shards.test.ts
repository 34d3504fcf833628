/**
 * The shards' plans of one `cync plan --shard i/N` merged into one (src/plan/merge-shards.ts): the
 * merge of shards planned from one directory read is the plan of the whole, and anything else —
 * a shard missing, given twice, of another count, or from another read — is refused.
 */
import { describe, expect, it } from "vitest";
import { assemblePlan, PolicyPlanBuilder } from "../../src/plan/aggregate";
import { planMailbox } from "../../src/plan/mailbox";
import { mergeShardPlans, ShardMergeError, type ShardPlanInput } from "../../src/plan/merge-shards";
import { splitPlan } from "../../src/plan/split";
import type { Plan } from "../../src/plan/types";
import { aliceOwnedV1, aliceV1, aliceV2, bobOwnedV1, bobV1, carolV1, desiredMap, POLICY } from "./fixtures";

const mb = (n: number) => ({ id: `m-${n}`, upn: `user${n}@contoso.com` });
/** Which shard of 3 each mailbox of the fixture is in. */
const SHARD_OF: Readonly<Record<number, number>> = { 1: 1, 2: 2, 3: 3, 4: 1, 5: 2, 9: 3 };
const MAILBOXES = [1, 2, 3, 4, 5];

interface Variant {
  /** The mapping's version: v2 edits Alice's job title (the pull request's change). */
  readonly alice?: typeof aliceV1;
  readonly sourceUsers?: number;
  readonly directoryDigest?: string;
  /** The warning about a user that every shard carries. */
  readonly userWarning?: string;
}

/** The plan of `mailboxes` (with their skips, non-targets and mailbox warnings) and the directory-level fields every shard shares. */
function planOf(mailboxes: readonly number[], v: Variant = {}): Plan {
  const want = desiredMap(v.alice ?? aliceV2, bobV1, carolV1);
  const b = new PolicyPlanBuilder({ policy: POLICY, folder: "CYNC", mode: "sync", sourceUsers: v.sourceUsers ?? 3 });
  b.warn({ code: "too-many-values", message: v.userWarning ?? "businessPhones: 3 values, Exchange accepts 2; kept the first 2", sourceUserId: "u-bob" });
  for (const n of mailboxes) {
    b.add(planMailbox({ mailbox: mb(n), policy: POLICY, desired: want, current: n === 5 ? [] : [aliceOwnedV1, bobOwnedV1], mode: "sync" }));
    for (let k = 0; k < n; k++) b.notTargeted("no-exchange-license");
    if (n === 2) b.warn({ code: "duplicate-folder", message: "2 contact folders share the policy's folder name", mailboxId: mb(n).id });
  }
  if (mailboxes.includes(3)) b.notTargeted("opted-out");
  if (mailboxes.includes(1)) b.skip(mb(9), "no-exchange-mailbox");
  return assemblePlan([b.finish()], { policyDigests: { [POLICY]: "sha256:abc" }, directoryDigest: v.directoryDigest ?? "sha256:def" });
}

const shardOf = (index: number, count: number, v: Variant = {}): Plan => ({ ...planOf(MAILBOXES.filter((n) => (SHARD_OF[n] ?? 0) % count === index % count), v), shard: { index, count } });
const input = (plan: Plan): ShardPlanInput => ({ source: plan.shard === undefined ? "plan.json" : `plan-${plan.shard.index}.json`, plan });
/** What the whole plan is, split against a base branch whose mapping did not edit Alice. */
const splitWhole = (): Plan => splitPlan(planOf(MAILBOXES, { alice: aliceV1 }), planOf(MAILBOXES));
const splitShard = (index: number): Plan => ({ ...splitPlan(shardOf(index, 3, { alice: aliceV1 }), shardOf(index, 3)), shard: { index, count: 3 } });

describe("mergeShardPlans", () => {
  it.each([
    { name: "one unsharded plan: itself", plans: [planOf(MAILBOXES)], whole: planOf(MAILBOXES) },
    { name: "1 shard of 1: the whole plan, without a shard", plans: [shardOf(1, 1)], whole: planOf(MAILBOXES) },
    { name: "3 shards: the whole plan, without a shard", plans: [shardOf(1, 3), shardOf(2, 3), shardOf(3, 3)], whole: planOf(MAILBOXES) },
    { name: "3 shards in any order", plans: [shardOf(3, 3), shardOf(1, 3), shardOf(2, 3)], whole: planOf(MAILBOXES) },
    { name: "3 shards split against the base policies: the whole's pull-request and pending effects", plans: [1, 2, 3].map(splitShard), whole: splitWhole() },
  ])("$name", ({ plans, whole }) => {
    expect(mergeShardPlans(plans.map(input))).toEqual(whole);
  });

  it("sums the change counts, and takes the warnings about users once", () => {
    const merged = mergeShardPlans([shardOf(1, 3), shardOf(2, 3), shardOf(3, 3)].map(input));
    expect(merged.summary).toEqual({ create: 7, update: 4, delete: 0, mailboxes: 5 });
    expect(merged.policies[0]!.warnings.map((w) => w.code)).toEqual(["too-many-values", "duplicate-folder"]);
    expect(merged.policies[0]!.nonTargets).toEqual([expect.objectContaining({ code: "no-exchange-license", count: 15 }), expect.objectContaining({ code: "opted-out", count: 1 })]);
  });

  it.each([
    { name: "a missing shard", plans: [shardOf(1, 3), shardOf(3, 3)], error: "shard 2 of 3 missing: a plan of some shards is not the plan" },
    { name: "a shard alone", plans: [shardOf(2, 3)], error: "shards 1, 3 of 3 missing: a plan of some shards is not the plan" },
    { name: "a duplicate index", plans: [shardOf(1, 3), shardOf(2, 3), shardOf(2, 3)], error: "plan-2.json is shard 2/3, as plan-2.json is" },
    { name: "a count mismatch", plans: [shardOf(1, 2), shardOf(2, 3), shardOf(3, 3)], error: "plan-2.json is a shard of 3, plan-1.json of 2" },
    { name: "an unsharded plan among several", plans: [planOf(MAILBOXES), shardOf(1, 1)], error: "plan.json is not a shard's plan (cync plan --shard i/N): several plans must be the shards of one" },
    {
      name: "another directory read (meta)",
      plans: [shardOf(1, 2), shardOf(2, 2, { directoryDigest: "sha256:other" })],
      error: "plan-2.json was planned from other policies or another directory read than plan-1.json (its meta differs: if the directory changed between the shards' reads, plan again)",
    },
    {
      name: "disagreeing source users",
      plans: [shardOf(1, 2), shardOf(2, 2, { sourceUsers: 4 })],
      error: "plan-2.json and plan-1.json disagree on policy all-employees's source users, which every shard reads from the same directory",
    },
    {
      name: "disagreeing warnings about users",
      plans: [shardOf(1, 2), shardOf(2, 2, { userWarning: "another" })],
      error: "plan-2.json and plan-1.json disagree on policy all-employees's warnings about users, which every shard reads from the same directory",
    },
    {
      name: "a mailbox in two shards",
      plans: [shardOf(1, 2), { ...shardOf(1, 2), shard: { index: 2, count: 2 } }],
      error: "plan-2.json and plan-1.json both plan mailbox m-1 of policy all-employees: shards are disjoint",
    },
    { name: "one split, one not", plans: [splitShard(1), splitShard(2), shardOf(3, 3)], error: "plan-3.json is not split against the base policies, unlike plan-1.json" },
    { name: "nothing", plans: [], error: "no plan to merge" },
  ])("refuses $name", ({ plans, error }) => {
    const merge = () => mergeShardPlans(plans.map(input));
    expect(merge).toThrow(ShardMergeError);
    expect(merge).toThrow(error);
  });
});

/**
 * The N shard plans of one `cync plan --shard i/N` run (one per GitHub Actions matrix job) made one
 * plan, so the pull request gets one comment and the safety guards judge each policy across every
 * shard. Pure: `cync comment` reads the files (src/cli/commands/comment.ts).
 *
 * Each shard read the whole directory and planned its own mailboxes (src/engine/plan.ts), so a
 * plan's fields are of two kinds:
 * - per mailbox, which the shards split between them: mailboxes, skipped mailboxes, non-target
 *   counts, warnings about a mailbox (those with `mailboxId`), owned contacts, unchanged mailboxes,
 *   change counts. These are concatenated or summed; a mailbox planned by two shards is an error.
 * - per directory, the same in every shard: `meta`, a policy's folder, mode and source users, the
 *   warnings about users, the policy names a pull request adds, edits and removes. These are taken
 *   once, and shards that disagree are an error (they were not planned from one read).
 * A shard missing, given twice, or of another count is an error: never a silently partial plan.
 */
import { isDeepStrictEqual } from "node:util";
import { assemblePlan } from "./aggregate";
import type { ChangeCounts, NonTargetCount, Plan, PlanWarning, PolicyEffect, PolicyPlan, PullRequestEffect } from "./types";

/** The shards given are not the N shards of one plan; the message says which problem, on one line. */
export class ShardMergeError extends Error {
  override readonly name = "ShardMergeError";
}

/** One shard's plan and where it came from (named in errors). */
export interface ShardPlanInput {
  readonly source: string;
  readonly plan: Plan;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const addCounts = (a: ChangeCounts, b: ChangeCounts): ChangeCounts => ({ create: a.create + b.create, update: a.update + b.update, delete: a.delete + b.delete });
const isDirectoryWarning = (w: PlanWarning): boolean => w.mailboxId === undefined;

/**
 * The shards' plans as the one plan of the whole, without a shard; an unsharded plan alone is returned as it is.
 * @throws ShardMergeError when the plans are not shards 1…N of one count, each once, from one directory read
 */
export function mergeShardPlans(inputs: readonly ShardPlanInput[]): Plan {
  if (inputs.length === 0) throw new ShardMergeError("no plan to merge");
  if (inputs.length === 1 && inputs[0]!.plan.shard === undefined) return inputs[0]!.plan;
  const shards = inShardOrder(inputs);
  const [first, ...rest] = shards;
  for (const s of rest) {
    if (!isDeepStrictEqual(s.plan.meta, first!.plan.meta)) {
      throw new ShardMergeError(`${s.source} was planned from other policies or another directory read than ${first!.source} (its meta differs: if the directory changed between the shards' reads, plan again)`);
    }
  }
  const names = [...new Set(shards.flatMap((s) => s.plan.policies.map((p) => p.policy)))].sort(byString);
  const policies = names.map((name) => mergePolicy(name, shards.flatMap((s) => s.plan.policies.filter((p) => p.policy === name).map((plan) => ({ source: s.source, plan })))));
  const assembled = assemblePlan(policies, first!.plan.meta);
  const split = shards.filter((s) => s.plan.pullRequest !== undefined);
  if (split.length === 0) return assembled;
  if (split.length !== shards.length) throw new ShardMergeError(`${shards.find((s) => s.plan.pullRequest === undefined)!.source} is not split against the base policies, unlike ${split[0]!.source}`);
  return {
    ...assembled,
    pullRequest: mergePullRequest(split.map((s) => ({ source: s.source, effect: s.plan.pullRequest! }))),
    pending: split.reduce<ChangeCounts>((n, s) => addCounts(n, s.plan.pending ?? { create: 0, update: 0, delete: 0 }), { create: 0, update: 0, delete: 0 }),
  };
}

/** The inputs ordered by shard index, checked to be shards 1…N of one N, each exactly once. */
function inShardOrder(inputs: readonly ShardPlanInput[]): ShardPlanInput[] {
  const unsharded = inputs.find((i) => i.plan.shard === undefined);
  if (unsharded !== undefined) throw new ShardMergeError(`${unsharded.source} is not a shard's plan (cync plan --shard i/N): several plans must be the shards of one`);
  const count = inputs[0]!.plan.shard!.count;
  const other = inputs.find((i) => i.plan.shard!.count !== count);
  if (other !== undefined) throw new ShardMergeError(`${other.source} is a shard of ${other.plan.shard!.count}, ${inputs[0]!.source} of ${count}`);
  const byIndex = new Map<number, ShardPlanInput>();
  for (const input of inputs) {
    const index = input.plan.shard!.index;
    const earlier = byIndex.get(index);
    if (earlier !== undefined) throw new ShardMergeError(`${input.source} is shard ${index}/${count}, as ${earlier.source} is`);
    byIndex.set(index, input);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) throw new ShardMergeError(`shard${missing.length === 1 ? "" : "s"} ${missing.join(", ")} of ${count} missing: a plan of some shards is not the plan`);
  return [...byIndex.keys()].sort((a, b) => a - b).map((i) => byIndex.get(i)!);
}

/** One policy's plans from the shards that have it (a removed policy's only where it had mailboxes). */
function mergePolicy(name: string, parts: readonly { readonly source: string; readonly plan: PolicyPlan }[]): PolicyPlan {
  const [first, ...rest] = parts;
  const directoryWarnings = first!.plan.warnings.filter(isDirectoryWarning);
  for (const { source, plan } of rest) {
    const field = plan.folder !== first!.plan.folder ? "folder" : plan.mode !== first!.plan.mode ? "mode" : plan.sourceUsers !== first!.plan.sourceUsers ? "source users" : undefined;
    const disagrees = field ?? (isDeepStrictEqual(plan.warnings.filter(isDirectoryWarning), directoryWarnings) ? undefined : "warnings about users");
    if (disagrees !== undefined) throw new ShardMergeError(`${source} and ${first!.source} disagree on policy ${name}'s ${disagrees}, which every shard reads from the same directory`);
  }
  const seen = new Map<string, string>();
  for (const { source, plan } of parts) {
    for (const m of plan.mailboxes) {
      const earlier = seen.get(m.mailbox.id);
      if (earlier !== undefined) throw new ShardMergeError(`${source} and ${earlier} both plan mailbox ${m.mailbox.id} of policy ${name}: shards are disjoint`);
      seen.set(m.mailbox.id, source);
    }
  }
  const all = parts.map((p) => p.plan);
  const sum = (f: (p: PolicyPlan) => number): number => all.reduce((n, p) => n + f(p), 0);
  const effects = (f: (p: PolicyPlan) => PolicyEffect | undefined): PolicyEffect | undefined => mergeEffect(all, f, directoryWarnings.length);
  const pullRequest = effects((p) => p.pullRequest);
  const pending = effects((p) => p.pending);
  return {
    policy: name,
    folder: first!.plan.folder,
    mode: first!.plan.mode,
    sourceUsers: first!.plan.sourceUsers,
    ownedContacts: sum((p) => p.ownedContacts),
    mailboxes: all.flatMap((p) => p.mailboxes).sort((a, b) => byString(a.mailbox.id, b.mailbox.id)),
    unchangedMailboxes: sum((p) => p.unchangedMailboxes),
    skipped: all.flatMap((p) => p.skipped).sort((a, b) => byString(a.mailbox.id, b.mailbox.id)),
    nonTargets: mergeNonTargets(all.flatMap((p) => p.nonTargets)),
    warnings: [...directoryWarnings, ...all.flatMap((p) => p.warnings.filter((w) => !isDirectoryWarning(w)))],
    ...(pullRequest === undefined ? {} : { pullRequest }),
    ...(pending === undefined ? {} : { pending }),
  };
}

/** Counts per reason summed, largest first (as src/plan/aggregate.ts orders them). */
function mergeNonTargets(counts: readonly NonTargetCount[]): NonTargetCount[] {
  const byCode = new Map<string, NonTargetCount>();
  for (const c of counts) {
    const q = byCode.get(c.code);
    byCode.set(c.code, q === undefined ? c : { ...q, count: q.count + c.count });
  }
  return [...byCode.values()].sort((a, b) => b.count - a.count || byString(a.code, b.code));
}

/**
 * A policy's pull-request (or pending) effect across the shards: changes and skips summed. Its
 * warning count holds every shard's copy of the warnings about users, of which only the number is
 * kept (src/plan/split.ts): each shard counts the same share of them, at least its count less its
 * mailbox warnings, so that share is taken once — exact whenever a shard has no mailbox warnings.
 */
function mergeEffect(plans: readonly PolicyPlan[], of: (p: PolicyPlan) => PolicyEffect | undefined, directoryWarnings: number): PolicyEffect | undefined {
  const parts = plans.flatMap((p) => {
    const e = of(p);
    return e === undefined ? [] : [{ effect: e, mailboxWarnings: p.warnings.length - directoryWarnings }];
  });
  if (parts.length === 0) return undefined;
  const shared = Math.min(directoryWarnings, Math.max(0, ...parts.map((p) => p.effect.warnings - p.mailboxWarnings)));
  return parts.reduce<PolicyEffect>(
    (n, { effect }) => ({ ...addCounts(n, effect), warnings: n.warnings + effect.warnings - shared, skipped: n.skipped + effect.skipped }),
    { create: 0, update: 0, delete: 0, warnings: shared, skipped: 0 },
  );
}

/** The pull request's effect across the shards: its counts summed, the policies it adds, edits and removes taken once. */
function mergePullRequest(parts: readonly { readonly source: string; readonly effect: PullRequestEffect }[]): PullRequestEffect {
  const [first, ...rest] = parts;
  const named = (e: PullRequestEffect): readonly (readonly string[])[] => [e.added, e.edited, e.removed];
  const other = rest.find((p) => !isDeepStrictEqual(named(p.effect), named(first!.effect)));
  if (other !== undefined) throw new ShardMergeError(`${other.source} and ${first!.source} disagree on the policies the pull request adds, edits and removes`);
  return parts.reduce<PullRequestEffect>(
    (n, { effect }) => ({ ...n, ...addCounts(n, effect), withdrawn: addCounts(n.withdrawn, effect.withdrawn) }),
    { ...first!.effect, create: 0, update: 0, delete: 0, withdrawn: { create: 0, update: 0, delete: 0 } },
  );
}

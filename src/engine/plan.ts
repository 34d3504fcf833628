/**
 * `computePlan`: policies + directory + mailboxes → Plan. The orchestration shared by `cync plan`,
 * `cync apply` and `cync demo` (docs/architecture.md#the-pipeline):
 *
 *   directory (once, for every loaded policy) → per policy: source users → mapping → desired set
 *   (shared by all that policy's mailboxes) → targets → per mailbox, in parallel under one bound
 *   shared by all policies: find folder → read folder → planMailbox → aggregate
 *   (or, for a mailbox whose folder and desire are unchanged since a no-change plan, the plan memo:
 *   memo.ts).
 *
 * The directory is always read with the attributes of ALL loaded policies, even when `--policy`
 * narrows the plan, so narrowing never invalidates the directory delta link in the state directory.
 * With base policies (`--base-policies`), that one read also serves them; only the base policies
 * that differ from the head's are planned again (their mailboxes read once more, after the head's,
 * by delta from the state the head's read left), and plan/split.ts splits the head plan.
 *
 * With the removal record (src/record), the plan also removes what is no longer declared
 * (declared.ts, removal.ts): a removed policy's contacts, and a policy's contacts in recorded
 * mailboxes that left its targets — read after the targets' mailboxes, and joined to the policy's
 * own plan so the guards judge all its deletions together.
 *
 * With a shard (`--shard i/N`, partition.ts), only the shard's mailboxes are read, planned, removed
 * from and swept; the directory and the target selections stay whole, so a recorded mailbox still
 * targeted but of another shard is never taken for one that left.
 */
import pLimit from "p-limit";
import { folderLabel, sameFolderSpec } from "../mailbox/folder";
import type { DirectoryUser } from "../model/directory-user";
import type { DesiredContact } from "../model/contact";
import type { MailboxRef } from "../model/mailbox";
import { assemblePlan, mergePolicyPlans, PolicyPlanBuilder } from "../plan/aggregate";
import type { DeleteDetail } from "../plan/reasons";
import { splitPlan } from "../plan/split";
import type { PlanMeta, PlanWarning, PolicyPlan, Plan } from "../plan/types";
import type { LoadedPolicy, ResolvedPolicy } from "../policy";
import { directoryDigest } from "./digest";
import { planMailboxes, type MailboxIo, type ReadStats } from "./mailboxes";
import { desireKey } from "./memo";
import { DEFAULT_SAFETY } from "../policy/defaults";
import type { PolicyWrite, TenantRecord } from "../record/record";
import { recordedRemovals, removedPolicies, type RecordedRemoval } from "./declared";
import { sweep, type SweepResult } from "./sweep";
import { planRemovals, type Removal } from "./removal";
import { inShard, shardLabel, type Shard } from "./partition";
import { mailboxRef } from "./steps-default";
import type { DirectoryView, PlanSteps, TargetSet } from "./steps";

/** Narrow a plan to one policy and/or one mailbox. */
export interface PlanFilters {
  /** Policy name (`metadata.name`). */
  readonly policy?: string;
  /** Mailbox owner's object id or userPrincipalName, case-insensitive. */
  readonly mailbox?: string;
  /** Only the mailboxes of this shard (`--shard i/N`); the plan says which shard it is. */
  readonly shard?: Shard;
}

export interface PlanInput {
  readonly policies: readonly LoadedPolicy[];
  readonly steps: PlanSteps;
  readonly io: MailboxIo;
  readonly filters?: PlanFilters;
  /** Tenant identity (digest.ts `tenantIdentity`) recorded in the meta. */
  readonly tenant: string;
  /**
   * The base branch's policies (`--base-policies`): planned over the same directory read, and the
   * plan split into the pull request's effect and what is pending regardless (plan/split.ts).
   */
  readonly basePolicies?: readonly LoadedPolicy[];
  /** This tenant's removal record (src/record): with it, the plan removes what is no longer declared. */
  readonly record?: TenantRecord;
  /** Also search every mailbox of the directory for cync's contacts no longer declared (sweep.ts). */
  readonly sweep?: boolean;
  /** Told each (head) policy's desired set and target mailboxes as they are computed (the Pulumi program keeps both: src/pulumi/prepare.ts). */
  readonly onDesire?: DesireObserver;
}

export type DesireObserver = (policy: LoadedPolicy, desired: ReadonlyMap<string, DesiredContact>, mailboxes: readonly MailboxRef[]) => void;

export interface PlanRunMeta extends PlanMeta {
  readonly directoryDigest: string;
  readonly tenant: string;
  /** Users the directory read returned. */
  readonly directoryUsers: number;
  /** Mailbox reads: requests, full (non-delta) folder reads and plans taken from the memo. */
  readonly mailboxReads: ReadStats;
  /** The mailboxes removals were planned for, per policy (the record forgets those done: src/apply/record.ts). */
  readonly removals: readonly { readonly policy: string; readonly mailboxIds: readonly string[] }[];
  /** Policies no longer declared that the plan removes: the folder and limits to apply and guard them with. */
  readonly removed: readonly PolicyWrite[];
  /** With `sweep`: what the search cost, and the declared policies' mailboxes it found (to record again). */
  readonly sweep?: Omit<SweepResult, "removals">;
}

export interface PlanOutput {
  readonly plan: Plan;
  readonly meta: PlanRunMeta;
}

/** Thrown when a filter names nothing; the CLI turns it into a one-line error. */
export class PlanFilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanFilterError";
  }
}

export async function computePlan(input: PlanInput): Promise<PlanOutput> {
  const { policies, steps, io, filters = {}, record = {} } = input;
  const chosen = filters.policy === undefined ? policies : policies.filter((p) => p.resolved.name === filters.policy);
  // `--policy` may name a removed policy that the record still knows: only its removal is planned.
  if (chosen.length === 0 && (filters.policy === undefined || record[filters.policy] === undefined)) {
    throw new PlanFilterError(
      filters.policy === undefined ? "no policies to plan" : `no policy named "${filters.policy}" (known: ${policies.map((p) => p.resolved.name).join(", ") || "none"})`,
    );
  }
  // A base policy identical to the head's plans identically over the same reads: only the others are planned again.
  const headDigests = new Map(policies.map((p) => [p.resolved.name, p.digest]));
  const baseOnly = (input.basePolicies ?? []).filter((p) => headDigests.get(p.resolved.name) !== p.digest);
  // One directory read serves both policy sets.
  const directory = await steps.readDirectory([...policies, ...baseOnly].map((p) => p.resolved));
  const head = await planSet(chosen, directory, steps, io, filters, input.onDesire);
  const declared = policies.map((p) => p.resolved);
  const undeclared = await planUndeclared(io, { record, declared, targets: head.targets, directory, filters, sweep: input.sweep === true });
  const headRemovals = undeclared.plans;
  if (!head.mailboxMatched && !head.planned.some((p) => p.skipped.length > 0) && headRemovals.length === 0) {
    throw new PlanFilterError(`no target mailbox matches "${filters.mailbox}"${filters.shard === undefined ? "" : ` in shard ${shardLabel(filters.shard)}`}`);
  }
  const policyDigests = Object.fromEntries(chosen.map((p) => [p.resolved.name, p.digest]));
  const digest = directoryDigest(directory.users);
  let mailboxReads = head.stats;
  let plan = assemblePlan(mergePolicyPlans([...head.planned, ...headRemovals]), { policyDigests, directoryDigest: digest, tenant: input.tenant });
  if (input.basePolicies !== undefined) {
    const baseChosen = input.basePolicies.filter((p) => filters.policy === undefined || p.resolved.name === filters.policy);
    const replanned = baseChosen.filter((p) => baseOnly.includes(p));
    // After the head's reads, not beside them: both read the same folders' delta state.
    const base = await planSet(replanned, directory, steps, io, filters);
    mailboxReads = addStats(mailboxReads, base.stats);
    const same = plan.policies.filter((p) => baseChosen.some((b) => b.resolved.name === p.policy && !baseOnly.includes(b)));
    // The base's removals: its re-planned policies' left mailboxes, and the head's removals of
    // policies neither side declares (the same reads: pending regardless of the pull request).
    const baseDeclared = input.basePolicies.map((p) => p.resolved);
    const replannedRecord = Object.fromEntries(Object.entries(record).filter(([name]) => replanned.some((p) => p.resolved.name === name)));
    const baseLeft = await planRemovals(io, namedRemovals(recordedRemovals(replannedRecord, baseDeclared, base.targets, filters.policy), directory, filters));
    const neither = headRemovals.filter((r) => ![...declared, ...baseDeclared].some((d) => d.name === r.policy));
    const basePlan = assemblePlan(mergePolicyPlans([...same, ...base.planned, ...baseLeft, ...neither]), {
      policyDigests: Object.fromEntries(baseChosen.map((p) => [p.resolved.name, p.digest])),
    });
    plan = splitPlan(basePlan, plan);
  }
  if (filters.shard !== undefined) plan = { ...plan, shard: filters.shard };
  const meta: PlanRunMeta = {
    policyDigests,
    directoryDigest: digest,
    tenant: input.tenant,
    directoryUsers: directory.users.size,
    mailboxReads,
    removals: undeclared.settles,
    removed: undeclared.removed,
    ...(undeclared.sweep === undefined ? {} : { sweep: undeclared.sweep }),
  };
  return { plan, meta };
}

interface UndeclaredInput {
  readonly record: TenantRecord;
  readonly declared: readonly ResolvedPolicy[];
  /** Target selections of the policies planned in this run. */
  readonly targets: ReadonlyMap<string, TargetSet>;
  readonly directory: DirectoryView;
  readonly filters: PlanFilters;
  readonly sweep: boolean;
}

/**
 * The removals of what is no longer declared: from the record (declared.ts), and with `sweep` from
 * a search of every directory user's mailbox (sweep.ts) for what the record does not know. A
 * removed policy the record does not know is applied with the folder the sweep found it in (one
 * folder per run: another is found again by the next sweep) and the default limits.
 */
async function planUndeclared(
  io: MailboxIo,
  input: UndeclaredInput,
): Promise<{ plans: PolicyPlan[]; removed: PolicyWrite[]; settles: PlanRunMeta["removals"]; sweep?: Omit<SweepResult, "removals"> }> {
  const { record, declared, targets, directory, filters } = input;
  const recorded = recordedRemovals(record, declared, targets, filters.policy);
  const removals = namedRemovals(recorded, directory, filters);
  // The recorded mailboxes this plan settles: those it reads, and those of its shard whose owner left the directory.
  const settles = recorded.map((r) => ({
    policy: r.policy,
    mailboxIds: r.mailboxIds.filter((id) => {
      const owner = directory.users.get(id);
      return owner === undefined ? filters.mailbox === undefined && inShard(id, filters.shard) : inScope(mailboxRef(id, owner), filters);
    }),
  }));
  const removed = removedPolicies(record, declared);
  let swept: SweepResult | undefined;
  if (input.sweep) {
    const everyone = [...directory.users.keys()].sort().map((id) => mailboxRef(id, directory.users.get(id)));
    swept = await sweep(io, everyone.filter((m) => inScope(m, filters)), declared, targets, filters.policy);
    const known = new Set(removals.flatMap((r) => r.mailboxes.map((m) => `${r.policy}\0${m.id}`)));
    for (const r of swept.removals) {
      const settings = removed.find((p) => p.name === r.policy);
      if (settings === undefined && !declared.some((d) => d.name === r.policy)) removed.push({ name: r.policy, folder: r.folder, safety: DEFAULT_SAFETY });
      else if (settings !== undefined && !sameFolderSpec(settings.folder, r.folder)) continue;
      const mailboxes = r.mailboxes.filter((m) => !known.has(`${r.policy}\0${m.id}`));
      if (mailboxes.length > 0) removals.push({ ...r, mailboxes });
    }
  }
  const plans = await planRemovals(io, removals);
  if (swept === undefined) return { plans, removed, settles };
  const { removals: _found, ...cost } = swept;
  return { plans, removed, settles, sweep: cost };
}

/** Plans `chosen` over one directory read; every policy's mailboxes share one bound, so a small policy does not wait for a large one. */
async function planSet(
  chosen: readonly LoadedPolicy[],
  directory: DirectoryView,
  steps: PlanSteps,
  io: MailboxIo,
  filters: PlanFilters,
  onDesire?: DesireObserver,
): Promise<{ planned: PolicyPlan[]; stats: ReadStats; mailboxMatched: boolean; targets: Map<string, TargetSet> }> {
  let mailboxMatched = filters.mailbox === undefined;
  const jobs = [];
  const selections = new Map<string, TargetSet>();
  const sourcesOf = new Map(chosen.map((loaded) => [loaded, steps.sourceUsers(loaded.resolved, directory)]));
  // Each person's photo once, whatever the number of policies and mailboxes that show it.
  const photoUsers = chosen.filter((l) => l.resolved.mapping.photo === true).flatMap((l) => sourcesOf.get(l)!.map((u) => u.id));
  const photos = photoUsers.length === 0 ? new Map<string, string | null>() : await steps.readPhotos([...new Set(photoUsers)]);
  for (const loaded of chosen) {
    const policy = loaded.resolved;
    const sources = sourcesOf.get(loaded)!;
    const { desired, builder } = desiredSet(policy, sources, steps, photos);
    const targets = await steps.targets(policy, directory);
    selections.set(policy.name, targets);
    const mailboxes = targets.mailboxes.filter((m) => inScope(m, filters));
    if (mailboxes.length > 0) mailboxMatched = true;
    onDesire?.(loaded, desired, mailboxes);
    for (const s of targets.skipped) {
      if (inScope(s.mailbox, filters)) builder.skip(s.mailbox, s.code);
    }
    for (const n of targets.nonTargets) {
      if (!inScope(n.mailbox, filters)) continue;
      builder.notTargeted(n.code);
      mailboxMatched = true;
    }
    const desire = {
      policy: policy.name,
      folder: policy.folder,
      mode: policy.mode,
      includeSelf: policy.targets.includeSelf,
      desired,
      desireKey: desireKey(loaded.digest, desired),
      photos: policy.mapping.photo === true,
      goneDetail: goneDetail(policy, directory, new Set(sources.map((u) => u.id))),
    };
    jobs.push({ desire, mailboxes, builder });
  }
  const limit = pLimit(Math.max(1, io.concurrency));
  const stats = await Promise.all(jobs.map((j) => planMailboxes(io, j.desire, j.mailboxes, j.builder, limit)));
  return { planned: jobs.map((j) => j.builder.finish()), stats: stats.reduce(addStats, { requests: 0, fullReads: 0, memoHits: 0 }), mailboxMatched, targets: selections };
}

/**
 * Removals with their mailboxes named from the directory, narrowed to the filters' mailbox and shard. A mailbox
 * whose owner is gone from the directory went with them: it is not read (Exchange no longer serves
 * it), and, settled by the plan without a change, the record forgets it (planUndeclared).
 */
function namedRemovals(removals: readonly RecordedRemoval[], directory: DirectoryView, filters: PlanFilters): Removal[] {
  return removals
    .map(({ mailboxIds, ...r }) => ({
      ...r,
      mailboxes: mailboxIds.flatMap((id) => {
        const owner = directory.users.get(id);
        return owner === undefined ? [] : [mailboxRef(id, owner)];
      }),
    }))
    .map((r) => ({ ...r, mailboxes: r.mailboxes.filter((m) => inScope(m, filters)) }))
    .filter((r) => r.mailboxes.length > 0);
}

const addStats = (a: ReadStats, b: ReadStats): ReadStats => ({ requests: a.requests + b.requests, fullReads: a.fullReads + b.fullReads, memoHits: a.memoHits + b.memoHits });

/**
 * Maps a policy's source users once; the result is shared by every one of its mailboxes. A policy
 * that syncs photos gives each contact its person's photo when known (unknown: left as it is).
 */
function desiredSet(
  policy: ResolvedPolicy,
  users: readonly DirectoryUser[],
  steps: PlanSteps,
  photos: ReadonlyMap<string, string | null>,
): { desired: Map<string, DesiredContact>; builder: PolicyPlanBuilder } {
  const desired = new Map<string, DesiredContact>();
  const builder = new PolicyPlanBuilder({
    policy: policy.name,
    folder: folderLabel(policy.folder),
    mode: policy.mode,
    sourceUsers: users.length,
  });
  for (const user of users) {
    const mapped = steps.mapUser(user, policy);
    builder.warn(...mapped.warnings.map((w) => namedWarning(w, user)));
    const contact = mapped.contact;
    if (contact === undefined) continue;
    const photo = policy.mapping.photo === true ? photos.get(contact.sourceUserId) : undefined;
    desired.set(contact.sourceUserId, photo === undefined ? contact : { ...contact, photo });
  }
  return { desired, builder };
}

/** Why a user whose contact goes is no longer one of the policy's desired contacts. */
function goneDetail(policy: ResolvedPolicy, directory: DirectoryView, sources: ReadonlySet<string>): (sourceUserId: string) => DeleteDetail {
  return (id) => {
    if (sources.has(id)) return "source-user-unmappable";
    const user = directory.users.get(id);
    if (user === undefined) return "source-user-left";
    if (policy.source.enabledOnly && user.accountEnabled !== true) return "source-user-disabled";
    return "source-user-no-longer-matches";
  };
}

/** The warning with the names of the user it is about, so a reader recognises them (not by object id). */
function namedWarning(warning: PlanWarning, user: DirectoryUser): PlanWarning {
  if (warning.sourceUserId !== user.id) return warning;
  const { displayName, userPrincipalName } = user;
  return {
    ...warning,
    ...(typeof displayName === "string" ? { displayName } : {}),
    ...(typeof userPrincipalName === "string" ? { userPrincipalName } : {}),
  };
}

/** Whether the filters keep this mailbox: the one `--mailbox` names (any, without it), of the shard (any, without one). */
function inScope(mailbox: { readonly id: string; readonly upn: string }, filters: PlanFilters): boolean {
  if (!inShard(mailbox.id, filters.shard)) return false;
  if (filters.mailbox === undefined) return true;
  const f = filters.mailbox.toLowerCase();
  return mailbox.id.toLowerCase() === f || mailbox.upn.toLowerCase() === f;
}


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
 */
import pLimit from "p-limit";
import type { DirectoryUser } from "../model/directory-user";
import type { DesiredContact } from "../model/contact";
import { assemblePlan, PolicyPlanBuilder } from "../plan/aggregate";
import type { DeleteDetail } from "../plan/reasons";
import type { Plan, PlanMeta, PlanWarning } from "../plan/types";
import type { LoadedPolicy, ResolvedPolicy } from "../policy";
import { directoryDigest } from "./digest";
import { planMailboxes, type MailboxIo, type ReadStats } from "./mailboxes";
import { desireKey } from "./memo";
import type { DirectoryView, PlanSteps } from "./steps";

/** Narrow a plan to one policy and/or one mailbox. */
export interface PlanFilters {
  /** Policy name (`metadata.name`). */
  readonly policy?: string;
  /** Mailbox owner's object id or userPrincipalName, case-insensitive. */
  readonly mailbox?: string;
}

export interface PlanInput {
  readonly policies: readonly LoadedPolicy[];
  readonly steps: PlanSteps;
  readonly io: MailboxIo;
  readonly filters?: PlanFilters;
  /** Tenant identity (digest.ts `tenantIdentity`) recorded in the meta. */
  readonly tenant: string;
}

export interface PlanRunMeta extends PlanMeta {
  readonly directoryDigest: string;
  readonly tenant: string;
  /** Users the directory read returned. */
  readonly directoryUsers: number;
  /** Mailbox reads: requests, full (non-delta) folder reads and plans taken from the memo. */
  readonly mailboxReads: ReadStats;
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
  const { policies, steps, io, filters = {} } = input;
  const chosen = filters.policy === undefined ? policies : policies.filter((p) => p.resolved.name === filters.policy);
  if (chosen.length === 0) {
    throw new PlanFilterError(
      filters.policy === undefined ? "no policies to plan" : `no policy named "${filters.policy}" (known: ${policies.map((p) => p.resolved.name).join(", ") || "none"})`,
    );
  }
  const directory = await steps.readDirectory(policies.map((p) => p.resolved));
  let mailboxMatched = filters.mailbox === undefined;
  const jobs = [];
  for (const loaded of chosen) {
    const policy = loaded.resolved;
    const sources = steps.sourceUsers(policy, directory);
    const { desired, builder } = desiredSet(policy, sources, steps);
    const targets = await steps.targets(policy, directory);
    const mailboxes = targets.mailboxes.filter((m) => matchesMailbox(m, filters.mailbox));
    if (mailboxes.length > 0) mailboxMatched = true;
    for (const s of targets.skipped) {
      if (matchesMailbox(s.mailbox, filters.mailbox)) builder.skip(s.mailbox, s.code);
    }
    for (const n of targets.nonTargets) {
      if (!matchesMailbox(n.mailbox, filters.mailbox)) continue;
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
      goneDetail: goneDetail(policy, directory, new Set(sources.map((u) => u.id))),
    };
    jobs.push({ desire, mailboxes, builder });
  }
  // Every policy's mailboxes share one bound, so a small policy does not wait for a large one.
  const limit = pLimit(Math.max(1, io.concurrency));
  const stats = await Promise.all(jobs.map((j) => planMailboxes(io, j.desire, j.mailboxes, j.builder, limit)));
  const mailboxReads: ReadStats = {
    requests: stats.reduce((n, x) => n + x.requests, 0),
    fullReads: stats.reduce((n, x) => n + x.fullReads, 0),
    memoHits: stats.reduce((n, x) => n + x.memoHits, 0),
  };
  const planned = jobs.map((j) => j.builder.finish());
  if (!mailboxMatched && !planned.some((p) => p.skipped.length > 0)) {
    throw new PlanFilterError(`no target mailbox matches "${filters.mailbox}"`);
  }
  const meta: PlanRunMeta = {
    policyDigests: Object.fromEntries(chosen.map((p) => [p.resolved.name, p.digest])),
    directoryDigest: directoryDigest(directory.users),
    tenant: input.tenant,
    directoryUsers: directory.users.size,
    mailboxReads,
  };
  const plan = assemblePlan(planned, { policyDigests: meta.policyDigests, directoryDigest: meta.directoryDigest, tenant: meta.tenant });
  return { plan, meta };
}

/** Maps a policy's source users once; the result is shared by every one of its mailboxes. */
function desiredSet(
  policy: ResolvedPolicy,
  users: readonly DirectoryUser[],
  steps: PlanSteps,
): { desired: Map<string, DesiredContact>; builder: PolicyPlanBuilder } {
  const desired = new Map<string, DesiredContact>();
  const builder = new PolicyPlanBuilder({
    policy: policy.name,
    folder: "name" in policy.folder ? policy.folder.name : "Contacts (default folder)",
    mode: policy.mode,
    sourceUsers: users.length,
  });
  for (const user of users) {
    const mapped = steps.mapUser(user, policy);
    builder.warn(...mapped.warnings.map((w) => namedWarning(w, user)));
    if (mapped.contact !== undefined) desired.set(mapped.contact.sourceUserId, mapped.contact);
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

function matchesMailbox(mailbox: { readonly id: string; readonly upn: string }, filter: string | undefined): boolean {
  if (filter === undefined) return true;
  const f = filter.toLowerCase();
  return mailbox.id.toLowerCase() === f || mailbox.upn.toLowerCase() === f;
}


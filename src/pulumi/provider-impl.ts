/**
 * The dynamic provider's implementation (docs/architecture.md#pulumi), loaded at call time by the
 * serialized shim (provider.ts) from the provider host's working directory, `dist/pulumi/`. It is a
 * module, not serialized: it may hold what the shim must not — the session, whose one throttled
 * requester every resource's create and update shares within a host process (one host serves all
 * dynamic resources), and the settings from `configure`. Credentials are read from the environment
 * when the session opens, at the first call, never earlier and never stored anywhere else.
 */
import * as path from "node:path";
import { pacingFor } from "../apply/execute";
import type { MailboxOutcome } from "../apply/mailbox";
import { applyPlan } from "../apply/run";
import { graphApplyIO } from "../apply/io";
import { planMailboxes } from "../engine/mailboxes";
import { inShard } from "../engine/partition";
import { planRemovals, type RemovalReason } from "../engine/removal";
import { openSession, type Session } from "../engine/session";
import { folderLabel } from "../mailbox/folder";
import type { MailboxRef } from "../model/mailbox";
import { assemblePlan, PolicyPlanBuilder } from "../plan/aggregate";
import { checkDeleteGuard } from "../plan/guard";
import type { ChangeCounts, Plan } from "../plan/types";
import { bucketChanged, NO_CHANGES, normaliseBucket, type BucketInputs, type BucketOutputs, type BucketResult, type CheckFailure } from "./bucket-state";
import { desireOf, loadDesiredSet, type DesiredSet } from "./desired-set";
import { providerRoot, readSettings, type StackSettings } from "./settings";

type Props = Record<string, unknown>;

let settings: StackSettings | undefined;
let session: Session | undefined;

/** The stack's `cync:*` settings, sent by the engine once per provider host (`req.config.get` adds the project's namespace). */
export function configure(config: { get(key: string): string | undefined }): void {
  settings = readSettings((key) => config.get(key));
  session = undefined;
}

function current(): { settings: StackSettings; session: Session } {
  settings ??= readSettings(() => undefined);
  session ??= openSession({
    stateDir: path.resolve(providerRoot(), settings.stateDir),
    concurrency: settings.concurrency,
    ...(settings.shard === undefined ? {} : { shard: settings.shard }),
    requester: { pacing: pacingFor(settings.concurrency) },
  });
  return { settings, session };
}

/** Today's inputs from whatever shape the engine holds (bucket-state.ts), or a one-line error. */
function stateOf(props: Props, what: string): BucketInputs & { readonly drift?: ChangeCounts } {
  const n = normaliseBucket(props);
  if ("failures" in n) throw new Error(`${what}: ${n.failures.map((f) => `${f.property} ${f.reason}`).join("; ")}`);
  return n.ok;
}

const withoutDrift = ({ drift: _drift, ...inputs }: BucketInputs & { readonly drift?: ChangeCounts }): BucketInputs => inputs;

export function check(_olds: Props, news: Props): { inputs?: Props; failures?: CheckFailure[] } {
  const n = normaliseBucket(news);
  if ("failures" in n) return { failures: [...n.failures] };
  return { inputs: { ...withoutDrift(n.ok) } };
}

/** Pure: no Graph call (the engine calls it for every resource on every preview). */
export function diff(_id: string, olds: Props, news: Props): { changes: boolean } {
  const o = normaliseBucket(olds);
  const n = normaliseBucket(news);
  return { changes: "failures" in o || "failures" in n || bucketChanged(o.ok, n.ok) };
}

const idOf = (b: BucketInputs): string => `${b.policy}/${b.bucket}`;

export async function create(news: Props): Promise<{ id: string; outs: Props }> {
  const inputs = withoutDrift(stateOf(news, "create"));
  return { id: idOf(inputs), outs: { ...(await applyBucket(inputs, [])) } };
}

/**
 * Applies the new inputs; mailboxes in the old outputs but not in the new inputs left the policy's
 * targets (buckets.ts) — unless they are no longer of the stack's shard (`cync:shard` changed): those
 * moved to another shard's stack, which adopts their contacts.
 */
export async function update(_id: string, olds: Props, news: Props): Promise<{ outs: Props }> {
  const inputs = withoutDrift(stateOf(news, "update"));
  const kept = new Set(inputs.mailboxes);
  const { shard } = current().settings;
  const left = stateOf(olds, "update (old state)").mailboxes.filter((m) => !kept.has(m) && inShard(m, shard));
  return { outs: { ...(await applyBucket(inputs, left)) } };
}

/**
 * The resource is gone from the program: its policy was removed or renamed, or every mailbox of its
 * bucket left the targets. The policy's contacts (its marker only) leave the bucket's mailboxes,
 * with its folder when nothing else is in it, behind the same guard as any deletion. `props` may be
 * in any shape an older cync wrote (bucket-state.ts): this is today's code deleting old state.
 */
export async function remove(_id: string, props: Props): Promise<void> {
  const { settings, session } = current();
  const bucket = stateOf(props, "delete");
  const name = `${bucket.policy} bucket ${bucket.bucket}`;
  if (bucket.buckets !== undefined && bucket.buckets !== settings.buckets) {
    // Its mailboxes were assigned anew to resources of other names, which adopted their contacts:
    // removing the policy's contacts here would empty them (docs/architecture.md#pulumi).
    throw new Error(`${name}: REFUSED: cync:buckets changed from ${bucket.buckets} to ${settings.buckets}, so this resource's mailboxes now belong to others; nothing written (forget it with \`pulumi state delete\` instead)`);
  }
  // Mailboxes of another shard (`cync:shard` changed) moved to that shard's stack, which adopted them.
  const plan = await planRemoval(session, bucket, bucket.mailboxes.filter((m) => inShard(m, settings.shard)), "policy-removed");
  guard(name, plan, bucket, settings.allowDeletes);
  // Only deletions: no photo is written.
  await applyAll(name, [plan], bucket, settings, session, false);
}

/**
 * Refresh: plans the bucket's mailboxes against the desired set and reports what differs (an owner's
 * edit, a deleted contact) as `drift`, so the next `pulumi up` sees a change and repairs it. When
 * nothing drifted the properties come back exactly as they were; without the desired set (the state
 * directory was cleared since the last `pulumi up`) drift cannot be judged and nothing is reported.
 */
export async function read(id: string, props: Props): Promise<{ id: string; props: Props }> {
  const inputs = stateOf(props, "read");
  const { session } = current();
  const set = await loadDesiredSet(session.state, inputs.desiredDigest);
  const { drift: _old, ...rest } = props;
  if (set === undefined) return { id, props };
  const { summary } = await planBucket(session, set, inputs.mailboxes);
  const drift = { create: summary.create, update: summary.update, delete: summary.delete };
  return { id, props: drift.create + drift.update + drift.delete === 0 ? rest : { ...rest, drift } };
}

const ownedBy = (plan: Plan): number => plan.policies.reduce((n, p) => n + p.ownedContacts, 0);

/** Mailboxes by object id only: Pulumi's state holds no names (the id labels them in plans). */
const refsOf = (ids: readonly string[]): MailboxRef[] => ids.map((id) => ({ id, upn: id }));

/** The bucket's mailboxes planned with the engine's mailbox planner, as a one-policy plan. */
async function planBucket(session: Session, set: DesiredSet, mailboxes: readonly string[]): Promise<Plan> {
  const builder = new PolicyPlanBuilder({
    policy: set.policy,
    folder: folderLabel(set.folder),
    mode: set.mode,
    sourceUsers: set.contacts.length,
  });
  await planMailboxes(session.io, desireOf(set), refsOf(mailboxes), builder);
  return assemblePlan([builder.finish()], { policyDigests: { [set.policy]: set.policyDigest } });
}

/** The removal of the bucket policy's contacts from `mailboxes`, as a one-policy plan. */
async function planRemoval(session: Session, bucket: BucketInputs, mailboxes: readonly string[], reason: RemovalReason): Promise<Plan> {
  const removal = { policy: bucket.policy, folder: bucket.folder, mailboxes: refsOf(mailboxes), reason, removeFolderIfCreated: true };
  return assemblePlan(await planRemovals(session.io, [removal]), { policyDigests: {} });
}

/**
 * Throws the guard's refusal (one line) unless `cync:allowDeletes` is set; nothing has been written
 * yet. `owned` is the base of the percentage limit: by default the plan's own count.
 */
function guard(name: string, plan: Plan, bucket: BucketInputs, allowDeletes: boolean, owned?: number): void {
  if (allowDeletes) return;
  const refused = checkDeleteGuard(plan, new Map([[bucket.policy, bucket.safety]]), owned === undefined ? undefined : new Map([[bucket.policy, owned]]));
  if (refused.length > 0) throw refusal(name, refused.map((v) => v.message).join("; "));
}

const refusal = (name: string, why: string): Error => new Error(`${name}: REFUSED: ${why}; nothing written (set cync:allowDeletes for this run if intended)`);

/**
 * Applies the plans with the engine's applier. A mailbox that fails fails the step with one line,
 * and the next `pulumi up` retries it (the engine is idempotent).
 */
async function applyAll(name: string, plans: readonly Plan[], bucket: BucketInputs, settings: StackSettings, session: Session, photos: boolean): Promise<BucketResult> {
  const applySettings = new Map([[bucket.policy, { folder: bucket.folder, deletion: bucket.safety.deletion, photos }]]);
  const io = graphApplyIO(session.requester, session.state);
  const outcomes: MailboxOutcome[] = [];
  for (const plan of plans) outcomes.push(...(await applyPlan(plan, applySettings, io, { concurrency: settings.concurrency })).mailboxes);
  const failed = outcomes.filter((m) => m.status === "failed");
  if (failed.length > 0) {
    const ids = failed.slice(0, 3).map((m) => m.mailboxId).join(", ");
    throw new Error(`${name}: ${failed.length} mailboxes failed (${ids}${failed.length > 3 ? ", …" : ""}): ${failed[0]!.error ?? "unknown error"}; the next \`pulumi up\` retries them`);
  }
  const skipped = plans.reduce((n, p) => n + p.policies.reduce((k, pp) => k + pp.skipped.length, 0), 0) + outcomes.filter((m) => m.status === "skipped").length;
  const sum = (key: "created" | "updated" | "deleted"): number => outcomes.reduce((n, o) => n + o[key], 0);
  return { created: sum("created"), updated: sum("updated"), deleted: sum("deleted"), skipped };
}

/**
 * Plans and applies one bucket: its desired set from the state directory, its mailboxes read and
 * planned afresh, and the removal of the policy's contacts from the mailboxes that `left` it. The
 * program judged the guard on the whole policy and approved `pending.delete` deletions here: a
 * fresh plan deleting more (the directory changed since) is refused. The removal — which only the
 * old state knows of, so the program could not judge it — is judged by the policy's limits, its
 * percentage of the policy's contacts in the bucket's mailboxes and those that left. Either refusal
 * comes before any write.
 */
async function applyBucket(inputs: BucketInputs, left: readonly string[]): Promise<BucketOutputs> {
  const { settings, session } = current();
  const name = `${inputs.policy} bucket ${inputs.bucket}`;
  const set = await loadDesiredSet(session.state, inputs.desiredDigest);
  if (set === undefined || set.policy !== inputs.policy) {
    throw new Error(`${name}: desired set ${inputs.desiredDigest.slice(0, 12)} is not in the state directory (${settings.stateDir}); run \`pulumi up\`, whose program writes it`);
  }
  const plan = await planBucket(session, set, inputs.mailboxes);
  if (plan.summary.delete > inputs.pending.delete && !settings.allowDeletes) {
    throw refusal(name, `${plan.summary.delete} deletes planned now, ${inputs.pending.delete} when the program judged the policy's limits (the directory changed since: run \`pulumi up\` again)`);
  }
  const plans = [plan];
  if (left.length > 0) {
    const removal = await planRemoval(session, inputs, left, "mailbox-left-targets");
    guard(name, removal, inputs, settings.allowDeletes, ownedBy(removal) + ownedBy(plan));
    plans.push(removal);
  }
  return { ...inputs, pending: NO_CHANGES, result: await applyAll(name, plans, inputs, settings, session, set.photos === true) };
}

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
import { applyPlan } from "../apply/run";
import { graphApplyIO } from "../apply/io";
import { planMailboxes } from "../engine/mailboxes";
import { openSession, type Session } from "../engine/session";
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
    requester: { pacing: pacingFor(settings.concurrency) },
  });
  return { settings, session };
}

/** Today's inputs from whatever shape the engine holds (bucket-state.ts), or a one-line error. */
function bucketOf(props: Props, what: string): BucketInputs & { readonly drift?: ChangeCounts } {
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
  const inputs = bucketOf(news, "create");
  return { id: idOf(inputs), outs: { ...(await applyBucket(withoutDrift(inputs))) } };
}

export async function update(_id: string, _olds: Props, news: Props): Promise<{ outs: Props }> {
  return { outs: { ...(await applyBucket(withoutDrift(bucketOf(news, "update")))) } };
}

/**
 * Refresh: plans the bucket's mailboxes against the desired set and reports what differs (an owner's
 * edit, a deleted contact) as `drift`, so the next `pulumi up` sees a change and repairs it. When
 * nothing drifted the properties come back exactly as they were; without the desired set (the state
 * directory was cleared since the last `pulumi up`) drift cannot be judged and nothing is reported.
 */
export async function read(id: string, props: Props): Promise<{ id: string; props: Props }> {
  const inputs = bucketOf(props, "read");
  const { session } = current();
  const set = await loadDesiredSet(session.state, inputs.desiredDigest);
  const { drift: _old, ...rest } = props;
  if (set === undefined) return { id, props };
  const { summary } = await planBucket(session, set, inputs.mailboxes);
  const drift = { create: summary.create, update: summary.update, delete: summary.delete };
  return { id, props: drift.create + drift.update + drift.delete === 0 ? rest : { ...rest, drift } };
}

/** The bucket's mailboxes planned with the engine's mailbox planner, as a one-policy plan. */
async function planBucket(session: Session, set: DesiredSet, mailboxes: readonly string[]): Promise<Plan> {
  const builder = new PolicyPlanBuilder({
    policy: set.policy,
    folder: "name" in set.folder ? set.folder.name : "Contacts (default folder)",
    mode: set.mode,
    sourceUsers: set.contacts.length,
  });
  await planMailboxes(session.io, desireOf(set), mailboxes.map((id) => ({ id, upn: id })), builder);
  return assemblePlan([builder.finish()], { policyDigests: { [set.policy]: set.policyDigest } });
}

/**
 * Plans and applies one bucket: its desired set from the state directory, its mailboxes read and
 * planned afresh, the guard, then the engine's applier. The program judged the policy's guard on the
 * whole policy and approved `pending.delete` deletions here; a fresh plan deleting more is applied
 * only if it passes the policy's limits on its own (or `cync:allowDeletes` is set). A mailbox that
 * fails fails the step with one line, and the next `pulumi up` retries it (the engine is idempotent).
 */
async function applyBucket(inputs: BucketInputs): Promise<BucketOutputs> {
  const { settings, session } = current();
  const name = `${inputs.policy} bucket ${inputs.bucket}`;
  const set = await loadDesiredSet(session.state, inputs.desiredDigest);
  if (set === undefined || set.policy !== inputs.policy) {
    throw new Error(`${name}: desired set ${inputs.desiredDigest.slice(0, 12)} is not in the state directory (${settings.stateDir}); run \`pulumi up\`, whose program writes it`);
  }
  const plan = await planBucket(session, set, inputs.mailboxes);
  if (!settings.allowDeletes && plan.summary.delete > inputs.pending.delete) {
    const refused = checkDeleteGuard(plan, new Map([[inputs.policy, inputs.safety]]));
    if (refused.length > 0) throw new Error(`${name}: REFUSED: ${refused.map((v) => v.message).join("; ")}; nothing written (set cync:allowDeletes for this run if intended)`);
  }
  const applied = await applyPlan(plan, new Map([[inputs.policy, { folder: inputs.folder, deletion: inputs.safety.deletion }]]), graphApplyIO(session.requester, session.state), {
    concurrency: settings.concurrency,
  });
  const failed = applied.mailboxes.filter((m) => m.status === "failed");
  if (failed.length > 0) {
    const ids = failed.slice(0, 3).map((m) => m.mailboxId).join(", ");
    throw new Error(`${name}: ${failed.length} of ${inputs.mailboxes.length} mailboxes failed (${ids}${failed.length > 3 ? ", …" : ""}): ${failed[0]!.error ?? "unknown error"}; the next \`pulumi up\` retries them`);
  }
  const skipped = plan.policies[0]!.skipped.length + applied.mailboxes.filter((m) => m.status === "skipped").length;
  const result: BucketResult = { created: applied.totals.created, updated: applied.totals.updated, deleted: applied.totals.deleted, skipped };
  return { ...inputs, pending: NO_CHANGES, result };
}

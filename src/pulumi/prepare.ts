/**
 * What the Pulumi program does before it declares anything (docs/architecture.md#pulumi), without
 * Pulumi: load and validate the policies, read the directory once, plan every policy's target
 * mailboxes with the same engine as `cync plan`, judge the safety guards on the whole plan — so a
 * policy whose deletions exceed its limits is refused before any of its buckets writes — write each
 * desired set into the state directory by digest, and describe one resource per (policy, bucket).
 */
import * as path from "node:path";
import { evaluateGuards } from "../apply/guard";
import { pacingFor } from "../apply/execute";
import { computePlan } from "../engine/plan";
import { openSession, type SessionOptions } from "../engine/session";
import type { DesiredContact } from "../model/contact";
import type { MailboxRef } from "../model/mailbox";
import type { GuardViolation } from "../plan/guard";
import type { ChangeCounts, Plan } from "../plan/types";
import { type LoadedPolicy, loadPolicies } from "../policy";
import { hasErrors, textLine } from "../policy/format";
import { BUCKET_STATE_VERSION, NO_CHANGES, type BucketInputs } from "./bucket-state";
import { assignBuckets, bucketName } from "./buckets";
import { saveDesiredSet } from "./desired-set";
import type { StackSettings } from "./settings";

/** One resource to declare. */
export interface DeclaredBucket {
  readonly name: string;
  readonly inputs: BucketInputs;
}

export type Prepared =
  /** The policies have errors: one `file:line:column: error: …` line each, paths relative to the project root. */
  | { readonly kind: "invalid"; readonly errors: readonly string[] }
  /** A safety guard refuses the plan and `cync:allowDeletes` is not set: nothing may be declared. */
  | { readonly kind: "refused"; readonly violations: readonly GuardViolation[] }
  | {
      readonly kind: "ready";
      readonly buckets: readonly DeclaredBucket[];
      readonly plan: Plan;
      /** Validation warnings, one line each. */
      readonly warnings: readonly string[];
      /** Guard violations `cync:allowDeletes` let through: reported, never silent. */
      readonly allowed: readonly GuardViolation[];
    };

export async function prepareStack(root: string, settings: StackSettings, env: SessionOptions["env"] = process.env): Promise<Prepared> {
  const loaded = await loadPolicies([path.resolve(root, settings.policies)]);
  const lines = (severity: "error" | "warning"): string[] =>
    loaded.diagnostics.filter((d) => d.severity === severity).map((d) => textLine({ ...d, file: path.relative(root, d.file) || d.file }));
  if (hasErrors(loaded)) return { kind: "invalid", errors: lines("error") };

  const session = openSession({
    env,
    stateDir: path.resolve(root, settings.stateDir),
    concurrency: settings.concurrency,
    ...(settings.shard === undefined ? {} : { shard: settings.shard }),
    requester: { pacing: pacingFor(settings.concurrency) },
  });
  const seen: { policy: LoadedPolicy; desired: ReadonlyMap<string, DesiredContact>; mailboxes: readonly MailboxRef[] }[] = [];
  const { plan } = await computePlan({
    policies: loaded.policies,
    steps: session.steps,
    io: session.io,
    tenant: session.tenant,
    ...(settings.shard === undefined ? {} : { filters: { shard: settings.shard } }),
    onDesire: (policy, desired, mailboxes) => seen.push({ policy, desired, mailboxes }),
  });
  const verdict = evaluateGuards(plan, loaded.policies.map((p) => p.resolved), settings.allowDeletes);
  if (verdict.refused.length > 0) return { kind: "refused", violations: verdict.refused };

  const buckets: DeclaredBucket[] = [];
  for (const { policy, desired, mailboxes } of seen) {
    const { name, folder, mode, targets, safety } = policy.resolved;
    const desiredDigest = await saveDesiredSet(session.state, {
      policy: name,
      policyDigest: policy.digest,
      folder,
      mode,
      includeSelf: targets.includeSelf,
      ...(policy.resolved.mapping.photo === true && { photos: true as const }),
      contacts: [...desired.values()],
    });
    const pending = pendingByMailbox(plan, name);
    for (const [bucket, ids] of assignBuckets(mailboxes, settings.buckets)) {
      buckets.push({
        name: bucketName(name, bucket, settings.buckets),
        inputs: {
          version: BUCKET_STATE_VERSION,
          policy: name,
          policyDigest: policy.digest,
          desiredDigest,
          bucket,
          buckets: settings.buckets,
          mailboxes: ids,
          folder,
          safety,
          pending: ids.reduce((sum, id) => addCounts(sum, pending.get(id) ?? NO_CHANGES), NO_CHANGES),
        },
      });
    }
  }
  return { kind: "ready", buckets, plan, warnings: lines("warning"), allowed: verdict.allowed };
}

/** The planned change counts of `policy`'s mailboxes with changes, by lower-cased mailbox id. */
function pendingByMailbox(plan: Plan, policy: string): Map<string, ChangeCounts> {
  const mailboxes = plan.policies.find((p) => p.policy === policy)?.mailboxes ?? [];
  return new Map(mailboxes.map((m) => [m.mailbox.id.toLowerCase(), { create: m.create.length, update: m.update.length, delete: m.delete.length }]));
}

const addCounts = (a: ChangeCounts, b: ChangeCounts): ChangeCounts => ({ create: a.create + b.create, update: a.update + b.update, delete: a.delete + b.delete });

/**
 * Safety before speed (docs/architecture.md#guards-before-the-first-write): a plan that deletes
 * more than a policy allows, or that deletes because the directory returned no users, is refused
 * unless the operator explicitly allows it. Pure: the CLI/applier decides what a violation means.
 */
import { isRemovalReason } from "./removal";
import type { Plan } from "./types";

export interface DeleteLimits {
  /** Absolute number of deletes always allowed. */
  readonly maxDeletes: number;
  /** Share of the policy's owned contacts, in percent, allowed when larger than `maxDeletes`. */
  readonly maxDeletePercent: number;
}

export type GuardViolation =
  | { readonly kind: "too-many-deletes"; readonly policy: string; readonly deletes: number; readonly owned: number; readonly limit: number; readonly message: string }
  | { readonly kind: "empty-source"; readonly policy: string; readonly deletes: number; readonly owned: number; readonly message: string };

/** Owned contacts per policy as the plan counted them. */
function ownedCounts(plan: Plan): Map<string, number> {
  return new Map(plan.policies.map((p) => [p.policy, p.ownedContacts]));
}

/**
 * Violations of each policy's limits: deletes > max(maxDeletes, ⌊maxDeletePercent% × owned⌋), and
 * "no source users while owned contacts would be deleted" (an empty directory read looks exactly like
 * everyone leaving). Every delete counts, deduplication included: a flood of duplicates is a bug to look at.
 */
export function checkDeleteGuard(
  plan: Plan,
  limits: ReadonlyMap<string, DeleteLimits>,
  owned: ReadonlyMap<string, number> = ownedCounts(plan),
): GuardViolation[] {
  const out: GuardViolation[] = [];
  for (const p of plan.policies) {
    const deletes = p.mailboxes.reduce((n, m) => n + m.delete.length, 0);
    if (deletes === 0) continue;
    const ownedCount = owned.get(p.policy) ?? p.ownedContacts;
    // A removal maps no source users by design (src/engine/removal.ts): only the other deletions
    // can mean an empty directory read. Removals count against the limits below like any deletion.
    const sourceDeletes = p.mailboxes.reduce((n, m) => n + m.delete.filter((d) => !isRemovalReason(d.reason)).length, 0);
    if (p.sourceUsers === 0 && ownedCount > 0 && sourceDeletes > 0) {
      out.push({
        kind: "empty-source",
        policy: p.policy,
        deletes,
        owned: ownedCount,
        message: `policy ${p.policy}: the directory returned no source users but ${ownedCount} owned contacts exist; refusing to delete ${deletes}`,
      });
      continue;
    }
    // A policy without limits fails closed: no deletes allowed.
    const l = limits.get(p.policy) ?? { maxDeletes: 0, maxDeletePercent: 0 };
    const limit = Math.max(l.maxDeletes, Math.floor((l.maxDeletePercent / 100) * ownedCount));
    if (deletes > limit) {
      out.push({
        kind: "too-many-deletes",
        policy: p.policy,
        deletes,
        owned: ownedCount,
        limit,
        message: `policy ${p.policy}: ${deletes} deletes exceed the limit of ${limit} (max of ${l.maxDeletes} and ${l.maxDeletePercent}% of ${ownedCount} owned contacts)`,
      });
    }
  }
  return out;
}

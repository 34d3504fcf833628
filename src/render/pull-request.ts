/**
 * The lines that lead a plan made with `--base-policies` (plan/split.ts), shared by the text and
 * markdown renderers: first what the pull request itself changes, then what is pending regardless
 * of it (directory changes the next reconcile applies anyway).
 */
import { changesNoPolicy } from "../plan/split";
import type { ChangeCounts, Plan, PolicyEffect } from "../plan/types";
import { count, plural } from "./format";

export interface PullRequestLines {
  /** "This pull request: …" or "This pull request changes no policy." */
  readonly lead: string;
  /** One line per policy the pull request touches or whose plan it changes. */
  readonly policies: readonly string[];
  /** "Pending regardless of this pull request: …" */
  readonly pending: string;
  /** One line per policy with pending changes, warnings or skips. */
  readonly pendingPolicies: readonly string[];
}

const changes = (c: ChangeCounts): string => `${count(c.create)} to create, ${count(c.update)} to update, ${count(c.delete)} to delete`;
const isEmpty = (e: PolicyEffect): boolean => e.create + e.update + e.delete + e.warnings + e.skipped === 0;
const effectText = (e: PolicyEffect): string =>
  [changes(e), ...(e.warnings > 0 ? [plural(e.warnings, "warning")] : []), ...(e.skipped > 0 ? [`${plural(e.skipped, "mailbox")} skipped`] : [])].join(", ");

/** The leading lines, or undefined for a plan made without base policies. */
export function pullRequestLines(plan: Plan): PullRequestLines | undefined {
  const effect = plan.pullRequest;
  const pending = plan.pending;
  if (effect === undefined || pending === undefined) return undefined;
  const touched = new Set([...effect.added, ...effect.edited]);
  const w = effect.withdrawn;
  const withdrawn = w.create + w.update + w.delete;
  const lead = changesNoPolicy(effect)
    ? "This pull request changes no policy."
    : [
        `This pull request: ${changes(effect)}`,
        ...(effect.added.length > 0 ? [`adds ${effect.added.join(", ")}`] : []),
        ...(effect.edited.length > 0 ? [`edits ${effect.edited.join(", ")}`] : []),
        ...(effect.removed.length > 0 ? [`removes ${effect.removed.join(", ")}`] : []),
      ].join("; ") + (withdrawn > 0 ? `; ${plural(withdrawn, "change")} the base policies would make no longer happen (${changes(w)}).` : ".");
  const label = (name: string): string => `${name}${effect.added.includes(name) ? " (added)" : effect.edited.includes(name) ? " (edited)" : ""}`;
  const policies = plan.policies.flatMap((p) =>
    p.pullRequest !== undefined && (touched.has(p.policy) || !isEmpty(p.pullRequest)) ? [`${label(p.policy)}: ${effectText(p.pullRequest)}`] : [],
  );
  const removed = effect.removed.map((name) => `${name} (removed): the contacts it owns stay in their mailboxes — cync does not delete a removed policy's contacts`);
  return {
    lead,
    policies: [...policies, ...removed],
    pending: `Pending regardless of this pull request: ${changes(pending)}.`,
    pendingPolicies: plan.policies.flatMap((p) => (p.pending !== undefined && !isEmpty(p.pending) ? [`${p.policy}: ${effectText(p.pending)}`] : [])),
  };
}

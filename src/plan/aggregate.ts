/**
 * Assembling per-mailbox results into a {@link Plan}. Mailboxes stream through: the builder keeps only
 * mailboxes with changes (unchanged ones are counted), so memory grows with the changes, not with
 * the number of mailboxes × contacts (docs/architecture.md#performance-model).
 */
import type { MailboxRef } from "../model/mailbox";
import { hasChanges } from "./mailbox";
import { NON_TARGET_REASON_TEXT, SKIP_REASON_TEXT, type NonTargetReason, type SkipReason } from "./reasons";
import { PLAN_API_VERSION, PLAN_KIND, type MailboxChanges, type Mode, type Plan, type PlanMeta, type PlanWarning, type PolicyPlan, type SkippedMailbox } from "./types";

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export interface PolicyPlanHeader {
  readonly policy: string;
  readonly folder: string;
  readonly mode: Mode;
  readonly sourceUsers: number;
}

/** Collects one policy's mailbox results in any order; {@link finish} sorts them. */
export class PolicyPlanBuilder {
  readonly #header: PolicyPlanHeader;
  readonly #mailboxes: MailboxChanges[] = [];
  readonly #skipped: SkippedMailbox[] = [];
  readonly #warnings: PlanWarning[] = [];
  readonly #nonTargets = new Map<NonTargetReason, number>();
  #unchanged = 0;
  #owned = 0;

  constructor(header: PolicyPlanHeader) {
    this.#header = header;
  }

  add(changes: MailboxChanges): void {
    this.#owned += changes.owned;
    if (hasChanges(changes)) this.#mailboxes.push(changes);
    else this.#unchanged++;
  }

  /** A mailbox that could not be planned (no Exchange mailbox, access denied…); it gets no changes. */
  skip(mailbox: MailboxRef, code: SkipReason): void {
    const message = SKIP_REASON_TEXT[code];
    this.#skipped.push({ mailbox, code, message, reason: message });
  }

  /** A user the policy's targets leave out: counted per reason. */
  notTargeted(code: NonTargetReason): void {
    this.#nonTargets.set(code, (this.#nonTargets.get(code) ?? 0) + 1);
  }

  warn(...warnings: PlanWarning[]): void {
    this.#warnings.push(...warnings);
  }

  finish(): PolicyPlan {
    return {
      ...this.#header,
      ownedContacts: this.#owned,
      mailboxes: [...this.#mailboxes].sort((a, b) => byString(a.mailbox.id, b.mailbox.id)),
      unchangedMailboxes: this.#unchanged,
      skipped: [...this.#skipped].sort((a, b) => byString(a.mailbox.id, b.mailbox.id)),
      nonTargets: [...this.#nonTargets]
        .sort(([a, m], [b, n]) => n - m || byString(a, b))
        .map(([code, count]) => ({ code, message: NON_TARGET_REASON_TEXT[code], count })),
      warnings: [...this.#warnings],
    };
  }
}

/**
 * Policy plans with the same policy name made one: a policy's removals from mailboxes that left its
 * targets (src/engine/removal.ts) join its plan, so the guards judge all its deletions together.
 */
export function mergePolicyPlans(plans: readonly PolicyPlan[]): PolicyPlan[] {
  const byName = new Map<string, PolicyPlan>();
  for (const p of plans) {
    const q = byName.get(p.policy);
    byName.set(
      p.policy,
      q === undefined
        ? p
        : {
            ...q,
            ownedContacts: q.ownedContacts + p.ownedContacts,
            mailboxes: [...q.mailboxes, ...p.mailboxes].sort((a, b) => byString(a.mailbox.id, b.mailbox.id)),
            unchangedMailboxes: q.unchangedMailboxes + p.unchangedMailboxes,
            skipped: [...q.skipped, ...p.skipped].sort((a, b) => byString(a.mailbox.id, b.mailbox.id)),
            warnings: [...q.warnings, ...p.warnings],
          },
    );
  }
  return [...byName.values()];
}

/** The whole plan, policies ordered by name, with its summary. */
export function assemblePlan(policies: readonly PolicyPlan[], meta: PlanMeta): Plan {
  const sorted = [...policies].sort((a, b) => byString(a.policy, b.policy));
  let create = 0;
  let update = 0;
  let del = 0;
  let mailboxes = 0;
  for (const p of sorted) {
    mailboxes += p.mailboxes.length;
    for (const m of p.mailboxes) {
      create += m.create.length;
      update += m.update.length;
      del += m.delete.length;
    }
  }
  return { apiVersion: PLAN_API_VERSION, kind: PLAN_KIND, formatVersion: 1, meta, summary: { create, update, delete: del, mailboxes }, policies: sorted };
}

/** True when applying the plan would write nothing. */
export const isEmptyPlan = (plan: Plan): boolean => plan.summary.create + plan.summary.update + plan.summary.delete === 0;

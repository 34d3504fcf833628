/**
 * What an apply did, for people (one screen of text) and machines (`--format json`): counts of
 * writes, failures by mailbox, the requester's requests by method, retries and throttled answers.
 * Mailboxes are named by object id only and errors by cync's own messages, which never quote
 * contact data (src/graph/errors): the report is safe for CI logs.
 */
import type { RequestStats } from "../graph/stats";
import { skipReasonText } from "../mailbox/skip";
import type { GuardViolation } from "../plan/guard";
import type { Plan, PlanSummary } from "../plan/types";
import { duration } from "../render/format";
import type { ApplyResult } from "./run";

export interface ApplyReport {
  /** Writes done: contacts created, updated and deleted, and mailboxes whose changes were all applied. */
  readonly summary: PlanSummary;
  /** What the plan asked for. */
  readonly planned: PlanSummary;
  /** Planned changes found already done at write time (a re-applied plan, a contact deleted meanwhile). */
  readonly alreadyDone: number;
  /** Planned updates and deletes refused because the contact was no longer owned by the policy. */
  readonly notOwned: number;
  /** Creates whose response was lost and that a re-read found committed (never sent twice). */
  readonly recovered: number;
  /** Contact folders cync had created, removed empty with a removal's last contact (README.md#removal). */
  readonly foldersRemoved: number;
  readonly failures: readonly { readonly policy: string; readonly mailboxId: string; readonly failedChanges: number; readonly error: string }[];
  /**
   * Users whose contact Exchange refused (400): their directory data holds something Exchange does
   * not take, so the next run is refused too until it is fixed. By object id, with the status and
   * code and the number of mailboxes that did not get the contact (src/apply/refused.ts).
   */
  readonly refusedContacts: readonly RefusedUser[];
  /** Target mailboxes left alone, when planning (no mailbox, no license, opted out…) or applying. */
  readonly skipped: readonly { readonly policy: string; readonly mailboxId: string; readonly reason: string }[];
  /** Violations of the safety guards that `--allow-deletes` let through. */
  readonly allowedGuardViolations: readonly string[];
  readonly requests: { readonly total: number; readonly byMethod: Readonly<Record<string, number>> };
  readonly retries: number;
  readonly throttled: number;
  readonly durationMs: number;
}

export interface RefusedUser {
  readonly policy: string;
  readonly sourceUserId: string;
  readonly mailboxes: number;
  readonly error: string;
}

/** Refusals of every mailbox, one line per (policy, user), in order of first appearance. */
function refusedUsers(mailboxes: ApplyResult["mailboxes"]): RefusedUser[] {
  const byUser = new Map<string, { policy: string; sourceUserId: string; mailboxes: number; error: string }>();
  for (const m of mailboxes) {
    for (const r of m.refusals ?? []) {
      const key = `${m.policy}\u0000${r.sourceUserId}`;
      const seen = byUser.get(key);
      if (seen === undefined) byUser.set(key, { policy: m.policy, sourceUserId: r.sourceUserId, mailboxes: 1, error: r.error });
      else seen.mailboxes++;
    }
  }
  return [...byUser.values()];
}

export interface ReportInput {
  readonly plan: Plan;
  readonly result: ApplyResult;
  readonly requests: RequestStats;
  readonly durationMs: number;
  readonly allowed?: readonly GuardViolation[];
}

export function buildReport({ plan, result, requests, durationMs, allowed = [] }: ReportInput): ApplyReport {
  const { totals, mailboxes } = result;
  const byMethod = Object.fromEntries(Object.entries(requests.requestsByMethod).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    summary: {
      create: totals.created + totals.recovered,
      update: totals.updated,
      delete: totals.deleted,
      mailboxes: mailboxes.filter((m) => m.status === "applied").length,
    },
    planned: plan.summary,
    alreadyDone: totals.alreadyDone,
    notOwned: totals.notOwned,
    recovered: totals.recovered,
    foldersRemoved: mailboxes.filter((m) => m.folderRemoved === true).length,
    failures: mailboxes
      .filter((m) => m.status === "failed")
      .map((m) => ({ policy: m.policy, mailboxId: m.mailboxId, failedChanges: m.failed, error: m.error ?? "unknown error" })),
    refusedContacts: refusedUsers(mailboxes),
    skipped: [
      ...plan.policies.flatMap((p) => p.skipped.map((s) => ({ policy: p.policy, mailboxId: s.mailbox.id, reason: s.reason }))),
      ...mailboxes
        .filter((m) => m.status === "skipped")
        .map((m) => ({ policy: m.policy, mailboxId: m.mailboxId, reason: m.skipReason === undefined ? "skipped" : skipReasonText[m.skipReason] })),
    ],
    allowedGuardViolations: allowed.map((v) => v.message),
    requests: { total: Object.values(byMethod).reduce((n, c) => n + c, 0), byMethod },
    retries: requests.retries,
    throttled: requests.throttled,
    durationMs,
  };
}

/** True when every planned mailbox was applied or skipped for a reported reason, and Exchange refused no contact. */
export const reportSucceeded = (r: ApplyReport): boolean => r.failures.length === 0 && r.refusedContacts.length === 0;

/** What the text and markdown reports say above the refused users. */
export const REFUSED_HEADING = "Exchange refused their contact (400): fix the user's directory data; the other contacts were written";

/** What else happened while applying, one clause each (the text and markdown reports say them alike). */
export function reportNotes(r: ApplyReport): string[] {
  return [
    r.recovered > 0 ? `${r.recovered} creates whose response was lost were found committed (not sent twice)` : "",
    r.alreadyDone > 0 ? `${r.alreadyDone} planned changes were already done` : "",
    r.notOwned > 0 ? `${r.notOwned} planned changes were refused: the contact is no longer owned by the policy` : "",
    r.foldersRemoved > 0 ? `${r.foldersRemoved} contact folders cync had created were removed, empty` : "",
  ].filter((n) => n !== "");
}

/** `2 no Exchange Online mailbox, 1 user unknown to Exchange Online` — skipped target mailboxes counted by reason, in order of first appearance. */
export function skippedByReason(r: ApplyReport): string {
  const byReason = new Map<string, number>();
  for (const s of r.skipped) byReason.set(s.reason, (byReason.get(s.reason) ?? 0) + 1);
  return [...byReason].map(([reason, n]) => `${n} ${reason}`).join(", ");
}

/** The human summary: a few lines, failures listed (at most `maxListed`, then a count). */
export function renderReport(r: ApplyReport, maxListed = 10): string {
  const methods = Object.entries(r.requests.byMethod).map(([m, n]) => `${m} ${n}`).join(", ") || "none";
  const nothingPlanned = r.planned.create + r.planned.update + r.planned.delete === 0;
  const lines = [
    nothingPlanned
      ? `Nothing to apply (${duration(r.durationMs)}).`
      : `Applied: ${r.summary.create} created, ${r.summary.update} updated, ${r.summary.delete} deleted in ${r.summary.mailboxes} of ${r.planned.mailboxes} mailboxes (${duration(r.durationMs)}).`,
    `Requests: ${r.requests.total} (${methods}); ${r.retries} retries, ${r.throttled} throttled.`,
  ];
  for (const n of reportNotes(r)) lines.push(`Note: ${n}.`);
  for (const v of r.allowedGuardViolations) lines.push(`Allowed by --allow-deletes: ${v}.`);
  const listed = <T>(items: readonly T[], heading: string, line: (item: T) => string): void => {
    if (items.length === 0) return;
    lines.push(heading);
    for (const item of items.slice(0, maxListed)) lines.push(`  ${line(item)}`);
    if (items.length > maxListed) lines.push(`  … and ${items.length - maxListed} more`);
  };
  if (r.skipped.length > 0) lines.push(`Skipped ${r.skipped.length} target mailboxes: ${skippedByReason(r)}.`);
  listed(r.failures, `FAILED in ${r.failures.length} mailboxes (the next run retries them):`, (f) => `${f.policy} ${f.mailboxId}: ${f.failedChanges} changes not applied — ${f.error}`);
  listed(r.refusedContacts, `REFUSED: ${r.refusedContacts.length} users. ${REFUSED_HEADING}:`, (u) => `${u.policy} user ${u.sourceUserId}: ${u.error}, in ${u.mailboxes} mailboxes`);
  return `${lines.join("\n")}\n`;
}

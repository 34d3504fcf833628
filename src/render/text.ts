/**
 * The plan for a terminal (terraform-style `+ ~ -`): every change is shown — no size limit here —
 * with identical change sets across mailboxes printed once. Skipped mailboxes and mapping warnings,
 * which run to hundreds on a real tenant (every unlicensed account is a skipped target candidate),
 * are grouped by reason with a count and the first few names; `--format json` lists them all.
 */
import type { GuardViolation } from "../plan/guard";
import type { Plan } from "../plan/types";
import { DEFAULT_ESTIMATE, estimate, type EstimateOptions } from "./estimate";
import { contactLabel, count, duration, fieldValue, mask, plural } from "./format";
import { groupChanges } from "./groups";

export interface TextMeta {
  readonly redact?: boolean;
  readonly violations?: readonly GuardViolation[];
  readonly estimate?: EstimateOptions;
}

const MAX_MAILBOX_NAMES = 10;
const MAX_GROUPED_NAMES = 5;

/** Items grouped by a key, in first-seen order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** `a, b, c, … and 12 more` */
function someNames(names: readonly string[], max: number): string {
  const shown = names.slice(0, max);
  const more = names.length - shown.length;
  return `${shown.join(", ")}${more > 0 ? `, … and ${count(more)} more` : ""}`;
}

export function renderText(plan: Plan, meta: TextMeta = {}): string {
  const redact = meta.redact ?? false;
  const s = plan.summary;
  const out: string[] = [];
  if (s.create + s.update + s.delete === 0) out.push("cync plan: no changes. Every targeted mailbox is up to date.");
  else {
    const est = estimate(plan, meta.estimate ?? DEFAULT_ESTIMATE);
    out.push(`cync plan: ${count(s.create)} to create, ${count(s.update)} to update, ${count(s.delete)} to delete in ${plural(s.mailboxes, "mailbox")}`);
    out.push(`≈ ${plural(est.requests, "Graph write request")}, ≥ ${duration(Math.ceil(est.seconds) * 1000)} at Exchange Online limits`);
  }
  for (const v of meta.violations ?? []) out.push(`REFUSED: ${v.message}`);
  if (s.delete > 0) out.push(`WARNING: ${plural(s.delete, "contact")} will be deleted`);

  for (const p of plan.policies) {
    out.push("", `Policy ${p.policy} → folder ${p.folder} (${p.mode}): ${count(p.mailboxes.length)} changed, ${count(p.unchangedMailboxes)} unchanged, ${count(p.skipped.length)} skipped`);
    for (const g of groupChanges(p)) {
      const names = someNames(g.mailboxes.map((m) => m.upn), MAX_MAILBOX_NAMES);
      out.push(`  ${g.mailboxes.length === 1 ? "mailbox" : `the same ${plural(g.size, "change")} in ${count(g.mailboxes.length)} mailboxes${g.exceptSelf ? " (each without its owner's own contact)" : ""}:`} ${names}`);
      for (const d of g.sample.delete) out.push(`    - ${contactLabel(d.fields, d.sourceUserId)} (${d.reason})`);
      for (const u of g.sample.update) {
        out.push(`    ~ ${contactLabel(u.new, u.sourceUserId)}`);
        for (const f of u.changed) out.push(`        ${f}: ${JSON.stringify(fieldValue(f, u.old, redact))} → ${JSON.stringify(fieldValue(f, u.new, redact))}`);
      }
      for (const c of g.sample.create) out.push(`    + ${contactLabel(c.fields, c.sourceUserId)}`);
    }
    for (const [reason, skipped] of groupBy(p.skipped, (sk) => sk.reason)) {
      out.push(`  skipped ${plural(skipped.length, "mailbox")} (${reason}): ${someNames(skipped.map((sk) => sk.mailbox.upn), MAX_GROUPED_NAMES)}`);
    }
    for (const [message, warnings] of groupBy(p.warnings, (w) => w.message)) {
      const users = warnings.flatMap((w) => (w.sourceUserId !== undefined ? [w.sourceUserId] : []));
      out.push(`  warning${users.length > 0 ? ` (${plural(users.length, "user")}: ${someNames(users, MAX_GROUPED_NAMES)})` : ""}: ${message}`);
    }
  }
  const text = out.join("\n") + "\n";
  return redact ? mask(text) : text;
}

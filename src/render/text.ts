/**
 * The plan for a terminal (terraform-style `+ ~ -`): everything is shown — no size limit here —
 * with identical change sets across mailboxes printed once.
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

export function renderText(plan: Plan, meta: TextMeta = {}): string {
  const redact = meta.redact ?? false;
  const s = plan.summary;
  const out: string[] = [];
  if (s.create + s.update + s.delete === 0) out.push("cync plan: no changes. Every targeted mailbox is up to date.");
  else {
    const est = estimate(plan, meta.estimate ?? DEFAULT_ESTIMATE);
    out.push(`cync plan: ${count(s.create)} to create, ${count(s.update)} to update, ${count(s.delete)} to delete in ${plural(s.mailboxes, "mailbox")}`);
    out.push(`≈ ${plural(est.requests, "Graph write request")}, ≥ ${duration(est.seconds)} at Exchange Online limits`);
  }
  for (const v of meta.violations ?? []) out.push(`REFUSED: ${v.message}`);
  if (s.delete > 0) out.push(`WARNING: ${plural(s.delete, "contact")} will be deleted`);

  for (const p of plan.policies) {
    out.push("", `Policy ${p.policy} → folder ${p.folder} (${p.mode}): ${count(p.mailboxes.length)} changed, ${count(p.unchangedMailboxes)} unchanged, ${count(p.skipped.length)} skipped`);
    for (const g of groupChanges(p)) {
      const names = g.mailboxes.slice(0, MAX_MAILBOX_NAMES).map((m) => m.upn);
      const more = g.mailboxes.length - names.length;
      out.push(`  ${g.mailboxes.length === 1 ? "mailbox" : `the same ${plural(g.size, "change")} in ${count(g.mailboxes.length)} mailboxes${g.exceptSelf ? " (each without its owner's own contact)" : ""}:`} ${names.join(", ")}${more > 0 ? `, … and ${count(more)} more` : ""}`);
      for (const d of g.sample.delete) out.push(`    - ${contactLabel(d.fields, d.sourceUserId)} (${d.reason})`);
      for (const u of g.sample.update) {
        out.push(`    ~ ${contactLabel(u.new, u.sourceUserId)}`);
        for (const f of u.changed) out.push(`        ${f}: ${JSON.stringify(fieldValue(f, u.old, redact))} → ${JSON.stringify(fieldValue(f, u.new, redact))}`);
      }
      for (const c of g.sample.create) out.push(`    + ${contactLabel(c.fields, c.sourceUserId)}`);
    }
    for (const sk of p.skipped) out.push(`  skipped ${sk.mailbox.upn}: ${sk.reason}`);
    for (const w of p.warnings) out.push(`  warning${w.sourceUserId !== undefined ? ` (user ${w.sourceUserId})` : ""}: ${w.message}`);
  }
  const text = out.join("\n") + "\n";
  return redact ? mask(text) : text;
}

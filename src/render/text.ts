/**
 * The plan for a terminal (terraform-style `+ ~ -`): every change is shown — no size limit here —
 * with identical change sets across mailboxes printed once. Users the targets leave out (hundreds on
 * a real tenant: every unlicensed account) are one count per reason on one line; skipped targets and
 * mapping warnings are grouped by reason with a count and the first few names (display name and
 * UPN); `--format json` lists them all.
 */
import type { GuardViolation } from "../plan/guard";
import type { Plan } from "../plan/types";
import { DEFAULT_ESTIMATE, estimate, type EstimateOptions } from "./estimate";
import { deletionText, FOLDER_REMOVAL_TEXT } from "../plan/reasons";
import { contactLabel, count, duration, fieldValue, mask, plural, runTitle, someNames } from "./format";
import { groupBy, groupChanges, groupWarnings } from "./groups";
import { pullRequestLines } from "./pull-request";

export interface TextMeta {
  readonly redact?: boolean;
  readonly violations?: readonly GuardViolation[];
  readonly estimate?: EstimateOptions;
}

const MAX_MAILBOX_NAMES = 10;
const MAX_GROUPED_NAMES = 5;

export function renderText(plan: Plan, meta: TextMeta = {}): string {
  const redact = meta.redact ?? false;
  const s = plan.summary;
  const out: string[] = [];
  const pr = pullRequestLines(plan);
  if (pr !== undefined) out.push(pr.lead, ...pr.policies.map((l) => `  ${l}`), pr.pending, ...pr.pendingPolicies.map((l) => `  ${l}`), "");
  const title = runTitle("cync plan", plan.shard);
  if (s.create + s.update + s.delete === 0) out.push(`${title}: no changes. Every targeted mailbox is up to date.`);
  else {
    const est = estimate(plan, meta.estimate ?? DEFAULT_ESTIMATE);
    out.push(`${title}: ${count(s.create)} to create, ${count(s.update)} to update, ${count(s.delete)} to delete in ${plural(s.mailboxes, "mailbox")}`);
    out.push(`≈ ${plural(est.requests, "Graph write request")}, ≥ ${duration(Math.ceil(est.seconds) * 1000)} at Exchange Online limits`);
  }
  for (const v of meta.violations ?? []) out.push(`REFUSED: ${v.message}`);
  if (s.delete > 0) out.push(`WARNING: ${plural(s.delete, "contact")} will be deleted`);

  for (const p of plan.policies) {
    const nonTargets = p.nonTargets.reduce((n, t) => n + t.count, 0);
    out.push(
      "",
      `Policy ${p.policy} → folder ${p.folder} (${p.mode}): ${count(p.mailboxes.length)} changed, ${count(p.unchangedMailboxes)} unchanged, ${count(p.skipped.length)} skipped, ${count(nonTargets)} not targeted`,
    );
    for (const g of groupChanges(p)) {
      const names = someNames(g.mailboxes.map((m) => m.upn), MAX_MAILBOX_NAMES);
      out.push(`  ${g.mailboxes.length === 1 ? "mailbox" : `the same ${plural(g.size, "change")} in ${count(g.mailboxes.length)} mailboxes${g.exceptSelf ? " (each without its owner's own contact)" : ""}:`} ${names}`);
      for (const d of g.sample.delete) out.push(`    - ${contactLabel(d.fields, d.sourceUserId)} (${deletionText(d)})`);
      for (const u of g.sample.update) {
        out.push(`    ~ ${contactLabel(u.new, u.sourceUserId)}`);
        for (const f of u.changed) out.push(`        ${f}: ${JSON.stringify(fieldValue(f, u.old, redact))} → ${JSON.stringify(fieldValue(f, u.new, redact))}`);
        if (u.photo !== undefined) out.push(`        photo: ${u.photo}`);
      }
      for (const c of g.sample.create) out.push(`    + ${contactLabel(c.fields, c.sourceUserId)}${typeof c.photo === "string" ? " (with photo)" : ""}`);
      if (g.sample.removeFolder === true) out.push(`    - folder ${p.folder}, if then empty (${FOLDER_REMOVAL_TEXT})`);
    }
    if (p.nonTargets.length > 0) out.push(`  not targeted: ${p.nonTargets.map((t) => `${count(t.count)} ${t.message}`).join(", ")}`);
    for (const skipped of groupBy(p.skipped, (sk) => sk.code).values()) {
      out.push(`  skipped ${plural(skipped.length, "mailbox")} (${skipped[0]!.message}): ${someNames(skipped.map((sk) => sk.mailbox.upn), MAX_GROUPED_NAMES)}`);
    }
    for (const g of groupWarnings(p)) {
      out.push(`  ${plural(g.warnings.length, "warning")}, ${g.text}${g.people.length > 0 ? `: ${someNames(g.people, MAX_GROUPED_NAMES)}` : ""}`);
    }
  }
  const text = out.join("\n") + "\n";
  return redact ? mask(text) : text;
}

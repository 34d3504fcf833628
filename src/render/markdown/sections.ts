/**
 * The PR comment's named sections (tfcmt templates: title, deletion warning, per-change details),
 * each a pure function returning complete markdown — the assembler never cuts inside one.
 */
import type { Shard } from "../../engine/partition";
import type { GuardViolation } from "../../plan/guard";
import type { Plan, PolicyPlan } from "../../plan/types";
import { CONCURRENCY, EXCHANGE_LIMITS } from "../../graph/limits";
import type { Estimate, EstimateOptions } from "../estimate";
import { deletionText, FOLDER_REMOVAL_TEXT } from "../../plan/reasons";
import { contactLabel, count, duration, fieldValue, personLabel, plural, runTitle } from "../format";
import { groupBy, groupWarnings, type ChangeGroup } from "../groups";
import type { PullRequestLines } from "../pull-request";
import { mdCode, mdText } from "./escape";

const BOTTLENECK: Readonly<Record<Estimate["bottleneck"], string>> = {
  app: "the app-wide limit",
  "mailbox-rate": "the busiest mailbox's rate limit",
  "mailbox-concurrency": `the busiest mailbox's ${CONCURRENCY.perMailbox} concurrent requests`,
  concurrency: "the mailboxes applied at once (--concurrency)",
};

/** Bounds the per-policy parts of the required sections, so they always fit the comment. */
export const MAX_POLICY_ROWS = 50;

const policyWrites = (p: PolicyPlan) =>
  p.mailboxes.reduce((acc, m) => ({ create: acc.create + m.create.length, update: acc.update + m.update.length, delete: acc.delete + m.delete.length }), {
    create: 0,
    update: 0,
    delete: 0,
  });

/** Title, totals, the time estimate and one row per policy. */
export function titleSection(plan: Plan, est: Estimate, options: EstimateOptions, heading = `## ${runTitle("cync plan", plan.shard)}`): string {
  const s = plan.summary;
  if (s.create + s.update + s.delete === 0) return `${heading}\n\n**No changes.** Every targeted mailbox is up to date.\n`;
  const rows = plan.policies.slice(0, MAX_POLICY_ROWS).map((p) => {
    const w = policyWrites(p);
    return `| \`${p.policy}\` | ${mdText(p.folder)} | ${p.mode} | ${count(w.create)} | ${count(w.update)} | ${count(w.delete)} | ${count(p.mailboxes.length)} | ${count(p.unchangedMailboxes)} | ${count(p.skipped.length)} | ${count(nonTargetTotal(p))} |`;
  });
  return [
    heading,
    "",
    `**${count(s.create)} to create · ${count(s.update)} to update · ${count(s.delete)} to delete** in ${plural(s.mailboxes, "mailbox")}`,
    "",
    `≈ ${plural(est.requests, "Graph write request")}, ≥ ${duration(Math.ceil(est.seconds) * 1000)} at Exchange Online limits`,
    `<sub>1 request per write; per mailbox ≤ ${count(EXCHANGE_LIMITS.mailboxRequestsPer10Min)} per 10 min and ${CONCURRENCY.perMailbox} at once; ≤ ${count(EXCHANGE_LIMITS.appRequestsPer10s)} per 10 s per app; ${plural(options.concurrency, "mailbox")} at once and ${options.requestLatencyMs} ms per request assumed. Bound by ${BOTTLENECK[est.bottleneck]}.</sub>`,
    "",
    "| Policy | Folder | Mode | Create | Update | Delete | Mailboxes changed | Unchanged | Skipped | Not targeted |",
    "|---|---|---|--:|--:|--:|--:|--:|--:|--:|",
    ...rows,
    ...(plan.policies.length > MAX_POLICY_ROWS ? [`| … and ${count(plan.policies.length - MAX_POLICY_ROWS)} more | | | | | | | | | |`] : []),
    "",
  ].join("\n");
}

/** Refusals by the safety limits, loudest of all. */
export function violationsSection(violations: readonly GuardViolation[]): string {
  if (violations.length === 0) return "";
  const shown = violations.slice(0, MAX_POLICY_ROWS).map((v) => `> - ${mdText(v.message)}`);
  if (violations.length > shown.length) shown.push(`> - … and ${count(violations.length - shown.length)} more`);
  return ["> [!CAUTION]", "> **This plan is refused by the safety limits** (apply needs an explicit override):", ...shown, ""].join("\n");
}

const nonTargetTotal = (p: PolicyPlan): number => p.nonTargets.reduce((n, t) => n + t.count, 0);

/** The deletion warning: totals by reason. Required: deletions are never hidden. */
export function deletionHeadline(plan: Plan): string {
  if (plan.summary.delete === 0) return "";
  const byReason = new Map<string, number>();
  for (const p of plan.policies) for (const m of p.mailboxes) for (const d of m.delete) byReason.set(deletionText(d), (byReason.get(deletionText(d)) ?? 0) + 1);
  const mailboxes = plan.policies.reduce((n, p) => n + p.mailboxes.filter((m) => m.delete.length > 0).length, 0);
  return [
    "> [!WARNING]",
    `> **${plural(plan.summary.delete, "contact")} will be deleted** in ${plural(mailboxes, "mailbox")}:`,
    ...[...byReason].sort().map(([reason, n]) => `> - ${count(n)} ${reason}`),
    "",
  ].join("\n");
}

export interface DeletedContact {
  readonly policy: string;
  readonly label: string;
  /** In words (deletionText). */
  readonly reason: string;
  readonly mailboxes: number;
}

/** Deleted contacts across mailboxes, one row per (policy, contact, reason), most widespread first. */
export function deletedContacts(plan: Plan): DeletedContact[] {
  const rows = new Map<string, { policy: string; label: string; reason: string; mailboxes: number }>();
  for (const p of plan.policies)
    for (const m of p.mailboxes)
      for (const d of m.delete) {
        const reason = deletionText(d);
        const key = `${p.policy}\0${d.sourceUserId}\0${reason}`;
        const row = rows.get(key);
        if (row) row.mailboxes++;
        else rows.set(key, { policy: p.policy, label: contactLabel(d.fields, d.sourceUserId), reason, mailboxes: 1 });
      }
  return [...rows.values()].sort((a, b) => b.mailboxes - a.mailboxes || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/** The deleted-contacts table, `rows` of them. */
export function deletionTable(rows: readonly DeletedContact[], total: number): string {
  const more = total - rows.length;
  return [
    "<details open><summary>Contacts to delete</summary>",
    "",
    "| Policy | Contact | Reason | Mailboxes |",
    "|---|---|---|--:|",
    ...rows.map((r) => `| \`${r.policy}\` | ${mdText(r.label)} | ${r.reason} | ${count(r.mailboxes)} |`),
    ...(more > 0 ? ["", `… and ${plural(more, "more deleted contact")} (see \`cync plan\`).`] : []),
    "",
    "</details>",
    "",
  ].join("\n");
}

/** "the same 3 creates, 1 update in 412 mailboxes" / "alice@contoso.com: 3 creates". */
export function groupHeading(g: ChangeGroup): string {
  const s = g.sample;
  const creates = s.create.length - (g.exceptSelf ? 1 : 0);
  const parts = [
    creates > 0 ? plural(creates, "create") : "",
    s.update.length > 0 ? plural(s.update.length, "update") : "",
    s.delete.length > 0 ? plural(s.delete.length, "delete") : "",
    s.removeFolder === true ? "folder removal" : "",
  ].filter(Boolean);
  if (g.mailboxes.length === 1) return `#### \`${g.policy.policy}\` · ${mdText(g.mailboxes[0]!.upn)}: ${parts.join(", ")}`;
  return `#### \`${g.policy.policy}\` · the same ${parts.join(", ")} in ${count(g.mailboxes.length)} mailboxes${g.exceptSelf ? " (each without its owner's own contact)" : ""}`;
}

/** One change group: heading, the mailboxes (collapsed), and up to `maxRows` changes with per-field before → after. */
export function groupSection(g: ChangeGroup, maxRows: number, redact: boolean, maxMailboxes = 50): { text: string; rowsShown: number } {
  const s = g.sample;
  const rows: string[] = [];
  for (const c of s.delete) rows.push(`| 🗑️ delete | ${mdText(contactLabel(c.fields, c.sourceUserId))} | ${deletionText(c)} |`);
  if (s.removeFolder === true) rows.push(`| 🗑️ remove folder | ${mdText(g.policy.folder)} | ${FOLDER_REMOVAL_TEXT} |`);
  for (const u of s.update) {
    const diff = u.changed.map((f) => `**${f}**: ${mdCode(fieldValue(f, u.old, redact))} → ${mdCode(fieldValue(f, u.new, redact))}`);
    if (u.photo !== undefined) diff.push(`**photo**: ${u.photo}`);
    rows.push(`| ✏️ update | ${mdText(contactLabel(u.new, u.sourceUserId))} | ${diff.join("<br>")} |`);
  }
  for (const c of s.create) {
    const role = [c.fields.jobTitle, c.fields.department].filter((v) => v !== undefined).map((v) => mdText(v));
    if (typeof c.photo === "string") role.push("with photo");
    rows.push(`| ➕ create | ${mdText(contactLabel(c.fields, c.sourceUserId))} | ${role.length > 0 ? role.join(" · ") : "new contact"} |`);
  }
  const shown = rows.slice(0, maxRows);
  const lines = [groupHeading(g), ""];
  if (g.mailboxes.length > 1) {
    const listed = g.mailboxes.slice(0, maxMailboxes).map((m) => mdText(m.upn));
    const more = g.mailboxes.length - listed.length;
    lines.push("<details><summary>Mailboxes</summary>", "", listed.join(", ") + (more > 0 ? `, … and ${count(more)} more` : ""), "", "</details>", "");
  }
  lines.push(`<details><summary>${plural(g.size, "change")}${g.mailboxes.length > 1 ? " per mailbox" : ""}</summary>`, "");
  if (g.exceptSelf) lines.push("Each mailbox gets these contacts except its owner's own.", "");
  lines.push("| | Contact | Change |", "|---|---|---|", ...shown);
  if (rows.length > shown.length) lines.push("", `… and ${count(rows.length - shown.length)} more in this set.`);
  lines.push("", "</details>", "");
  return { text: lines.join("\n"), rowsShown: shown.length };
}

/** A list section with at most `max` items. */
export function cappedList(title: string, items: readonly string[], max: number): string {
  if (items.length === 0) return "";
  const shown = items.slice(0, max).map((i) => `- ${i}`);
  if (items.length > max) shown.push(`- … and ${count(items.length - max)} more`);
  return [`### ${title} (${count(items.length)})`, "", ...shown, ""].join("\n");
}

/**
 * Warnings grouped per policy and reason code, each with its count in the summary line and the
 * people inside a collapsed block: one item per distinct message (field and numbers), naming its
 * people by display name and UPN. At most `maxPeople` people (and items) are listed over all
 * groups, so the section stays bounded; `cync plan --format json` lists them all.
 */
export function warningSection(plan: Plan, maxPeople: number): string {
  const groups = plan.policies.flatMap((p) => groupWarnings(p).map((g) => ({ policy: p.policy, ...g })));
  if (groups.length === 0) return "";
  const total = groups.reduce((n, g) => n + g.warnings.length, 0);
  const lines = [`### Warnings (${count(total)})`, ""];
  let room = maxPeople;
  for (const g of groups.slice(0, MAX_POLICY_ROWS)) {
    const items: string[] = [];
    let unlisted = 0;
    for (const [message, warnings] of groupBy(g.warnings, (w) => w.message)) {
      if (room <= 0) {
        unlisted += warnings.length;
        continue;
      }
      const shown = warnings.slice(0, room);
      room -= Math.max(1, shown.length);
      const names = shown.flatMap((w) => {
        const id = w.sourceUserId ?? w.mailboxId;
        return id === undefined ? [] : [mdText(personLabel(w, id).slice(0, 120))];
      });
      const more = warnings.length - shown.length;
      if (more > 0) names.push(`… and ${count(more)} more`);
      items.push(`- ${mdText(message.slice(0, 160))} (${count(warnings.length)})${names.length > 0 ? `: ${names.join(", ")}` : ""}`);
    }
    if (unlisted > 0) items.push(`- … and ${count(unlisted)} more (see \`cync plan --format json\`)`);
    lines.push(`<details><summary><code>${g.policy}</code> · ${plural(g.warnings.length, "warning")}: ${mdText(g.text)}</summary>`, "", ...items, "", "</details>", "");
  }
  if (groups.length > MAX_POLICY_ROWS) lines.push(`… and ${count(groups.length - MAX_POLICY_ROWS)} more groups of warnings (see \`cync plan\`).`, "");
  return lines.join("\n");
}

/** Targeted mailboxes that could not be planned, as list items. */
export function skippedItems(plan: Plan): string[] {
  return plan.policies.flatMap((p) => p.skipped.map((s) => `\`${p.policy}\` ${mdText(s.mailbox.upn)}: ${mdText(s.message)}`));
}

/** Users the policies' targets leave out: one line per policy, one count per reason — never a list of people. */
export function nonTargetSection(plan: Plan): string {
  const policies = plan.policies.filter((p) => p.nonTargets.length > 0);
  if (policies.length === 0) return "";
  const rows = policies.slice(0, MAX_POLICY_ROWS).map((p) => `- \`${p.policy}\`: ${p.nonTargets.map((t) => `${count(t.count)} ${mdText(t.message)}`).join(" · ")}`);
  if (policies.length > MAX_POLICY_ROWS) rows.push(`- … and ${count(policies.length - MAX_POLICY_ROWS)} more policies`);
  return ["### Not targeted", "", "Users each policy's targets leave out, by reason (not failures, so not listed):", "", ...rows, ""].join("\n");
}

/** With `--base-policies`: the pull request's own effect first, then what is pending regardless of it, collapsed. */
export function pullRequestSection(lines: PullRequestLines, shard: Shard | undefined): string {
  const list = (items: readonly string[]): string[] => (items.length === 0 ? [] : ["", ...items.slice(0, MAX_POLICY_ROWS).map((l) => `- ${mdText(l)}`), ...(items.length > MAX_POLICY_ROWS ? [`- … and ${count(items.length - MAX_POLICY_ROWS)} more`] : [])]);
  return [
    `## ${runTitle("cync plan", shard)}`,
    "",
    `**${mdText(lines.lead)}**`,
    ...list(lines.policies),
    "",
    "<details>",
    `<summary>${mdText(lines.pending)}</summary>`,
    ...list(lines.pendingPolicies),
    "",
    "</details>",
    "",
  ].join("\n");
}

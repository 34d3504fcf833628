/**
 * A sharded run's summary (src/apply/gather.ts) for people: markdown for the run's page in GitHub
 * Actions (the reconcile's gather job, .github/workflows/reconcile.yml) and a few lines of text.
 * Mailboxes by object id, errors by cync's own messages, as each shard's own summary shows them
 * (src/render/markdown/apply-report.ts).
 */
import type { GatherSummary, ShardOutcome, ShardStatus } from "../apply/gather";
import type { PlanSummary } from "../plan/types";
import { count, duration, plural } from "./format";
import { mdCode, mdText } from "./markdown/escape";

/** Failed mailboxes listed one per row, then counted: a step summary holds at most 1 MiB. */
const MAX_FAILURE_ROWS = 50;

const STATUS_TEXT: Readonly<Record<ShardStatus, string>> = {
  applied: "applied",
  failed: "FAILED (some mailboxes, or users Exchange refused)",
  refused: "REFUSED by a safety guard (nothing written)",
  missing: "MISSING: no result (the job stopped before writing it)",
};

const writes = (s: PlanSummary): string => `${count(s.create)} created · ${count(s.update)} updated · ${count(s.delete)} deleted`;

const headline = (s: GatherSummary): string =>
  `${writes(s.totals.applied)} in ${count(s.totals.applied.mailboxes)} of ${plural(s.totals.planned.mailboxes, "mailbox")}, ${plural(s.shards, "shard")} (${duration(s.totals.durationMs)}, the slowest shard)`;

const unwell = (s: GatherSummary): ShardOutcome[] => s.byShard.filter((x) => x.status !== "applied");

export function renderGatherMarkdown(s: GatherSummary, maxFailures = MAX_FAILURE_ROWS): string {
  const t = s.totals;
  const rows = s.byShard.map(
    (x) =>
      `| ${x.index}/${s.shards} | ${x.status === "applied" ? "applied" : `**${x.status}**`} | ${count(x.applied.create)} | ${count(x.applied.update)} | ${count(x.applied.delete)} | ${count(x.applied.mailboxes)} of ${count(x.planned.mailboxes)} | ${count(x.failedMailboxes)} | ${count(x.requests)} | ${count(x.throttled)} | ${x.status === "missing" ? "" : duration(x.durationMs)} |`,
  );
  const bad = unwell(s);
  const sections = [
    "## cync apply, gathered\n",
    `**${headline(s)}**\n`,
    bad.length === 0 && s.problems.length === 0
      ? ""
      : [
          "> [!CAUTION]",
          ...bad.map((x) => `> - Shard ${x.index}/${s.shards}: ${STATUS_TEXT[x.status]}`),
          ...bad.flatMap((x) => x.refused.map((m) => `>   - ${mdText(m)}`)),
          ...s.problems.map((p) => `> - ${mdText(p)}`),
          "> ",
          "> The other shards' writes stand; the next run retries what failed.",
          "",
        ].join("\n"),
    [
      "| Shard | Result | Created | Updated | Deleted | Mailboxes applied | Failed mailboxes | Requests | Throttled | Duration |",
      "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
      ...rows,
      `| all | ${s.succeeded ? "applied" : "**failed**"} | ${count(t.applied.create)} | ${count(t.applied.update)} | ${count(t.applied.delete)} | ${count(t.applied.mailboxes)} of ${count(t.planned.mailboxes)} | ${count(t.failedMailboxes)} | ${count(t.requests)} | ${count(t.throttled)} | ${duration(t.durationMs)} |`,
      "",
    ].join("\n"),
    s.failures.length === 0 ? "" : failureSection(s, maxFailures),
    s.refusedUsers.length === 0 ? "" : refusedSection(s, maxFailures),
    t.skippedMailboxes === 0 ? "" : `Skipped ${plural(t.skippedMailboxes, "target mailbox")} (each shard's summary says why).\n`,
  ];
  return sections.filter((x) => x !== "").join("\n");
}

function failureSection(s: GatherSummary, max: number): string {
  const rows = s.failures.slice(0, max).map((f) => `| ${f.shard}/${s.shards} | \`${f.policy}\` | ${mdCode(f.mailboxId)} | ${count(f.failedChanges)} | ${mdText(f.error)} |`);
  if (s.failures.length > max) rows.push(`| … and ${count(s.failures.length - max)} more | | | | |`);
  return [
    `**Failed in ${plural(s.failures.length, "mailbox")}**: their changes were not applied; the next run retries them.`,
    "",
    "| Shard | Policy | Mailbox | Changes not applied | Error |",
    "|---|---|---|--:|---|",
    ...rows,
    "",
  ].join("\n");
}

function refusedSection(s: GatherSummary, max: number): string {
  const rows = s.refusedUsers.slice(0, max).map((u) => `| ${u.shard}/${s.shards} | \`${u.policy}\` | ${mdCode(u.sourceUserId)} | ${count(u.mailboxes)} | ${mdText(u.error)} |`);
  if (s.refusedUsers.length > max) rows.push(`| … and ${count(s.refusedUsers.length - max)} more | | | | |`);
  return [
    `**Exchange refused the contact of ${plural(s.refusedUsers.length, "user")}** (their directory data; the other contacts were written):`,
    "",
    "| Shard | Policy | User | Mailboxes | Refusal |",
    "|---|---|---|--:|---|",
    ...rows,
    "",
  ].join("\n");
}

/** A few lines: the totals, each shard that did not apply, the failed mailboxes (at most `maxListed`). */
export function renderGatherText(s: GatherSummary, maxListed = 10): string {
  const t = s.totals;
  const lines = [
    `Gathered: ${headline(s)}.`,
    `Requests: ${count(t.requests)}; ${count(t.retries)} retries, ${count(t.throttled)} throttled.`,
    ...unwell(s).map((x) => `Shard ${x.index}/${s.shards}: ${STATUS_TEXT[x.status]}${x.refused.length > 0 ? `: ${x.refused.join("; ")}` : ""}.`),
    ...s.problems.map((p) => `Problem: ${p}.`),
  ];
  if (s.failures.length > 0) {
    lines.push(`FAILED in ${count(s.failures.length)} mailboxes (the next run retries them):`);
    for (const f of s.failures.slice(0, maxListed)) lines.push(`  shard ${f.shard}/${s.shards} ${f.policy} ${f.mailboxId}: ${f.failedChanges} changes not applied — ${f.error}`);
    if (s.failures.length > maxListed) lines.push(`  … and ${count(s.failures.length - maxListed)} more`);
  }
  if (s.refusedUsers.length > 0) {
    lines.push(`REFUSED by Exchange: the contacts of ${plural(s.refusedUsers.length, "user")} (their directory data):`);
    for (const u of s.refusedUsers.slice(0, maxListed)) lines.push(`  shard ${u.shard}/${s.shards} ${u.policy} user ${u.sourceUserId}: ${u.error}, in ${u.mailboxes} mailboxes`);
    if (s.refusedUsers.length > maxListed) lines.push(`  … and ${count(s.refusedUsers.length - maxListed)} more`);
  }
  return `${lines.join("\n")}\n`;
}

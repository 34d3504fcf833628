/**
 * The plan as a pull-request comment (tfcmt/atlantis, docs/architecture.md#prior-art): summary
 * first, deletions first and loud, identical change sets shown once, bulk inside `<details>`, and
 * ALWAYS within {@link COMMENT_LIMIT} characters. Fitting is by construction: required sections
 * (title, safety refusals, deletion headline, warnings, skipped, non-target counts — each bounded) are laid out first;
 * optional blocks (deleted-contacts table, change groups) are added whole, in order, while they fit
 * — a group that does not fit falls back to its heading alone — and whatever is left out is counted
 * in an "N more changes omitted" note. Nothing is ever cut inside a fence or a `<details>`.
 * Redaction (tfcmt `mask`) masks personal field values while rendering and then runs over each
 * finished section as the last step, before its length is counted.
 */
import type { GuardViolation } from "../../plan/guard";
import type { Plan } from "../../plan/types";
import { DEFAULT_ESTIMATE, estimate, type EstimateOptions } from "../estimate";
import { count, mask } from "../format";
import { groupChanges } from "../groups";
import { pullRequestLines } from "../pull-request";
import {
  cappedList,
  deletedContacts,
  deletionHeadline,
  deletionTable,
  groupHeading,
  groupSection,
  MAX_POLICY_ROWS,
  nonTargetSection,
  pullRequestSection,
  skippedItems,
  titleSection,
  violationsSection,
  warningSection,
} from "./sections";

/** GitHub refuses comments over 65,536 characters (atlantis maxCommentLength); headroom for the poster's own lines. */
export const COMMENT_LIMIT = 60_000;

/** Hidden marker that finds our sticky comment (tfcmt/github-comment-metadata). */
export const MARKER_PREFIX = "<!-- cync-plan: ";

export interface MarkdownMeta {
  /** Mask personal values (phones, e-mail addresses, postal addresses, notes). @default false */
  readonly redact?: boolean;
  /** Safety-limit refusals from checkDeleteGuard, shown first. */
  readonly violations?: readonly GuardViolation[];
  readonly estimate?: EstimateOptions;
  /** @default COMMENT_LIMIT */
  readonly limit?: number;
}

const MAX_LIST_ITEMS = 20;
/** People named in the warnings section, over all its groups (≈ 300 characters each at most): one per this many characters of the limit. */
const CHARS_PER_WARNED_PERSON = 1_000;
const MAX_DELETED_ROWS = 50;
const MAX_GROUP_ROWS = 50;
/** Room kept for the omitted-changes note. */
const NOTE_RESERVE = 300;

export function renderMarkdown(plan: Plan, meta: MarkdownMeta = {}): string {
  const redact = meta.redact ?? false;
  const limit = meta.limit ?? COMMENT_LIMIT;
  const finish = (text: string): string => (redact ? mask(text) : text);
  const estimateOptions = meta.estimate ?? DEFAULT_ESTIMATE;

  // With base policies the pull request's own effect leads; the whole plan after merge follows it.
  const pr = pullRequestLines(plan);
  const head = [
    ...(pr === undefined ? [] : [pullRequestSection(pr, plan.shard)]),
    titleSection(plan, estimate(plan, estimateOptions), estimateOptions, pr === undefined ? undefined : "### The whole plan after merge"),
    violationsSection(meta.violations ?? []),
    deletionHeadline(plan),
  ].map(finish);
  const tail = [warningSection(plan, Math.floor(limit / CHARS_PER_WARNED_PERSON)), cappedList("Skipped mailboxes", skippedItems(plan), MAX_LIST_ITEMS), nonTargetSection(plan)].map(finish);
  const names = plan.policies.map((p) => p.policy);
  const more = names.length - MAX_POLICY_ROWS;
  const marker = `${MARKER_PREFIX}${JSON.stringify(more > 0 ? { policies: names.slice(0, MAX_POLICY_ROWS), more } : { policies: names })} -->\n`;

  const sections = (...parts: string[]): number => parts.reduce((n, s) => n + (s === "" ? 0 : s.length + 1), 0);
  let budget = limit - sections(...head, ...tail, marker) - NOTE_RESERVE;
  const body: string[] = [];
  let omitted = 0;
  const add = (text: string): boolean => {
    if (text.length + 1 > budget) return false;
    body.push(text);
    budget -= text.length + 1;
    return true;
  };

  const deleted = deletedContacts(plan);
  if (deleted.length > 0) add(finish(deletionTable(deleted.slice(0, MAX_DELETED_ROWS), deleted.length)));

  for (const policy of plan.policies) {
    for (const g of groupChanges(policy)) {
      const { text, rowsShown } = groupSection(g, MAX_GROUP_ROWS, redact);
      const writes = g.size * g.mailboxes.length;
      if (add(finish(text))) omitted += Math.max(0, g.size - rowsShown) * g.mailboxes.length;
      else {
        omitted += writes;
        add(finish(`${groupHeading(g)} — details omitted\n`));
      }
    }
  }

  const note = omitted > 0 ? `> [!NOTE]\n> ${count(omitted)} more changes omitted to keep this comment within GitHub's size limit; \`cync plan\` shows them all.\n` : "";
  return [...head, ...body, note, ...tail, marker].filter((s) => s !== "").join("\n");
}

/**
 * The sticky comment's text. A plan is the pull-request markdown (src/render/markdown/), which is
 * at most COMMENT_LIMIT characters and ends with the marker, followed by one line linking where
 * the full plan is. GitHub refuses bodies over 65,536 characters
 * (https://docs.github.com/en/rest/issues/comments#create-an-issue-comment); COMMENT_LIMIT leaves
 * 5,536 of them for that line, whose only variable part is a link of at most MAX_LINK_LENGTH
 * characters — so the body fits by construction, however large the plan.
 */
import type { GuardViolation } from "../plan/guard";
import type { Plan } from "../plan/types";
import { MARKER_PREFIX, renderMarkdown } from "../render";

/** Longest link the comment carries (`--artifact-url` or the run's page); longer ones are refused. */
export const MAX_LINK_LENGTH = 2_000;

export interface PlanCommentOptions {
  /** Mask personal values: everyone who can read the pull request reads the comment. */
  readonly redact: boolean;
  readonly violations: readonly GuardViolation[];
  /** Where the full plan is (the workflow artifact, or the run that has it). */
  readonly fullPlanUrl: string | undefined;
}

export function planComment(plan: Plan, options: PlanCommentOptions): string {
  const markdown = renderMarkdown(plan, { redact: options.redact, violations: options.violations });
  if (options.fullPlanUrl === undefined) return markdown;
  return `${markdown}\nThe full plan, every change in JSON: ${link("workflow artifact", options.fullPlanUrl)}.\n`;
}

/** The comment when no plan could be made: it replaces the last plan, which no longer holds. */
export function failedComment(runUrl: string | undefined): string {
  const where = runUrl === undefined ? "the workflow log" : link("the workflow log", runUrl);
  return `## cync plan\n\n> [!CAUTION]\n> **The plan failed**; see ${where} for why. The previous plan shown here no longer applies.\n\n${MARKER_PREFIX}{"failed":true} -->\n`;
}

/** A markdown link whose target cannot end the link early: `<…>` holds any URL without `<`, `>` or spaces. */
function link(text: string, url: string): string {
  return `[${text}](<${url.replace(/[<> ]/g, encodeURIComponent)}>)`;
}

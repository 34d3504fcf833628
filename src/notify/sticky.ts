/**
 * Which pull-request comment is cync's sticky plan comment, and what posting a body means for it
 * (tfcmt / Atlantis, docs/architecture.md#prior-art): one comment per pull request, found again by
 * the hidden marker the renderer ends every plan with, and edited in place — never a second one.
 * Pure; the GitHub calls are in ./github.ts.
 */
import { MARKER_PREFIX } from "../render";

/**
 * The marker the workflow's inline script put on its comments before `cync comment` existed. Still
 * recognised, so the first run after the upgrade edits that comment instead of adding a second.
 */
export const LEGACY_MARKER = "<!-- cync:plan-comment -->";

/** An issue comment as far as choosing ours goes (GitHub's `issue-comment`, narrowed). */
export interface PullRequestComment {
  readonly id: number;
  readonly body: string;
  readonly url: string;
  /** ISO 8601, as GitHub sends it: compares in time order as text. */
  readonly createdAt: string;
  /** GitHub's `user.type`: `Bot` for GitHub Actions' token and GitHub Apps, `User` for people. */
  readonly authorType: string | undefined;
}

export type CommentAction =
  | { readonly kind: "create" }
  | { readonly kind: "update"; readonly comment: PullRequestComment }
  | { readonly kind: "unchanged"; readonly comment: PullRequestComment };

/**
 * A comment cync posted: it carries a marker and a bot wrote it. A person who quotes the comment
 * in a reply quotes the marker too; their comment is never ours to edit.
 */
export function isStickyComment(comment: PullRequestComment): boolean {
  return comment.authorType === "Bot" && (comment.body.includes(MARKER_PREFIX) || comment.body.includes(LEGACY_MARKER));
}

/**
 * Create when no comment of ours exists; otherwise the newest of ours is the sticky one (older
 * duplicates, from a race of two runs, stay as they are) — updated only when its body differs.
 */
export function decideComment(comments: readonly PullRequestComment[], body: string): CommentAction {
  let newest: PullRequestComment | undefined;
  for (const c of comments) {
    if (!isStickyComment(c)) continue;
    if (newest === undefined || c.createdAt > newest.createdAt || (c.createdAt === newest.createdAt && c.id > newest.id)) newest = c;
  }
  if (newest === undefined) return { kind: "create" };
  return newest.body === body ? { kind: "unchanged", comment: newest } : { kind: "update", comment: newest };
}

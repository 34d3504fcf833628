/**
 * The GitHub side of the sticky comment, through @octokit/rest with GitHub's recommended retry and
 * throttling plugins (https://github.com/octokit/plugin-throttling.js): list the pull request's
 * comments (every page, 100 at a time), then create, update or leave ours (./sticky.ts decides).
 * Failures become {@link CommentPostError}s that say what to fix; the token is never part of one.
 */
import { randomUUID } from "node:crypto";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { isRecord } from "../json/record";
import type { PullRequestRef } from "./context";
import { decideComment, type PullRequestComment } from "./sticky";

const GitHub = Octokit.plugin(throttling, retry);
type GitHubClient = InstanceType<typeof GitHub>;

export interface ClientOptions {
  /** Milliseconds per second of a `Retry-After` wait; tests shorten it. @default 1000 */
  readonly retryAfterBaseMs?: number;
  /** Where octokit's warnings go (never request headers). @default stderr */
  readonly warn?: (message: string) => void;
}

/** Rate-limited requests are retried this many times, after the wait GitHub names. */
const RATE_LIMIT_RETRIES = 2;

export function githubClient(token: string, apiUrl: string, options: ClientOptions = {}): GitHubClient {
  const warn = options.warn ?? ((message: string) => process.stderr.write(`cync comment: ${message}\n`));
  const retryOnce = (_after: number, _request: unknown, _octokit: unknown, retryCount: number): boolean => retryCount < RATE_LIMIT_RETRIES;
  const quiet = (): void => undefined;
  return new GitHub({
    auth: token,
    baseUrl: apiUrl,
    userAgent: "cync",
    log: { debug: quiet, info: quiet, warn, error: warn },
    // The plugin paces writes one a second per `id`; a client of its own paces only its own requests.
    throttle: { id: randomUUID(), onRateLimit: retryOnce, onSecondaryRateLimit: retryOnce, ...(options.retryAfterBaseMs === undefined ? {} : { retryAfterBaseValue: options.retryAfterBaseMs }) },
    ...(options.retryAfterBaseMs === undefined ? {} : { retry: { retryAfterBaseValue: options.retryAfterBaseMs } }),
  });
}

export interface PostResult {
  readonly kind: "created" | "updated" | "unchanged";
  /** The comment's page (`html_url`). */
  readonly url: string;
}

/** Creates or updates the pull request's one sticky comment so that it reads `body`. */
export async function postStickyComment(client: GitHubClient, target: PullRequestRef, body: string): Promise<PostResult> {
  const { owner, repo, pullRequest } = target;
  const where = `${owner}/${repo} pull request ${pullRequest}`;
  const comments = await calling(`list the comments of ${where}`, target, () =>
    client.paginate(client.rest.issues.listComments, { owner, repo, issue_number: pullRequest, per_page: 100 }),
  );
  const action = decideComment(
    comments.map((c): PullRequestComment => ({ id: c.id, body: c.body ?? "", url: c.html_url, createdAt: c.created_at, authorType: c.user?.type })),
    body,
  );
  switch (action.kind) {
    case "unchanged":
      return { kind: "unchanged", url: action.comment.url };
    case "update": {
      const { data } = await calling(`update the comment on ${where}`, target, () => client.rest.issues.updateComment({ owner, repo, comment_id: action.comment.id, body }));
      return { kind: "updated", url: data.html_url };
    }
    case "create": {
      const { data } = await calling(`comment on ${where}`, target, () => client.rest.issues.createComment({ owner, repo, issue_number: pullRequest, body }));
      return { kind: "created", url: data.html_url };
    }
  }
}

/** GitHub refused or could not be reached; the message says what to do. */
class CommentPostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CommentPostError";
  }
}

async function calling<T>(what: string, target: PullRequestRef, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw postError(what, target, err);
  }
}

/** An octokit RequestError (status, GitHub's `message`, headers) in words; anything else as a network failure. */
function postError(what: string, target: PullRequestRef, err: unknown): CommentPostError {
  const failure = requestFailure(err);
  if (failure === undefined) return new CommentPostError(`could not ${what}: ${err instanceof Error ? err.message : String(err)}`);
  const { status, message, detail, rateLimited } = failure;
  const said = message === undefined ? `${status}` : `${status} ${message}`;
  const fix = rateLimited
    ? "GitHub's rate limit for this token is used up; run again later"
    : status === 401
      ? "GITHUB_TOKEN is not a valid token (expired, revoked or mistyped)"
      : status === 403
        ? "the token lacks the `pull-requests: write` permission (set `permissions: pull-requests: write` in the workflow), or the pull request comes from a fork, whose workflows get a read-only GITHUB_TOKEN"
        : status === 404
          ? `check GITHUB_REPOSITORY (${target.owner}/${target.repo}), the pull request number (${target.pullRequest}) and that the token can read the repository`
          : status === 422
            ? `GitHub rejected the comment${detail === undefined ? "" : `: ${detail}`}`
            : status >= 500
              ? "GitHub failed; run again later"
              : `GitHub answered at ${target.apiUrl}`;
  return new CommentPostError(`could not ${what} (${said}): ${fix}`);
}

interface RequestFailure {
  readonly status: number;
  /** GitHub's `message` (e.g. "Resource not accessible by integration"), one line, bounded. */
  readonly message: string | undefined;
  /** The first of a 422's field `errors`, e.g. "body is too long (maximum is 65536 characters)". */
  readonly detail: string | undefined;
  readonly rateLimited: boolean;
}

/** The parts of @octokit/request-error's RequestError this needs, read defensively. */
function requestFailure(err: unknown): RequestFailure | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const { status, response } = err as { status?: unknown; response?: { data?: unknown; headers?: Record<string, unknown> } };
  // octokit reports a request that got no response (DNS, refused connection) as status 500 without one.
  if (typeof status !== "number" || response === undefined) return undefined;
  const data = isRecord(response.data) ? response.data : {};
  const message = text(data["message"]);
  const errors = data["errors"];
  const detail = Array.isArray(errors) && isRecord(errors[0]) ? text(errors[0]["message"]) : undefined;
  const rateLimited = status === 429 || (status === 403 && (response.headers?.["x-ratelimit-remaining"] === "0" || /rate limit/i.test(message ?? "")));
  return { status, message, detail, rateLimited };
}

/** A string from GitHub's error body, one line and bounded; undefined for anything else. */
function text(value: unknown): string | undefined {
  return typeof value === "string" ? value.replace(/\s+/g, " ").trim().slice(0, 200) : undefined;
}

/**
 * Where the comment goes, from the environment GitHub Actions provides
 * (https://docs.github.com/en/actions/reference/variables-reference#default-environment-variables)
 * and the command's flags. Every error names the variable or flag and what to set; none quotes the
 * token.
 */
import { isRecord } from "../json/record";
import { MAX_LINK_LENGTH } from "./body";

export interface PullRequestRef {
  /** REST API root: `GITHUB_API_URL` (GitHub Enterprise Server, or a local stand-in in tests). */
  readonly apiUrl: string;
  readonly owner: string;
  readonly repo: string;
  readonly pullRequest: number;
}

export interface CommentContext {
  readonly token: string;
  readonly target: PullRequestRef;
  /** This workflow run's page (its log and artifacts), when the run's variables are set. */
  readonly runUrl: string | undefined;
  /** Where the full plan is: `--artifact-url`, else the run's page. */
  readonly fullPlanUrl: string | undefined;
}

export interface ContextFlags {
  readonly pr?: number | undefined;
  readonly artifactUrl?: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The environment or flags do not say where to post, or with what. */
class CommentConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CommentConfigError";
  }
}

const DEFAULT_API_URL = "https://api.github.com";

/** `readEvent` reads the webhook payload GITHUB_EVENT_PATH names (injected: tests give it inline). */
export function commentContext(env: Env, flags: ContextFlags, readEvent: (path: string) => string): CommentContext {
  const token = env["GITHUB_TOKEN"];
  if (token === undefined || token === "") {
    throw new CommentConfigError(
      "GITHUB_TOKEN is not set: set it to a token that may write pull-request comments (in a workflow: `env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}` with `permissions: pull-requests: write`)",
    );
  }
  const repository = env["GITHUB_REPOSITORY"];
  const [owner, repo, ...rest] = (repository ?? "").split("/");
  if (owner === undefined || owner === "" || repo === undefined || repo === "" || rest.length > 0) {
    throw new CommentConfigError(`GITHUB_REPOSITORY ${repository === undefined || repository === "" ? "is not set" : "is not owner/repo"}: set it to the repository's owner/repo (GitHub Actions sets it)`);
  }
  const apiUrl = httpUrl(env["GITHUB_API_URL"] ?? DEFAULT_API_URL, "GITHUB_API_URL").replace(/\/+$/, "");
  const pullRequest = flags.pr ?? eventPullRequest(env["GITHUB_EVENT_PATH"], readEvent);
  const runUrl = workflowRunUrl(env);
  const fullPlanUrl = flags.artifactUrl === undefined ? runUrl : httpUrl(flags.artifactUrl, "--artifact-url");
  return { token, target: { apiUrl, owner, repo, pullRequest }, runUrl, fullPlanUrl };
}

/** `pull_request.number` of the event that started the workflow. */
function eventPullRequest(eventPath: string | undefined, readEvent: (path: string) => string): number {
  const missing = "no pull request to comment on: pass --pr N, or run on a pull_request event (GitHub Actions names its payload in GITHUB_EVENT_PATH)";
  if (eventPath === undefined || eventPath === "") throw new CommentConfigError(missing);
  let event: unknown;
  try {
    event = JSON.parse(readEvent(eventPath));
  } catch (e) {
    throw new CommentConfigError(`GITHUB_EVENT_PATH names ${eventPath}, which cannot be read as JSON (${e instanceof Error ? e.message : String(e)}): pass --pr N instead`);
  }
  const pr = isRecord(event) ? event["pull_request"] : undefined;
  const n = isRecord(pr) ? pr["number"] : undefined;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) throw new CommentConfigError(`the event in GITHUB_EVENT_PATH is not a pull request's; ${missing}`);
  return n;
}

/** `GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID`, when all three are set. */
function workflowRunUrl(env: Env): string | undefined {
  const server = env["GITHUB_SERVER_URL"];
  const repository = env["GITHUB_REPOSITORY"];
  const run = env["GITHUB_RUN_ID"];
  if (!server || !repository || !run) return undefined;
  return httpUrl(`${server.replace(/\/+$/, "")}/${repository}/actions/runs/${encodeURIComponent(run)}`, "GITHUB_SERVER_URL");
}

/** An http(s) URL of bounded length, normalised (spaces and angle brackets escaped), or an error naming `name`. */
function httpUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CommentConfigError(`${name} is not a URL: set it to an http(s) URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new CommentConfigError(`${name} is not an http(s) URL`);
  if (url.username !== "" || url.password !== "") throw new CommentConfigError(`${name} must not carry credentials`);
  if (url.href.length > MAX_LINK_LENGTH) throw new CommentConfigError(`${name} is longer than ${MAX_LINK_LENGTH} characters`);
  return url.href;
}

/**
 * A local stand-in for the three GitHub REST endpoints `cync comment` uses, behaving as GitHub
 * documents them (https://docs.github.com/en/rest/issues/comments,
 * https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api):
 *   GET   /repos/{owner}/{repo}/issues/{n}/comments   `per_page` (max 100) and `page`, oldest first,
 *                                                     `Link: <…&page=2>; rel="next", <…>; rel="last"`
 *   POST  /repos/{owner}/{repo}/issues/{n}/comments   201 with the comment
 *   PATCH /repos/{owner}/{repo}/issues/comments/{id}  200 with the comment
 * Errors carry GitHub's `{message, documentation_url, status}` body: 401 for another token, 404 for
 * another repository or pull request, 422 for a body over 65,536 characters, and 403 (or any
 * other) when a test scripts it. Every request is recorded.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeUser {
  readonly login: string;
  readonly type: "Bot" | "User";
}

export const ACTIONS_BOT: FakeUser = { login: "github-actions[bot]", type: "Bot" };
export const REVIEWER: FakeUser = { login: "reviewer", type: "User" };

export interface FakeComment {
  readonly id: number;
  body: string;
  readonly user: FakeUser;
  readonly created_at: string;
  updated_at: string;
}

export interface RecordedRequest {
  readonly method: string;
  /** Path and query as sent. */
  readonly url: string;
  readonly authorization: string | undefined;
  readonly body: unknown;
}

/** An answer a test scripts for the next request matching `method`. */
export interface ScriptedFailure {
  readonly method: "GET" | "POST" | "PATCH";
  readonly status: number;
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface FakeGitHub {
  /** GITHUB_API_URL for cync. */
  readonly apiUrl: string;
  readonly owner: string;
  readonly repo: string;
  readonly pullRequest: number;
  readonly comments: FakeComment[];
  readonly requests: RecordedRequest[];
  /** Adds a comment as if `user` had written it (by default a minute after the one before). */
  seed(body: string, user: FakeUser, createdAt?: string): FakeComment;
  fail(failure: ScriptedFailure): void;
  commentUrl(id: number): string;
  close(): Promise<void>;
}

const DOCS = "https://docs.github.com/rest/issues/comments";
/** GitHub's limit on a comment body. */
const MAX_BODY = 65_536;

export async function startFakeGitHub(token: string, { owner = "contoso", repo = "contacts", pullRequest = 7 } = {}): Promise<FakeGitHub> {
  const comments: FakeComment[] = [];
  const requests: RecordedRequest[] = [];
  const failures: ScriptedFailure[] = [];
  let nextId = 1_000;
  let clock = Date.parse("2026-01-01T00:00:00Z");
  const now = (): string => new Date((clock += 60_000)).toISOString().replace(/\.\d{3}Z$/, "Z");

  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const body: unknown = raw === "" ? undefined : JSON.parse(raw);
      requests.push({ method: req.method ?? "", url: req.url ?? "", authorization: req.headers.authorization, body });
      handle(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const commentUrl = (id: number): string => `https://github.com/${owner}/${repo}/pull/${pullRequest}#issuecomment-${id}`;
  const json = (c: FakeComment) => ({
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${apiUrl}/repos/${owner}/${repo}/issues/comments/${c.id}`,
    html_url: commentUrl(c.id),
    issue_url: `${apiUrl}/repos/${owner}/${repo}/issues/${pullRequest}`,
    body: c.body,
    user: { login: c.user.login, id: c.user.type === "Bot" ? 41898282 : 1, type: c.user.type },
    created_at: c.created_at,
    updated_at: c.updated_at,
    author_association: c.user.type === "Bot" ? "NONE" : "MEMBER",
  });

  function send(res: ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
    res.end(JSON.stringify(data));
  }
  const error = (res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}, extra: object = {}): void =>
    send(res, status, { message, ...extra, documentation_url: DOCS, status: String(status) }, headers);

  function handle(req: IncomingMessage, res: ServerResponse, body: unknown): void {
    const url = new URL(req.url ?? "/", apiUrl);
    if (req.headers.authorization !== `token ${token}`) return error(res, 401, "Bad credentials");
    const scripted = failures.findIndex((f) => f.method === req.method);
    if (scripted >= 0) {
      const [f] = failures.splice(scripted, 1);
      return error(res, f!.status, f!.message, { ...f!.headers });
    }
    const list = new RegExp(`^/repos/([^/]+)/([^/]+)/issues/(\\d+)/comments$`).exec(url.pathname);
    const one = new RegExp(`^/repos/([^/]+)/([^/]+)/issues/comments/(\\d+)$`).exec(url.pathname);
    const ours = (m: RegExpExecArray): boolean => m[1] === owner && m[2] === repo;
    if (list !== null && ours(list) && Number(list[3]) === pullRequest) {
      if (req.method === "GET") {
        const perPage = Math.min(100, Number(url.searchParams.get("per_page") ?? 30));
        const page = Number(url.searchParams.get("page") ?? 1);
        const last = Math.max(1, Math.ceil(comments.length / perPage));
        const pageUrl = (p: number) => {
          const u = new URL(url);
          u.searchParams.set("page", String(p));
          return `<${u.href}>`;
        };
        const links = [...(page < last ? [`${pageUrl(page + 1)}; rel="next"`, `${pageUrl(last)}; rel="last"`] : []), ...(page > 1 ? [`${pageUrl(1)}; rel="first"`, `${pageUrl(page - 1)}; rel="prev"`] : [])];
        return send(res, 200, comments.slice((page - 1) * perPage, page * perPage).map(json), links.length > 0 ? { link: links.join(", ") } : {});
      }
      if (req.method === "POST") {
        const text = validBody(res, body);
        if (text === undefined) return;
        const at = now();
        const c: FakeComment = { id: nextId++, body: text, user: ACTIONS_BOT, created_at: at, updated_at: at };
        comments.push(c);
        return send(res, 201, json(c), { location: `${apiUrl}/repos/${owner}/${repo}/issues/comments/${c.id}` });
      }
    }
    if (one !== null && ours(one) && req.method === "PATCH") {
      const c = comments.find((x) => x.id === Number(one[3]));
      if (c === undefined) return error(res, 404, "Not Found");
      const text = validBody(res, body);
      if (text === undefined) return;
      c.body = text;
      c.updated_at = now();
      return send(res, 200, json(c));
    }
    return error(res, 404, "Not Found");
  }

  /** The request's `body`, or a 422 as GitHub answers it. */
  function validBody(res: ServerResponse, body: unknown): string | undefined {
    const text = typeof body === "object" && body !== null ? (body as { body?: unknown }).body : undefined;
    if (typeof text !== "string" || text.length > MAX_BODY) {
      const why = typeof text !== "string" ? "missing_field" : "custom";
      const message = typeof text !== "string" ? "body wasn't supplied." : `body is too long (maximum is ${MAX_BODY} characters)`;
      error(res, 422, "Validation Failed", {}, { errors: [{ resource: "IssueComment", code: why, field: "body", message }] });
      return undefined;
    }
    return text;
  }

  return {
    apiUrl,
    owner,
    repo,
    pullRequest,
    comments,
    requests,
    seed(body, user, createdAt = now()) {
      const c: FakeComment = { id: nextId++, body, user, created_at: createdAt, updated_at: createdAt };
      comments.push(c);
      return c;
    },
    fail: (failure) => void failures.push(failure),
    commentUrl,
    close: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

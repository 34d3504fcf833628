/**
 * Posting the sticky comment through octokit to a local server that behaves like GitHub's comment
 * endpoints (./github-server.ts): what is read, what is written, and what a refusal says.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { githubClient, postStickyComment, type PostResult } from "../../src/notify/github";
import { LEGACY_MARKER } from "../../src/notify/sticky";
import { ACTIONS_BOT, REVIEWER, startFakeGitHub, type FakeGitHub } from "./github-server";

const TOKEN = "ghs_fakeInstallationToken0123456789";
const BODY = '## cync plan\n\n**1 to create**\n\n<!-- cync-plan: {"policies":["staff"]} -->\n';
const OLD_BODY = '## cync plan\n\n**No changes.**\n\n<!-- cync-plan: {"policies":["staff"]} -->\n';

let github: FakeGitHub;
beforeEach(async () => {
  github = await startFakeGitHub(TOKEN);
});
afterEach(() => github.close());

const target = () => ({ apiUrl: github.apiUrl, owner: github.owner, repo: github.repo, pullRequest: github.pullRequest });
const post = (body = BODY, token = TOKEN): Promise<PostResult> => postStickyComment(githubClient(token, github.apiUrl, { retryAfterBaseMs: 1, warn: () => undefined }), target(), body);
const writes = () => github.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.url}`);
const reads = () => github.requests.filter((r) => r.method === "GET").map((r) => r.url);
const LIST = "/repos/contoso/contacts/issues/7/comments";

describe("postStickyComment", () => {
  it("creates the comment when the pull request has none of ours", async () => {
    github.seed("Looks good", REVIEWER);
    const result = await post();
    const created = github.comments.at(-1)!;
    expect(result).toEqual({ kind: "created", url: github.commentUrl(created.id) });
    expect(created).toMatchObject({ body: BODY, user: ACTIONS_BOT });
    expect(reads()).toEqual([`${LIST}?per_page=100`]);
    expect(writes()).toEqual([`POST ${LIST}`]);
  });

  it("reads all 3 pages of 250 comments and updates ours on the last page", async () => {
    for (let i = 0; i < 230; i++) github.seed(`comment ${i}`, REVIEWER);
    const ours = github.seed(OLD_BODY, ACTIONS_BOT);
    for (let i = 0; i < 19; i++) github.seed(`reply ${i}`, REVIEWER);
    expect(await post()).toEqual({ kind: "updated", url: github.commentUrl(ours.id) });
    expect(reads()).toEqual([`${LIST}?per_page=100`, `${LIST}?per_page=100&page=2`, `${LIST}?per_page=100&page=3`]);
    expect(writes()).toEqual([`PATCH /repos/contoso/contacts/issues/comments/${ours.id}`]);
    expect(ours.body).toBe(BODY);
    expect(github.comments).toHaveLength(250);
  });

  it("writes nothing when our comment already says the same", async () => {
    const ours = github.seed(BODY, ACTIONS_BOT);
    expect(await post()).toEqual({ kind: "unchanged", url: github.commentUrl(ours.id) });
    expect(writes()).toEqual([]);
  });

  it("never edits a person's comment quoting the marker", async () => {
    const quote = github.seed(`> ${OLD_BODY}\nWhy?`, REVIEWER);
    expect((await post()).kind).toBe("created");
    expect(quote.body).toBe(`> ${OLD_BODY}\nWhy?`);
    expect(writes()).toEqual([`POST ${LIST}`]);
  });

  it("updates the newest of two of ours and leaves the older", async () => {
    const older = github.seed(OLD_BODY, ACTIONS_BOT);
    const newer = github.seed(OLD_BODY, ACTIONS_BOT);
    expect(await post()).toEqual({ kind: "updated", url: github.commentUrl(newer.id) });
    expect([older.body, newer.body]).toEqual([OLD_BODY, BODY]);
  });

  it("updates the comment the workflow's old inline script posted", async () => {
    const legacy = github.seed(`${LEGACY_MARKER}\n## cync plan\n\nold`, ACTIONS_BOT);
    expect(await post()).toEqual({ kind: "updated", url: github.commentUrl(legacy.id) });
    expect(legacy.body).toBe(BODY);
  });

  it("waits out a secondary rate limit and goes on", async () => {
    github.fail({ method: "POST", status: 403, message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", headers: { "retry-after": "1" } });
    expect((await post()).kind).toBe("created");
    expect(writes()).toEqual([`POST ${LIST}`, `POST ${LIST}`]);
  });

  it("retries GitHub's own failures", async () => {
    github.fail({ method: "GET", status: 502, message: "Server Error" });
    expect((await post()).kind).toBe("created");
    expect(reads()).toHaveLength(2);
  });

  it.each([
    {
      name: "403 without the permission",
      setup: (g: FakeGitHub) => g.fail({ method: "POST", status: 403, message: "Resource not accessible by integration" }),
      token: TOKEN,
      body: BODY,
      error: "could not comment on contoso/contacts pull request 7 (403 Resource not accessible by integration): the token lacks the `pull-requests: write` permission (set `permissions: pull-requests: write` in the workflow), or the pull request comes from a fork, whose workflows get a read-only GITHUB_TOKEN",
    },
    {
      name: "403 on the update",
      setup: (g: FakeGitHub) => {
        g.seed(OLD_BODY, ACTIONS_BOT);
        g.fail({ method: "PATCH", status: 403, message: "Resource not accessible by integration" });
      },
      token: TOKEN,
      body: BODY,
      error: /^could not update the comment on contoso\/contacts pull request 7 \(403 Resource not accessible by integration\): the token lacks the `pull-requests: write` permission/,
    },
    {
      name: "422 for a body over GitHub's limit",
      setup: () => undefined,
      token: TOKEN,
      body: "x".repeat(70_000),
      error: "could not comment on contoso/contacts pull request 7 (422 Validation Failed): GitHub rejected the comment: body is too long (maximum is 65536 characters)",
    },
    {
      name: "401 for a bad token",
      setup: () => undefined,
      token: "ghs_wrongToken",
      body: BODY,
      error: "could not list the comments of contoso/contacts pull request 7 (401 Bad credentials): GITHUB_TOKEN is not a valid token (expired, revoked or mistyped)",
    },
    {
      name: "a rate limit that lasts",
      setup: (g: FakeGitHub) => {
        for (let i = 0; i < 3; i++) g.fail({ method: "GET", status: 403, message: "API rate limit exceeded for installation.", headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "0" } });
      },
      token: TOKEN,
      body: BODY,
      error: /^could not list the comments of contoso\/contacts pull request 7 \(403 API rate limit exceeded for installation\.\): GitHub's rate limit for this token is used up/,
    },
  ])("says what to fix on $name, and never shows the token", async ({ setup, token, body, error }) => {
    setup(github);
    const failure = await post(body, token).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    if (typeof error === "string") expect(message).toBe(error);
    else expect(message).toMatch(error);
    expect(message).not.toContain(TOKEN);
    expect(JSON.stringify(failure)).not.toContain(TOKEN);
  });

  it("says so when GitHub cannot be reached, after retrying", async () => {
    const client = githubClient(TOKEN, "http://127.0.0.1:9", { retryAfterBaseMs: 1, warn: () => undefined });
    const failure = await postStickyComment(client, { ...target(), apiUrl: "http://127.0.0.1:9" }, BODY).catch((e: unknown) => e);
    expect((failure as Error).message).toMatch(/^could not list the comments of contoso\/contacts pull request 7: /);
    expect((failure as Error).message).not.toContain(TOKEN);
  });

  it("sends the token only in the Authorization header", async () => {
    await post();
    expect(github.requests.map((r) => r.authorization)).toEqual(github.requests.map(() => `token ${TOKEN}`));
    expect(github.requests.some((r) => r.url.includes(TOKEN))).toBe(false);
  });
});

/**
 * `cync comment`: a saved plan posted to a local stand-in for GitHub's comment endpoints
 * (test/notify/github-server.ts), in-process for each outcome, and once through the built CLI in a
 * child process with the environment GitHub Actions provides.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commentCommand, type CommentOptions } from "../../src/cli/commands/comment";
import { assemblePlan } from "../../src/plan/aggregate";
import type { Plan } from "../../src/plan/types";
import { renderJson } from "../../src/render";
import { ACTIONS_BOT, startFakeGitHub, type FakeGitHub } from "../notify/github-server";
import { smallPlan } from "../render/fixtures";

const BIN = path.resolve(__dirname, "../../bin/cync.js");
const TOKEN = "ghs_commandTestToken9876543210";
/** smallPlan's policy, with the default safety limits: its 2 deletes are allowed. */
const POLICY = `apiVersion: cync/v1
kind: ContactSyncPolicy
metadata:
  name: all-employees
spec:
  defaultRegion: US
`;

let github: FakeGitHub;
let dir: string;
let planFile: string;
let env: Record<string, string | undefined>;
beforeEach(async () => {
  github = await startFakeGitHub(TOKEN);
  dir = await mkdtemp(path.join(tmpdir(), "cync-comment-"));
  await mkdir(path.join(dir, "policies"));
  await writeFile(path.join(dir, "policies", "all-employees.yaml"), POLICY);
  await mkdir(path.join(dir, "strict"));
  await writeFile(path.join(dir, "strict", "all-employees.yaml"), `${POLICY}  safety: { maxDeletes: 0, maxDeletePercent: 0 }\n`);
  planFile = path.join(dir, "plan.json");
  await writeFile(planFile, renderJson(smallPlan()));
  await writeFile(path.join(dir, "event.json"), JSON.stringify({ number: 7, pull_request: { number: 7 } }));
  env = {
    GITHUB_TOKEN: TOKEN,
    GITHUB_REPOSITORY: "contoso/contacts",
    GITHUB_API_URL: github.apiUrl,
    GITHUB_EVENT_PATH: path.join(dir, "event.json"),
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_RUN_ID: "555",
  };
});
afterEach(() => github.close());

/** smallPlan as shard `index` of 2: its first two mailboxes in shard 1, the others in shard 2; the mailbox counts with shard 1. */
function smallPlanShard(index: 1 | 2): Plan {
  const whole = smallPlan();
  const p = whole.policies[0]!;
  const part = index === 1 ? { ...p, mailboxes: p.mailboxes.slice(0, 2) } : { ...p, mailboxes: p.mailboxes.slice(2), ownedContacts: 0, unchangedMailboxes: 0, skipped: [], nonTargets: [] };
  return { ...assemblePlan([part], whole.meta), shard: { index, count: 2 } };
}

async function writeShards(...indexes: readonly (1 | 2)[]): Promise<string[]> {
  return Promise.all(
    indexes.map(async (i, n) => {
      const file = path.join(dir, `plan-shard-${n}.json`);
      await writeFile(file, renderJson(smallPlanShard(i)));
      return file;
    }),
  );
}

async function comment(options: Partial<CommentOptions>): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, env, retryAfterBaseMs: 1 };
  const code = await commentCommand({ redact: true, ...options, policies: path.resolve(dir, options.policies ?? "policies") }, io);
  return { code, out, err };
}

describe("cync comment", () => {
  it("posts the redacted plan with a link to the run, then updates it in place", async () => {
    const first = await comment({ plan: planFile });
    const posted = github.comments[0]!;
    expect(first).toEqual({ code: 0, out: `cync comment: created ${github.commentUrl(posted.id)}\n`, err: "" });
    expect(posted.body).toContain("## cync plan");
    expect(posted.body).toContain("Alice (***@contoso.com)");
    expect(posted.body).not.toContain("This plan is refused");
    expect(posted.body).toContain("[workflow artifact](<https://github.com/contoso/contacts/actions/runs/555>)");

    expect(await comment({ plan: planFile })).toMatchObject({ code: 0, out: `cync comment: unchanged ${github.commentUrl(posted.id)}\n` });
    expect(await comment({ failed: true })).toMatchObject({ code: 0, out: `cync comment: updated ${github.commentUrl(posted.id)}\n` });
    expect(github.comments).toHaveLength(1);
    expect(posted.body).toContain("**The plan failed**; see [the workflow log](<https://github.com/contoso/contacts/actions/runs/555>)");
  });

  it.each([
    { name: "--no-redact", options: { redact: false }, shows: "Alice (alice@contoso.com)" },
    { name: "--artifact-url", options: { artifactUrl: "https://github.com/contoso/contacts/actions/runs/555/artifacts/9" }, shows: "(<https://github.com/contoso/contacts/actions/runs/555/artifacts/9>)" },
    { name: "--policies whose safety limits refuse the plan", options: { policies: "strict" }, shows: "This plan is refused by the safety limits" },
  ])("$name", async ({ options, shows }) => {
    expect((await comment({ plan: planFile, ...options })).code).toBe(0);
    expect(github.comments[0]!.body).toContain(shows);
  });

  it.each([
    { name: "neither --plan nor --failed", options: {}, unset: undefined, error: "cync comment: give either --plan FILE (a saved plan) or --failed\n" },
    { name: "both --plan and --failed", options: { plan: "plan.json", failed: true }, unset: undefined, error: "cync comment: give either --plan FILE (a saved plan) or --failed\n" },
    { name: "no GITHUB_TOKEN", options: { failed: true }, unset: "GITHUB_TOKEN", error: /^cync comment: GITHUB_TOKEN is not set: set it to a token that may write pull-request comments/ },
    { name: "no GITHUB_REPOSITORY", options: { failed: true }, unset: "GITHUB_REPOSITORY", error: /^cync comment: GITHUB_REPOSITORY is not set/ },
    { name: "no pull request", options: { failed: true }, unset: "GITHUB_EVENT_PATH", error: /^cync comment: no pull request to comment on: pass --pr N/ },
    { name: "a file that is not a plan", options: { plan: BIN }, unset: undefined, error: /^cync comment: .*bin\/cync\.js is not JSON/ },
  ])("exits 1 on $name, posting nothing", async ({ options, unset, error }) => {
    if (unset !== undefined) env = { ...env, [unset]: undefined };
    const result = await comment(options);
    expect(result.code).toBe(1);
    expect(result.out).toBe("");
    if (typeof error === "string") expect(result.err).toBe(error);
    else expect(result.err).toMatch(error);
    expect(github.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("posts the same comment from the plan's shards (--plan repeated) as from the whole plan", async () => {
    expect((await comment({ plan: planFile })).code).toBe(0);
    const whole = github.comments[0]!.body;
    expect(await comment({ plan: await writeShards(2, 1) })).toMatchObject({ code: 0, out: `cync comment: unchanged ${github.commentUrl(github.comments[0]!.id)}\n` });
    expect(github.comments[0]!.body).toBe(whole);
  });

  it("judges the safety limits on the shards merged: refused as the whole plan is", async () => {
    expect((await comment({ plan: await writeShards(1, 2), policies: "strict" })).code).toBe(0);
    expect(github.comments[0]!.body).toContain("This plan is refused by the safety limits");
  });

  it.each([
    { name: "a missing shard", shards: [1] as const, error: "cync comment: shard 2 of 2 missing: a plan of some shards is not the plan\n" },
    { name: "a shard given twice", shards: [1, 1, 2] as const, error: /^cync comment: \S*plan-shard-1\.json is shard 1\/2, as \S*plan-shard-0\.json is\n$/ },
  ])("exits 1 on $name, posting nothing", async ({ shards, error }) => {
    const result = await comment({ plan: await writeShards(...shards) });
    expect(result).toMatchObject({ code: 1, out: "" });
    if (typeof error === "string") expect(result.err).toBe(error);
    else expect(result.err).toMatch(error);
    expect(github.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("exits 1 on a 403, naming the missing permission and never the token", async () => {
    github.fail({ method: "POST", status: 403, message: "Resource not accessible by integration" });
    const result = await comment({ plan: planFile });
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^cync comment: could not comment on contoso\/contacts pull request 7 \(403 Resource not accessible by integration\): the token lacks the `pull-requests: write` permission/);
    expect(result.out + result.err).not.toContain(TOKEN);
  });

  it("runs as the built CLI with the environment GitHub Actions provides", async () => {
    github.seed("<!-- cync:plan-comment -->\nold plan", ACTIONS_BOT);
    const run = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, [BIN, ...args], { env: { PATH: process.env["PATH"], ...env } }, (error, stdout, stderr) =>
          resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr }),
        );
      });
    const posted = await run(["comment", "--plan", planFile, "--policies", path.join(dir, "policies")]);
    expect(posted).toEqual({ code: 0, stdout: `cync comment: updated ${github.commentUrl(github.comments[0]!.id)}\n`, stderr: "" });
    expect(github.comments[0]!.body).toContain("<!-- cync-plan: ");

    delete env["GITHUB_TOKEN"];
    const refused = await run(["comment", "--failed"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^cync comment: GITHUB_TOKEN is not set/);
  });
});

/**
 * The workflows rehearsed (test/helpers/workflow-rehearsal.ts): the plan and reconcile jobs run
 * their own shell steps, with the repository's policies, the built CLI (`npm test` builds first)
 * and the runner's variables, against the embedded tenant — so a typo in a step or an exit-status
 * mistake fails here, not on a user's first pull request. ci.yml is not rehearsed: its one step is
 * `npm test` itself.
 */
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulatorEnv, startSimulator, type SimulatorHandle } from "@cync/simulator";
import { readJob, rehearseJob, type Json, type RehearsalContext, type WorkflowJob } from "../helpers/workflow-rehearsal";
import { startFakeGitHub, type FakeGitHub } from "../notify/github-server";

const ROOT = path.resolve(__dirname, "../..");
/** What the steps use of the checkout: the CLI, its dependencies and the policies. */
const CHECKOUT = ["package.json", "bin", "dist", "node_modules", "policies", "schema"];
const REPOSITORY = "contoso/contacts";
/** The job's GITHUB_TOKEN, as the local GitHub stand-in expects it. */
const TOKEN = "ghs_rehearsal";

/** The base branch's all-employees policy: before this pull request, which maps job titles, it left them out. */
const BASE_POLICY_EDIT = (yaml: string): string => yaml.replace("\n  mapping:\n", "\n  mapping:\n    jobTitle: null\n");

const git = (cwd: string, ...args: string[]) => promisify(execFile)("git", ["-c", "user.name=cync", "-c", "user.email=cync@contoso.test", ...args], { cwd });

const job = async (file: string, name: string): Promise<WorkflowJob> => readJob(file, await readFile(path.join(ROOT, ".github/workflows", file), "utf8"), name);

/** The runner's environment without anything of this machine's own cloud or GitHub sign-in. */
const cleanEnv = (): Record<string, string> =>
  Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !/^(AZURE_|CYNC_|ACTIONS_|GITHUB_|RUNNER_)/.test(e[0])));

describe("the runner stand-in", () => {
  let temp: string;
  beforeAll(async () => {
    temp = await mkdtemp(path.join(tmpdir(), "cync-rehearsal-unit-"));
  });
  afterAll(() => rm(temp, { recursive: true, force: true }));
  const ctx = (): RehearsalContext => ({ workspace: temp, temp: path.join(temp, "runner"), env: cleanEnv(), github: { repository: REPOSITORY }, vars: { NAME: "x" } });

  it("fails the job on a failing step, skips what follows unless always(), and passes outputs on", async () => {
    const run = await rehearseJob(
      {
        steps: [
          { id: "a", run: 'echo "status=7" >> "$GITHUB_OUTPUT"' },
          { run: "false | true" },
          { name: "never", run: "true" },
          { name: "always", if: "always() && steps.a.outputs.status == '7'", run: 'echo "ran ${{ vars.NAME }}" >> "$GITHUB_STEP_SUMMARY"' },
        ],
      },
      ctx(),
    );
    expect(run.steps.map((s) => s.outcome)).toEqual(["success", "failure", "skipped", "success"]);
    expect(run).toMatchObject({ result: "failure", summary: "ran x\n" });
  });

  it.each([
    ["a context the runner does not have", "${{ varz.NAME }}", /varz/],
    ["a variable that is not set", "${{ vars.NAM }}", /vars\.NAM }} has no value/],
    ["an output no step wrote", "${{ steps.a.outputs.status }}", /has no value/],
  ])("refuses %s", async (_what, expression, message) => {
    await expect(rehearseJob({ steps: [{ id: "a", run: "true" }, { run: `echo ${expression}` }] }, ctx())).rejects.toThrow(message);
  });

  it("refuses an action it has no stand-in for", async () => {
    await expect(rehearseJob({ steps: [{ uses: "someone/else@0123456789012345678901234567890123456789" }] }, ctx())).rejects.toThrow(/no stand-in for someone\/else/);
  });
});

describe("the workflows against the embedded tenant", () => {
  let work: string;
  let sim: SimulatorHandle;
  let github: FakeGitHub;
  const context = (app: "planner" | "applier", event: Json): RehearsalContext => {
    // The job maps repository variables to AZURE_TENANT_ID and AZURE_CLIENT_ID itself; GitHub's OIDC
    // token is stood in for by the app's client secret.
    const { AZURE_TENANT_ID: _tenant, AZURE_CLIENT_ID: _client, ...signIn } = simulatorEnv(sim, app);
    return {
      workspace: path.join(work, "checkout"),
      temp: path.join(work, `runner-${app}`),
      env: { ...cleanEnv(), ...signIn },
      github: { repository: REPOSITORY, event, api_url: github.apiUrl },
      secrets: { GITHUB_TOKEN: TOKEN },
      vars: { AZURE_TENANT_ID: sim.tenantId, CYNC_PLANNER_CLIENT_ID: sim.apps.planner.clientId, CYNC_APPLIER_CLIENT_ID: sim.apps.applier.clientId },
    };
  };

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), "cync-rehearsal-"));
    sim = await startSimulator({ users: 16, seed: 5, caDir: path.join(work, "ca"), throttle: false });
    github = await startFakeGitHub(TOKEN);
    const checkout = path.join(work, "checkout");
    await mkdir(checkout);
    await Promise.all(CHECKOUT.map((entry) => symlink(path.join(ROOT, entry), path.join(checkout, entry))));
    // A real repository to fetch the base branch from: its policies are this repository's, but for
    // one edit that the pull request (the checkout's policies) makes.
    const origin = path.join(work, "origin");
    await cp(path.join(ROOT, "policies"), path.join(origin, "policies"), { recursive: true });
    const edited = path.join(origin, "policies", "all-employees.yaml");
    const before = BASE_POLICY_EDIT(await readFile(edited, "utf8"));
    await writeFile(edited, before);
    await git(origin, "init", "-q", "-b", "main");
    await git(origin, "add", "policies");
    await git(origin, "commit", "-q", "-m", "base");
    await git(checkout, "init", "-q");
    await git(checkout, "remote", "add", "origin", `file://${origin}`);
  });
  afterAll(async () => {
    await sim?.close();
    await github?.close();
    await rm(work, { recursive: true, force: true });
  });

  it("plan.yml: a pull request's plan job plans changes (exit 2 is success) and puts the plan on its summary page", async () => {
    const run = await rehearseJob(
      await job("plan.yml", "plan"),
      context("planner", { pull_request: { number: 7, head: { repo: { full_name: REPOSITORY } }, base: { ref: "main" } } }),
    );
    const failed = run.steps.filter((s) => s.outcome === "failure");
    expect(failed, failed.map((s) => `${s.name}:\n${s.output}`).join("\n")).toEqual([]);
    expect(run.result).toBe("success");
    expect(run.steps.find((s) => s.name === "Fail when the plan failed")?.outcome).toBe("skipped");
    expect(run.summary).toMatch(/^## cync plan\n\n\*\*This pull request: [\d,]+ to create/);
    // One sticky comment on the pull request, the plan first and the hidden marker last.
    expect(github.comments).toHaveLength(1);
    const body = github.comments[0]!.body;
    expect(body).toMatch(/^## cync plan\n\n\*\*This pull request: [\d,]+ to create[\s\S]*### The whole plan after merge[\s\S]*<!-- cync-plan: /);
    // The pull request edits all-employees while the directory changed too (a fresh tenant): its
    // first lines state that policy's effect alone; the rest is pending, collapsed.
    const lead = body.slice(0, body.indexOf("<details>"));
    expect(lead).toMatch(/edits all-employees/);
    expect(lead).toMatch(/\n- all-employees \(edited\): [1-9][\d,]* to create/);
    expect(lead).not.toMatch(/sales-external/);
    expect(body).toMatch(/<summary>Pending regardless of this pull request: [1-9][\d,]* to create/);
    const artifact = path.join(work, "runner-planner", "artifacts", "plan", "plan.json");
    expect(JSON.parse(await readFile(artifact, "utf8"))).toMatchObject({ kind: "ContactSyncPlan" });
  });

  it("plan.yml: skips pull requests from forks (no OIDC token, nothing to plan with)", async () => {
    const run = await rehearseJob(await job("plan.yml", "plan"), context("planner", { pull_request: { number: 8, head: { repo: { full_name: "someone/fork" } } } }));
    expect(run.result).toBe("skipped");
  });

  it("reconcile.yml: the apply job applies, puts the counts on its summary page and uploads the report", async () => {
    const ctx = context("applier", {});
    const run = await rehearseJob(await job("reconcile.yml", "apply"), ctx);
    const failed = run.steps.filter((s) => s.outcome === "failure");
    expect(failed, failed.map((s) => `${s.name}:\n${s.output}`).join("\n")).toEqual([]);
    expect(run.result).toBe("success");
    expect(run.summary).toMatch(/^## cync apply\n\n\*\*[\d,]+ created · 0 updated · 0 deleted\*\* in [\d,]+ of [\d,]+ mailboxes/);
    const report = JSON.parse(await readFile(path.join(ctx.temp, "artifacts", "cync-apply-report", "apply.json"), "utf8")) as { summary: { create: number }; failures: unknown[] };
    expect(report.summary.create).toBeGreaterThan(0);
    expect(report.failures).toEqual([]);
  });
});

/**
 * The workflows rehearsed (test/helpers/workflow-rehearsal.ts): the plan and reconcile jobs run
 * their own shell steps, with the repository's policies, the built CLI (`npm test` builds first)
 * and the runner's variables, against the embedded tenant — so a typo in a step or an exit-status
 * mistake fails here, not on a user's first pull request. ci.yml is not rehearsed: its one step is
 * `npm test` itself.
 */
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { request } from "node:https";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { simulatorEnv, startSimulator, type SimulatorHandle } from "@cync/simulator";
import { readJob, rehearseJob, rehearseWorkflow, type JobRun, type Json, type PulumiRun, type RehearsalContext, type WorkflowJob, type WorkflowRun } from "../helpers/workflow-rehearsal";
import { startFakeGitHub, type FakeGitHub } from "../notify/github-server";

const ROOT = path.resolve(__dirname, "../..");
/** What the steps use of the checkout: the CLI, its dependencies, the policies and the Pulumi project. */
const CHECKOUT = ["package.json", "bin", "dist", "node_modules", "policies", "schema", "Pulumi.yaml", "stacks"];
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

  describe("actions/cache, holding cync-state-t-1, cync-state-t-2 and cync-state-u-3 (saved in that order)", () => {
    const CACHE = "actions/cache/save@0123456789012345678901234567890123456789";
    const cacheCtx = (): RehearsalContext => ({ ...ctx(), caches: path.join(temp, "caches") });
    /** Saves `.cync` holding the file `key` = the key it is saved under. */
    const save = (key: string): WorkflowJob["steps"] => [
      { run: `rm -rf .cync && mkdir .cync && echo ${key} > .cync/key` },
      { name: "save", uses: CACHE, with: { path: ".cync", key } },
    ];
    beforeAll(async () => {
      await rehearseJob({ steps: ["cync-state-t-1", "cync-state-t-2", "cync-state-u-3"].flatMap(save) }, cacheCtx());
    });

    it.each([
      ["the exact key, before newer prefix matches", "cync-state-t-1", "cync-state-", "cync-state-t-1"],
      ["the key as a prefix: the newest match", "cync-state-t-", "", "cync-state-t-2"],
      ["restore-keys in order, each a prefix", "cync-state-t-9", "cync-state-u-\ncync-state-", "cync-state-u-3"],
      ["nothing on a miss", "cync-state-v-1", "cync-state-v-", undefined],
    ])("restores %s", async (_what, key, restoreKeys, restored) => {
      const run = await rehearseJob(
        { steps: [{ run: "rm -rf .cync" }, { uses: CACHE.replace("save", "restore"), with: { path: ".cync", key, "restore-keys": restoreKeys } }, { run: "cat .cync/key || true" }] },
        cacheCtx(),
      );
      expect(run.steps[1]!.output).toEqual(restored === undefined ? expect.stringMatching(/cache not found/) : `stood in: cache restored from key: ${restored}`);
      expect(run.steps[2]!.output.trim()).toMatch(restored ?? /No such file/);
    });

    it("saves nothing under a key that exists (caches are immutable)", async () => {
      const run = await rehearseJob({ steps: save("cync-state-t-1") }, cacheCtx());
      expect(run.steps[1]!.output).toMatch(/not saved, a cache with key cync-state-t-1 exists/);
    });
  });

  describe("pulumi/actions", () => {
    const PULUMI = "pulumi/actions@0123456789012345678901234567890123456789";
    /** A checkout holding Pulumi.yaml (stack files in stacks/) and the settings of stack `demo`. */
    beforeAll(async () => {
      await mkdir(path.join(temp, "stacks"), { recursive: true });
      await writeFile(path.join(temp, "Pulumi.yaml"), "name: cync\nstackConfigDir: stacks\n");
      await writeFile(path.join(temp, "stacks", "Pulumi.demo.yaml"), "config:\n  cync:stateDir: .cync/demo\n");
    });
    const step = (inputs: Record<string, string>): WorkflowJob => ({ steps: [{ name: "pulumi", uses: PULUMI, with: { "stack-name": "demo", ...inputs } }] });

    it("runs the command on the stack, with the stack's settings and config-map's, as the step's identity", async () => {
      let seen: PulumiRun | undefined;
      const job = { steps: [{ name: "pulumi", uses: PULUMI, env: { AZURE_CLIENT_ID: "the-app" }, with: { command: "up", "stack-name": "demo", refresh: "true", "config-map": '"cync:allowDeletes": { value: "true" }' } }] };
      const run = await rehearseJob(job, { ...ctx(), pulumi: async (r) => void (seen = r) });
      expect(run.steps[0]).toMatchObject({ outcome: "success", output: "stood in: pulumi up --stack demo --refresh (config cync:allowDeletes=true) as the-app" });
      expect(seen).toMatchObject({ command: "up", stack: "demo", refresh: true, config: { "cync:stateDir": ".cync/demo", "cync:allowDeletes": "true" }, project: temp });
    });

    it.each([
      ["a stack whose settings file is not in the checkout", { command: "up", "stack-name": "production" }, /stacks\/Pulumi\.production\.yaml, are not in the checkout/],
      ["what the engine's part throws", { command: "preview" }, /stood in: pulumi preview --stack demo as nobody\nno directory/],
    ])("fails its step on %s", async (_what, inputs, message) => {
      const run = await rehearseJob(step(inputs), { ...ctx(), pulumi: () => Promise.reject(new Error("no directory")) });
      expect(run.result).toBe("failure");
      expect(run.steps[0]!.output).toMatch(message);
    });

    it.each([
      ["a command the workflows do not run", { command: "destroy" }, /command "destroy"/],
      ["a refresh that is not a boolean", { command: "up", refresh: "schedule" }, /refresh must be true or false/],
      ["a config-map entry without a value", { command: "up", "config-map": '"cync:allowDeletes": true' }, /config-map cync:allowDeletes has no string value/],
    ])("refuses %s", async (_what, inputs, message) => {
      await expect(rehearseJob(step(inputs), ctx())).rejects.toThrow(message);
    });
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
  /** The checkout's files, linked into a new directory (a runner's checkout has no state of its own). */
  const checkoutAt = async (dir: string): Promise<string> => {
    await mkdir(dir, { recursive: true });
    await Promise.all(CHECKOUT.map((entry) => symlink(path.join(ROOT, entry), path.join(dir, entry))));
    return dir;
  };
  /** What a test changes in a reconcile run's contexts: `vars` and `secrets` are added to the run's. */
  type RunOverrides = Partial<RehearsalContext> & {
    /** A matrix job's own changes, by its shard number (a shard whose job is to fail). */
    readonly shard?: (shard: number) => Partial<RehearsalContext>;
  };
  /**
   * A run of reconcile.yml, every job on a fresh runner (its own checkout and temporary directory),
   * the run's artifacts shared by its jobs and the repository's Actions caches by every run.
   */
  const reconcile = async (runId: number, overrides: RunOverrides = {}): Promise<WorkflowRun> => {
    const base = context("applier", {});
    const { shard, ...rest } = overrides;
    const dir = path.join(work, `reconcile-${runId}`);
    return rehearseWorkflow("reconcile.yml", await readFile(path.join(ROOT, ".github/workflows/reconcile.yml"), "utf8"), async (jobId, matrix) => {
      const runner = path.join(dir, [jobId, ...Object.values(matrix).map(String)].join("-"));
      const own = typeof matrix.shard === "number" ? (shard?.(matrix.shard) ?? {}) : {};
      return {
        ...base,
        workspace: await checkoutAt(path.join(runner, "checkout")),
        temp: path.join(runner, "runner"),
        github: { ...base.github, run_id: String(runId), run_attempt: "1" },
        caches: path.join(work, "actions-caches"),
        artifacts: path.join(dir, "artifacts"),
        ...rest,
        ...own,
        vars: { ...base.vars, ...rest.vars, ...own.vars },
        secrets: { ...base.secrets, ...rest.secrets, ...own.secrets },
      };
    });
  };
  /** The one run of a job that is not a matrix's (or whose matrix has one combination). */
  const only = (run: WorkflowRun, jobId: string): JobRun => {
    expect(run[jobId], jobId).toHaveLength(1);
    return run[jobId]![0]!;
  };

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), "cync-rehearsal-"));
    sim = await startSimulator({ users: 16, seed: 5, caDir: path.join(work, "ca"), throttle: false });
    github = await startFakeGitHub(TOKEN);
    const checkout = await checkoutAt(path.join(work, "checkout"));
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

  /** A pull request from this repository, and one from a fork. */
  const PR_EVENT = { pull_request: { number: 7, head: { repo: { full_name: REPOSITORY } }, base: { ref: "main" } } };
  const FORK_EVENT = { pull_request: { number: 7, head: { repo: { full_name: "someone/fork" } } } };
  /**
   * A run of plan.yml for `event`, each job on a fresh runner whose checkout can fetch the base
   * branch, the run's artifacts shared by its jobs; `shard` changes one matrix job's context.
   */
  const planRun = async (runId: number, event: Json, overrides: RunOverrides = {}): Promise<WorkflowRun> => {
    const base = context("planner", event);
    const { shard, ...rest } = overrides;
    const dir = path.join(work, `plan-${runId}`);
    return rehearseWorkflow("plan.yml", await readFile(path.join(ROOT, ".github/workflows/plan.yml"), "utf8"), async (jobId, matrix) => {
      const runner = path.join(dir, [jobId, ...Object.values(matrix).map(String)].join("-"));
      const checkout = await checkoutAt(path.join(runner, "checkout"));
      await git(checkout, "init", "-q");
      await git(checkout, "remote", "add", "origin", `file://${path.join(work, "origin")}`);
      const own = typeof matrix.shard === "number" ? (shard?.(matrix.shard) ?? {}) : {};
      return {
        ...base,
        workspace: checkout,
        temp: path.join(runner, "runner"),
        github: { ...base.github, run_id: String(runId), run_attempt: "1" },
        artifacts: path.join(dir, "artifacts"),
        ...rest,
        ...own,
        vars: { ...base.vars, ...rest.vars, ...own.vars },
      };
    });
  };
  /** The sticky comment's lead: the pull request's effect and its policies, before the collapsed rest. */
  const commentLead = (): string => {
    expect(github.comments).toHaveLength(1);
    const body = github.comments[0]!.body;
    return body.slice(0, body.indexOf("<details>"));
  };
  type Counts = { create: number; update: number; delete: number; mailboxes: number };
  const planSummary = async (runId: number, artifact: string): Promise<Counts> =>
    (JSON.parse(await readFile(path.join(work, `plan-${runId}`, "artifacts", artifact, "plan.json"), "utf8")) as { summary: Counts }).summary;

  // In order: the sharded runs update the comment the unsharded one posted, and compare with it.
  describe("plan.yml: the plan job, and with CYNC_SHARDS above 1 a matrix of plan jobs and a comment job", () => {
    /** Three plan jobs at once and a comment job: longer than one job on a busy machine. */
    const SHARDED_RUN_MS = 240_000;
    let unsharded: { lead: string; summary: Counts };

    it("unsharded: one plan job plans changes (exit 2 is success), puts the plan on its summary page and comments itself", async () => {
      const workflow = await planRun(401, PR_EVENT);
      expect(only(workflow, "shards").outputs).toEqual({ count: "1", shards: "[1]" });
      expect(only(workflow, "comment").result).toBe("skipped");
      const run = only(workflow, "plan");
      succeeded(run);
      expect(run.steps.find((s) => s.name === "Fail when the plan failed")?.outcome).toBe("skipped");
      expect(run.summary).toMatch(/^## cync plan\n\n\*\*This pull request: [\d,]+ to create/);
      // One sticky comment on the pull request, the plan first and the hidden marker last.
      expect(github.comments).toHaveLength(1);
      const body = github.comments[0]!.body;
      expect(body).toMatch(/^## cync plan\n\n\*\*This pull request: [\d,]+ to create[\s\S]*### The whole plan after merge[\s\S]*<!-- cync-plan: /);
      // The pull request edits all-employees while the directory changed too (a fresh tenant): its
      // first lines state that policy's effect alone; the rest is pending, collapsed.
      const lead = commentLead();
      expect(lead).toMatch(/edits all-employees/);
      expect(lead).toMatch(/\n- all-employees \(edited\): [1-9][\d,]* to create/);
      expect(lead).not.toMatch(/sales-external/);
      expect(body).toMatch(/<summary>Pending regardless of this pull request: [1-9][\d,]* to create/);
      unsharded = { lead, summary: await planSummary(401, "plan") };
      expect(unsharded.summary.create).toBeGreaterThan(0);
    });

    it("with CYNC_SHARDS = 3: each shard plans its own mailboxes, and the comment job posts one comment that reads as the unsharded plan's", async () => {
      const workflow = await planRun(402, PR_EVENT, { vars: { CYNC_SHARDS: "3" } });
      expect(only(workflow, "shards").outputs).toEqual({ count: "3", shards: "[1,2,3]" });
      expect(workflow["plan"]).toHaveLength(3);
      workflow["plan"]!.forEach((shard) => {
        succeeded(shard);
        expect(shard.steps.find((s) => s.name === "Post or update the sticky plan comment")?.outcome).toBe("skipped");
      });
      succeeded(only(workflow, "comment"));
      // Disjoint and complete: the shards' plans add up to the whole.
      const shards = await Promise.all([1, 2, 3].map((i) => planSummary(402, `plan-shard-${i}`)));
      const sum = (k: keyof Counts): number => shards.reduce((n, s) => n + s[k], 0);
      expect({ create: sum("create"), update: sum("update"), delete: sum("delete"), mailboxes: sum("mailboxes") }).toEqual(unsharded.summary);
      expect(shards.every((s) => s.mailboxes < unsharded.summary.mailboxes)).toBe(true);
      expect(commentLead()).toBe(unsharded.lead);
    }, SHARDED_RUN_MS);

    it("with CYNC_SHARDS = 3 and a shard whose plan fails: the comment says the plan failed, and the run is red", async () => {
      const workflow = await planRun(403, PR_EVENT, { vars: { CYNC_SHARDS: "3" }, shard: (i) => (i === 2 ? { vars: { CYNC_PLANNER_CLIENT_ID: "00000000-0000-0000-0000-000000000000" } } : {}) });
      expect(workflow["plan"]!.map((r) => r.result)).toEqual(["success", "failure", "success"]);
      const comment = only(workflow, "comment");
      expect(comment.result).toBe("failure");
      expect(comment.steps.find((s) => s.name === "Post or update the sticky plan comment")?.outcome).toBe("success");
      expect(github.comments).toHaveLength(1);
      expect(github.comments[0]!.body).toContain("**The plan failed**");
    }, SHARDED_RUN_MS);

    it("CYNC_SHARDS = four: the shards job fails and nothing else runs", async () => {
      const workflow = await planRun(404, PR_EVENT, { vars: { CYNC_SHARDS: "four" } });
      expect(only(workflow, "shards").result).toBe("failure");
      expect([only(workflow, "plan").result, only(workflow, "comment").result]).toEqual(["skipped", "skipped"]);
    });

    it("skips pull requests from forks (no OIDC token, nothing to plan with), sharded or not", async () => {
      for (const [runId, shards] of [[405, "1"], [406, "3"]] as const) {
        const workflow = await planRun(runId, FORK_EVENT, { vars: { CYNC_SHARDS: shards } });
        expect([only(workflow, "plan").result, only(workflow, "comment").result]).toEqual(["skipped", "skipped"]);
      }
    });

    it("computes its matrix with the same shards job as reconcile.yml", async () => {
      const read = async (file: string): Promise<unknown> => (parse(await readFile(path.join(ROOT, ".github/workflows", file), "utf8")) as { jobs: Record<string, unknown> }).jobs["shards"];
      expect(await read("plan.yml")).toEqual(await read("reconcile.yml"));
    });
  });

  /** What the rehearsal's tests read of a run's apply report (README.md#applying). */
  interface ApplyReport {
    readonly shard?: { readonly index: number; readonly count: number };
    readonly planned: { readonly create: number; readonly mailboxes: number };
    readonly summary: { readonly create: number };
    readonly failures: readonly unknown[];
    readonly requests: { readonly total: number; readonly byMethod: Readonly<Record<string, number>> };
  }
  /** Run `runId`'s apply report, as its artifact `name`. */
  const applyReport = async (runId: number, name = "cync-apply-report"): Promise<ApplyReport> =>
    JSON.parse(await readFile(path.join(work, `reconcile-${runId}`, "artifacts", name, "apply.json"), "utf8")) as ApplyReport;
  const stepLog = (run: JobRun, name: string): string => run.steps.find((s) => s.name === name)?.output ?? "";
  const succeeded = (run: JobRun): void => {
    const failed = run.steps.filter((s) => s.outcome === "failure");
    expect(failed, failed.map((s) => `${s.name}:\n${s.output}`).join("\n")).toEqual([]);
    expect(run.result).toBe("success");
  };

  // In order: each run restores what the one before saved.
  describe("reconcile.yml: the apply job, run after run, keeping its state in the Actions cache", () => {
    let first: ApplyReport;

    it("with no cache yet: applies, puts the counts on its summary page, uploads the report and saves the state", async () => {
      const workflow = await reconcile(101);
      const run = only(workflow, "apply");
      succeeded(run);
      // One apply job, as before sharding: no gather job, and the state under the names it had.
      expect(only(workflow, "gather").result).toBe("skipped");
      expect(stepLog(run, "Restore the state")).toMatch(/cache not found/);
      expect(run.summary).toMatch(/^## cync apply\n\n\*\*[\d,]+ created · 0 updated · 0 deleted\*\* in [\d,]+ of [\d,]+ mailboxes/);
      first = await applyReport(101);
      expect(first.summary.create).toBeGreaterThan(0);
      expect(first.failures).toEqual([]);
      expect(stepLog(run, "Save the state")).toBe(`stood in: cache saved with key: cync-state-${sim.tenantId}-101-1`);
      expect(stepLog(run, "Save the removal record")).toBe(`stood in: cache saved with key: cync-record-${sim.tenantId}-101-1`);
    });

    /** A successful run that restored the state run `runId - 1` saved, and saved its own: its report. */
    const rehearseAfter = async (runId: number): Promise<ApplyReport> => {
      const run = only(await reconcile(runId), "apply");
      succeeded(run);
      expect(stepLog(run, "Restore the state")).toBe(`stood in: cache restored from key: cync-state-${sim.tenantId}-${runId - 1}-1`);
      expect(stepLog(run, "Save the state")).toBe(`stood in: cache saved with key: cync-state-${sim.tenantId}-${runId}-1`);
      expect(stepLog(run, "Restore the removal record")).toBe(`stood in: cache restored from key: cync-record-${sim.tenantId}-${runId - 1}-1`);
      return applyReport(runId);
    };

    it("after its own writes: restores the state and reads back only the contacts it wrote", async () => {
      const settling = await rehearseAfter(102);
      expect(settling.summary.create).toBe(0);
      expect(settling.requests.total).toBeLessThan(first.requests.byMethod["GET"] ?? 0);
    });

    it("with nothing changed: restores the newest state and costs what a local run costs", async () => {
      const idle = await rehearseAfter(103);
      // One users-delta page, one groups-delta page, one contacts delta per (policy, mailbox) — the
      // first run wrote to every one — and a little slack (README.md#planning, "Cost when nothing changed").
      expect(idle.summary.create).toBe(0);
      expect(idle.requests.total).toBeLessThanOrEqual(2 + first.planned.mailboxes + 2);
    });

    it("stopped before reading (a wrong client id): fails and keeps the state it restored as the newest", async () => {
      const run = only(await reconcile(104, { vars: { CYNC_APPLIER_CLIENT_ID: "00000000-0000-0000-0000-000000000000" } }), "apply");
      expect(run.result).toBe("failure");
      expect(stepLog(run, "Restore the state")).toBe(`stood in: cache restored from key: cync-state-${sim.tenantId}-103-1`);
      expect(run.steps.find((s) => s.name === "Save the state")?.outcome).toBe("skipped");
    });
  });

  /**
   * The Pulumi engine's part in a rehearsed `pulumi preview` / `pulumi up`, played by the cync CLI
   * (the Pulumi CLI cannot be installed here): the provider runs the engine that `cync plan` and
   * `cync apply` run, with the stack's cync:policies, cync:stateDir, cync:allowDeletes and cync:shard, in the
   * step's environment. So the rehearsal checks that the step signs in as its identity with what it
   * is given, and that the stack's paths are there in the checkout.
   */
  const engineStandIn = async (run: PulumiRun): Promise<void> => {
    const setting = (key: string, fallback: string): string => String(run.config[`cync:${key}`] ?? fallback);
    const command = run.command === "preview" ? ["plan"] : ["apply", ...(setting("allowDeletes", "false") === "true" ? ["--allow-deletes"] : [])];
    const shard = run.config["cync:shard"] === undefined ? [] : ["--shard", String(run.config["cync:shard"])];
    const args = [path.join(run.project, "bin", "cync.js"), ...command, ...shard, "--policies", setting("policies", "policies"), "--state-dir", setting("stateDir", ".cync")];
    await promisify(execFile)(process.execPath, args, { cwd: run.project, env: { ...run.env } }).catch((err: { code?: number; stderr?: string }) => {
      // `cync plan` exits 2 when it plans changes; anything else is what fails `pulumi preview`.
      if (run.command === "preview" && err.code === 2) return;
      throw new Error(`the engine failed (exit ${String(err.code)}): ${err.stderr ?? ""}`);
    });
  };
  /** The backend's settings, set as a repository that reconciles through Pulumi sets them (README.md#pulumi). */
  const PULUMI_VARS = { CYNC_RECONCILER: "pulumi", CYNC_PULUMI_STACK: "demo", PULUMI_BACKEND_URL: "azblob://cync-state", AZURE_STORAGE_ACCOUNT: "contosostate" };
  const PULUMI_SECRETS = { PULUMI_CONFIG_PASSPHRASE: "", AZURE_STORAGE_KEY: "", AZURE_STORAGE_SAS_TOKEN: "sas-token" };

  describe("reconcile.yml with CYNC_RECONCILER = pulumi: the pulumi job instead of the apply job", () => {
    /** A reconcile run through Pulumi; these runs share their own Actions caches. */
    const pulumiReconcile = async (runId: number, event: string, overrides: RunOverrides = {}): Promise<{ apply: JobRun; pulumi: JobRun }> => {
      const base = context("applier", {});
      const workflow = await reconcile(runId, {
        caches: path.join(work, "pulumi-caches"),
        github: { ...base.github, run_id: String(runId), run_attempt: "1", event_name: event },
        pulumi: engineStandIn,
        ...overrides,
        vars: { ...PULUMI_VARS, ...overrides.vars },
        secrets: { ...PULUMI_SECRETS, ...overrides.secrets },
      });
      return { apply: only(workflow, "apply"), pulumi: only(workflow, "pulumi") };
    };

    // In order: each run restores what the one before saved.
    it.each([
      ["a push to main: `up` as the applier, no refresh, deletes guarded", 201, "push", undefined, ""],
      ["the schedule: `up --refresh`, repairing owner edits", 202, "schedule", undefined, " --refresh"],
      ["by hand with allow deletes: `up --refresh`, cync:allowDeletes for this run", 203, "workflow_dispatch", { "allow-deletes": true }, " --refresh"],
    ] as const)("%s", async (_what, runId, event, inputs, refresh) => {
      const { apply, pulumi } = await pulumiReconcile(runId, event, inputs === undefined ? {} : { inputs });
      expect(apply.result).toBe("skipped");
      succeeded(pulumi);
      const allowDeletes = inputs?.["allow-deletes"] === true;
      expect(stepLog(pulumi, "Reconcile")).toBe(`stood in: pulumi up --stack demo${refresh} (config cync:allowDeletes=${String(allowDeletes)}) as ${sim.apps.applier.clientId}`);
      expect(stepLog(pulumi, "Restore the state")).toMatch(runId === 201 ? /cache not found/ : `restored from key: cync-state-${sim.tenantId}-${runId - 1}-1`);
      expect(stepLog(pulumi, "Save the state")).toBe(`stood in: cache saved with key: cync-state-${sim.tenantId}-${runId}-1`);
    });

    it("stopped before reading (a wrong client id): fails and keeps the state it restored as the newest", async () => {
      const { pulumi } = await pulumiReconcile(204, "schedule", { vars: { CYNC_APPLIER_CLIENT_ID: "00000000-0000-0000-0000-000000000000" } });
      expect(pulumi.result).toBe("failure");
      expect(stepLog(pulumi, "Restore the state")).toBe(`stood in: cache restored from key: cync-state-${sim.tenantId}-203-1`);
      expect(pulumi.steps.find((s) => s.name === "Did the run read")?.outcome).toBe("success");
      expect(pulumi.steps.find((s) => s.name === "Save the state")?.outcome).toBe("skipped");
    });

    it("with CYNC_SHARDS = 2: `up` of one stack per shard, CYNC_PULUMI_STACK-shard-<i>, with cync:shard from the matrix and its own state", async () => {
      // The repository's checkout with each shard's stack settings committed: copies of the stack's.
      const checkouts = await Promise.all(
        [1, 2].map(async (i) => {
          const dir = path.join(work, "reconcile-206-stacks", `shard-${i}`);
          await mkdir(dir, { recursive: true });
          await Promise.all(CHECKOUT.filter((e) => e !== "stacks").map((e) => symlink(path.join(ROOT, e), path.join(dir, e))));
          await cp(path.join(ROOT, "stacks"), path.join(dir, "stacks"), { recursive: true });
          for (const n of [1, 2]) await cp(path.join(ROOT, "stacks", "Pulumi.demo.yaml"), path.join(dir, "stacks", `Pulumi.demo-shard-${n}.yaml`));
          return dir;
        }),
      );
      const base = context("applier", {});
      const run = await reconcile(206, {
        caches: path.join(work, "pulumi-shard-caches"),
        github: { ...base.github, run_id: "206", run_attempt: "1", event_name: "push" },
        pulumi: engineStandIn,
        vars: { ...PULUMI_VARS, CYNC_SHARDS: "2" },
        secrets: PULUMI_SECRETS,
        shard: (i) => ({ workspace: checkouts[i - 1]! }),
      });
      expect([only(run, "apply").result, only(run, "gather").result]).toEqual(["skipped", "skipped"]);
      expect(run["pulumi"]).toHaveLength(2);
      run["pulumi"]!.forEach((shard, i) => {
        succeeded(shard);
        expect(stepLog(shard, "Reconcile")).toBe(`stood in: pulumi up --stack demo-shard-${i + 1} (config cync:allowDeletes=false) (config cync:shard=${i + 1}/2) as ${sim.apps.applier.clientId}`);
        expect(stepLog(shard, "Save the state")).toBe(`stood in: cache saved with key: cync-state-shard-${i + 1}-of-2-${sim.tenantId}-206-1`);
      });
    }, 240_000);

    it("a stack whose settings file is not committed: fails before Pulumi runs anything", async () => {
      const { pulumi } = await pulumiReconcile(205, "push", { vars: { CYNC_PULUMI_STACK: "production" } });
      expect(pulumi.result).toBe("failure");
      expect(stepLog(pulumi, "Reconcile")).toMatch(/stacks\/Pulumi\.production\.yaml, are not in the checkout/);
    });
  });

  describe("reconcile.yml with CYNC_SHARDS = 3: a matrix of shard jobs and a gather job", () => {
    /** Three apply jobs at once, a gather job and an unsharded plan: longer than one job on a busy machine. */
    const SHARDED_RUN_MS = 240_000;
    /** A run with CYNC_SHARDS = 3; these runs share their own Actions caches, so the first starts with none. */
    const sharded = (runId: number, overrides: RunOverrides = {}): Promise<WorkflowRun> =>
      reconcile(runId, { caches: path.join(work, "shard-caches"), ...overrides, vars: { CYNC_SHARDS: "3", ...overrides.vars } });
    const shardReports = (runId: number, shards: readonly number[]): Promise<ApplyReport[]> => Promise.all(shards.map((i) => applyReport(runId, `cync-apply-report-shard-${i}`)));
    /** What one unsharded `cync plan` plans now: the whole the shards must split between them. */
    const wholePlan = async (): Promise<{ create: number; update: number; delete: number; mailboxes: number }> => {
      const dir = await mkdtemp(path.join(work, "whole-plan-"));
      const { AZURE_TENANT_ID: _t, AZURE_CLIENT_ID: _c, ...signIn } = simulatorEnv(sim, "applier");
      const env = { ...cleanEnv(), ...signIn, AZURE_TENANT_ID: sim.tenantId, AZURE_CLIENT_ID: sim.apps.applier.clientId };
      const args = [path.join(ROOT, "bin", "cync.js"), "plan", "--policies", path.join(ROOT, "policies"), "--state-dir", path.join(dir, "state"), "--format", "json", "--out", path.join(dir, "plan.json")];
      // Exit 2: changes planned.
      await promisify(execFile)(process.execPath, args, { env }).catch((err: { code?: number }) => expect(err.code).toBe(2));
      return (JSON.parse(await readFile(path.join(dir, "plan.json"), "utf8")) as { summary: { create: number; update: number; delete: number; mailboxes: number } }).summary;
    };
    /** Someone joins: one contact to create in every mailbox that holds everyone. */
    const hire = async (name: string): Promise<void> => {
      const body = JSON.stringify({ userPrincipalName: `${name}@contoso.test`, displayName: name, mail: `${name}@contoso.test`, accountEnabled: true, userType: "Member", mailbox: null });
      // The control API over HTTPS, trusting the tenant's own CA (this process was not started with it).
      const status = await new Promise<number | undefined>((resolve, reject) => {
        const req = request(`${sim.controlUrl}/users`, { method: "POST", ca: sim.caPem, headers: { "content-type": "application/json" } }, (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode));
        });
        req.on("error", reject);
        req.end(body);
      });
      expect(status).toBe(201);
    };
    const sum = (reports: readonly ApplyReport[], pick: (r: ApplyReport) => number): number => reports.reduce((n, r) => n + pick(r), 0);

    // In order: each run restores what the one before saved.
    it("three shards apply the whole plan between them, each its own mailboxes, and the gather job sums them", async () => {
      await hire("shard.hire.one");
      const whole = await wholePlan();
      expect(whole.create).toBeGreaterThan(0);
      const run = await sharded(301);
      expect(only(run, "shards").outputs).toEqual({ count: "3", shards: "[1,2,3]" });
      expect(run["apply"]).toHaveLength(3);
      run["apply"]!.forEach(succeeded);
      expect(only(run, "pulumi").result).toBe("skipped");
      const reports = await shardReports(301, [1, 2, 3]);
      expect(reports.map((r) => r.shard)).toEqual([1, 2, 3].map((index) => ({ index, count: 3 })));
      // Disjoint and complete: the shards' plans add up to the whole, and each did what it planned.
      expect({ create: sum(reports, (r) => r.planned.create), mailboxes: sum(reports, (r) => r.planned.mailboxes) }).toEqual({ create: whole.create, mailboxes: whole.mailboxes });
      expect(reports.map((r) => r.summary.create)).toEqual(reports.map((r) => r.planned.create));
      run["apply"]!.forEach((shard, i) => {
        expect(stepLog(shard, "Restore the state")).toMatch(/cache not found/);
        expect(stepLog(shard, "Save the state")).toBe(`stood in: cache saved with key: cync-state-shard-${i + 1}-of-3-${sim.tenantId}-301-1`);
        expect(stepLog(shard, "Save the removal record")).toBe(`stood in: cache saved with key: cync-record-shard-${i + 1}-of-3-${sim.tenantId}-301-1`);
      });
      const gather = only(run, "gather");
      succeeded(gather);
      expect(gather.summary).toContain(`## cync apply, gathered\n\n**${whole.create} created · 0 updated · 0 deleted in ${whole.mailboxes} of ${whole.mailboxes} mailboxes, 3 shards`);
    }, SHARDED_RUN_MS);

    it("the next run: each shard restores its own state, and with nothing changed writes nothing", async () => {
      const run = await sharded(302);
      run["apply"]!.forEach((shard, i) => {
        succeeded(shard);
        expect(stepLog(shard, "Restore the state")).toBe(`stood in: cache restored from key: cync-state-shard-${i + 1}-of-3-${sim.tenantId}-301-1`);
        expect(stepLog(shard, "Restore the removal record")).toBe(`stood in: cache restored from key: cync-record-shard-${i + 1}-of-3-${sim.tenantId}-301-1`);
      });
      expect(sum(await shardReports(302, [1, 2, 3]), (r) => r.summary.create)).toBe(0);
      succeeded(only(run, "gather"));
    }, SHARDED_RUN_MS);

    it("a shard that stops before writing its result: the others apply, the gather job shows it missing and fails; the next run applies its part", async () => {
      await hire("shard.hire.two");
      const whole = await wholePlan();
      const broken = await sharded(303, { shard: (i) => (i === 2 ? { vars: { CYNC_APPLIER_CLIENT_ID: "00000000-0000-0000-0000-000000000000" } } : {}) });
      expect(broken["apply"]!.map((r) => r.result)).toEqual(["success", "failure", "success"]);
      const applied = await shardReports(303, [1, 3]);
      const gather = only(broken, "gather");
      expect(gather.result).toBe("failure");
      expect(gather.summary).toMatch(/Shard 2\/3: MISSING: no result/);
      expect(gather.summary).toContain(`**${sum(applied, (r) => r.summary.create)} created`);
      // The next run: shard 2 restores the state it had before (its failed run saved none) and applies what it missed.
      const next = await sharded(304);
      next["apply"]!.forEach(succeeded);
      expect(stepLog(next["apply"]![1]!, "Restore the state")).toBe(`stood in: cache restored from key: cync-state-shard-2-of-3-${sim.tenantId}-302-1`);
      const retried = await shardReports(304, [1, 2, 3]);
      expect(retried.map((r) => r.summary.create)).toEqual([0, whole.create - sum(applied, (r) => r.summary.create), 0]);
      succeeded(only(next, "gather"));
    }, SHARDED_RUN_MS);

    it.each([
      ["four", 305],
      ["0", 306],
      ["257", 307],
    ])("CYNC_SHARDS = %s: the shards job fails and nothing else runs", async (value, runId) => {
      const run = await sharded(runId, { vars: { CYNC_SHARDS: value } });
      expect(only(run, "shards").result).toBe("failure");
      expect(stepLog(only(run, "shards"), "Count the shards")).toMatch(/CYNC_SHARDS must be a whole number from 1 to 256/);
      expect([only(run, "apply").result, only(run, "gather").result]).toEqual(["skipped", "skipped"]);
    });
  });

  describe("plan.yml: the preview job", () => {
    const pullRequest = { pull_request: { number: 9, head: { repo: { full_name: REPOSITORY } }, base: { ref: "main" } } };

    it("with CYNC_RECONCILER = pulumi: `pulumi preview` of the reconcile's stack, as the planner", async () => {
      const base = context("planner", pullRequest);
      const ctx: RehearsalContext = {
        ...base,
        workspace: await checkoutAt(path.join(work, "preview", "checkout")),
        temp: path.join(work, "preview", "runner"),
        vars: { ...base.vars, ...PULUMI_VARS },
        secrets: { ...base.secrets, ...PULUMI_SECRETS },
        caches: path.join(work, "pulumi-caches"),
        pulumi: engineStandIn,
      };
      const run = await rehearseJob(await job("plan.yml", "preview"), ctx);
      succeeded(run);
      expect(stepLog(run, "Preview")).toBe(`stood in: pulumi preview --stack demo as ${sim.apps.planner.clientId}`);
      // The newest state a reconcile saved (the last successful run above), restored and never saved.
      expect(stepLog(run, "Restore the reconcile's state")).toBe(`stood in: cache restored from key: cync-state-${sim.tenantId}-203-1`);
      expect(run.steps.some((s) => /cache saved/.test(s.output))).toBe(false);
    });

    it("with CYNC_RECONCILER = pulumi and CYNC_SHARDS = 3: skipped (one stack per shard), the plan job alone", async () => {
      const base = context("planner", pullRequest);
      const run = await rehearseJob(await job("plan.yml", "preview"), { ...base, vars: { ...base.vars, ...PULUMI_VARS, CYNC_SHARDS: "3" } });
      expect(run.result).toBe("skipped");
    });

    it("without CYNC_RECONCILER: skipped, the plan job alone", async () => {
      const run = await rehearseJob(await job("plan.yml", "preview"), context("planner", pullRequest));
      expect(run.result).toBe("skipped");
    });
  });
});

/**
 * Runs a GitHub Actions job of .github/workflows/ on this machine, as the runner would: its `run:`
 * steps in order with GitHub's bash (`bash --noprofile --norc -eo pipefail`), `${{ }}` expressions
 * and `if:` conditions evaluated by GitHub's own expression library (@actions/expressions), the
 * runner's files and variables (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP, GITHUB_WORKSPACE…)
 * in a temporary directory, and the `uses:` steps stood in for. What it catches: a typo in a
 * step's shell command, a wrong exit status, an expression naming a context, variable or output
 * that is not there. Expressions reference: https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/evaluate-expressions-in-workflows-and-actions
 */
import { execFile } from "node:child_process";
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { parse } from "yaml";

export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

export interface WorkflowStep {
  readonly id?: string;
  readonly name?: string;
  readonly if?: string;
  readonly run?: string;
  readonly shell?: string;
  readonly uses?: string;
  readonly with?: Readonly<Record<string, string | number | boolean>>;
  readonly env?: Readonly<Record<string, string>>;
}

export interface WorkflowJob {
  readonly if?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** `strategy.matrix`: an expression (`${{ fromJSON(…) }}`) or a map, per key a list or an expression of one. */
  readonly strategy?: { readonly matrix?: string | Readonly<Record<string, string | readonly Json[]>> };
  /** The job's outputs, evaluated once its steps have run (`needs.<job>.outputs` of later jobs). */
  readonly outputs?: Readonly<Record<string, string>>;
  readonly steps: readonly WorkflowStep[];
}

export interface StepRun {
  readonly name: string;
  readonly outcome: "success" | "failure" | "skipped";
  readonly output: string;
}

export interface JobRun {
  readonly result: "success" | "failure" | "skipped";
  readonly steps: readonly StepRun[];
  /** Every step's $GITHUB_STEP_SUMMARY, in order: the run's summary page. */
  readonly summary: string;
  /** The job's `outputs:`, as later jobs read them. */
  readonly outputs: Readonly<Record<string, string>>;
}

export interface RehearsalContext {
  /** The checkout: the directory the steps run in. */
  readonly workspace: string;
  /** Where the runner's temporary files, and the uploaded artifacts (`artifacts/<name>/`), go. */
  readonly temp: string;
  /** The environment the runner starts each step with (the job's and the step's `env:` are added). */
  readonly env: Readonly<Record<string, string>>;
  readonly github: { readonly [key: string]: Json };
  /** The `inputs` context: a workflow_dispatch run's inputs, typed as the workflow declares them. */
  readonly inputs?: { readonly [key: string]: Json };
  readonly vars: Readonly<Record<string, string>>;
  readonly secrets?: Readonly<Record<string, string>>;
  /** The `matrix` context: this job's combination of its matrix (see {@link jobMatrix}). */
  readonly matrix?: { readonly [key: string]: Json };
  /** The `needs` context: the jobs this one needs, by id — `{ result, outputs }`. */
  readonly needs?: { readonly [job: string]: { readonly result: string; readonly outputs: Readonly<Record<string, string>> } };
  /**
   * Where the stood-in upload-artifact puts a run's artifacts (`<artifacts>/<name>/`) and
   * download-artifact finds them: give the jobs of one run the same directory (default `<temp>/artifacts`).
   */
  readonly artifacts?: string;
  /**
   * Where the stood-in actions/cache keeps its entries: give rehearsed runs of one repository the
   * same directory and each run's restore sees what an earlier run saved (default `<temp>/caches`).
   */
  readonly caches?: string;
  /**
   * What the stood-in pulumi/actions does beyond checking its inputs: the Pulumi engine's part (the
   * program reads the directory and writes the state directory, the provider writes the tenant).
   * A throw fails the step, as a failed `pulumi up` fails it. Default: nothing.
   */
  readonly pulumi?: (run: PulumiRun) => Promise<void>;
}

/** One `pulumi` command as the stood-in pulumi/actions was asked to run it. */
export interface PulumiRun {
  readonly command: string;
  readonly stack: string;
  readonly refresh: boolean;
  /**
   * The stack's settings as the program reads them, by full key (`cync:stateDir`): its settings
   * file's, with what `config-map` set in the checkout's copy for this run.
   */
  readonly config: Readonly<Record<string, unknown>>;
  /** The step's environment: the job's and the step's `env:` (identity, backend, passphrase). */
  readonly env: Readonly<Record<string, string>>;
  /** The project directory: the workspace joined with `work-dir`. */
  readonly project: string;
}

/**
 * The runner's default variables about the repository and run
 * (https://docs.github.com/en/actions/reference/variables-reference#default-environment-variables),
 * from the rehearsal's `github` context.
 */
function runnerVariables(ctx: RehearsalContext): Record<string, string> {
  const { repository, api_url: apiUrl, server_url: serverUrl, run_id: runId } = ctx.github;
  return {
    GITHUB_REPOSITORY: String(repository ?? ""),
    GITHUB_API_URL: String(apiUrl ?? "https://api.github.com"),
    GITHUB_SERVER_URL: String(serverUrl ?? "https://github.com"),
    GITHUB_RUN_ID: String(runId ?? "1"),
  };
}

/** What a stood-in action did: its log line and the outputs later steps read (`steps.<id>.outputs`). */
interface StandInResult {
  readonly log: string;
  readonly outputs?: Record<string, string>;
  /** The action failed (its step fails) rather than the rehearsal. */
  readonly failed?: boolean;
}

/** How a stand-in acts on its `with:` inputs, with the step's environment. */
type StandIn = (inputs: Readonly<Record<string, string>>, ctx: RehearsalContext, env: Readonly<Record<string, string>>) => Promise<StandInResult>;

/** A multi-line input (actions/cache's `path` and `restore-keys`): its non-empty lines. */
const inputLines = (text: string | undefined): string[] => (text ?? "").split("\n").map((l) => l.trim()).filter((l) => l !== "");

const cacheDir = (ctx: RehearsalContext): string => ctx.caches ?? path.join(ctx.temp, "caches");

/** The stood-in cache's entries, oldest first: `<caches>/index.json` lists the keys, `<caches>/<n>/` holds entry n's files. */
const cacheIndex = async (caches: string): Promise<string[]> =>
  readFile(path.join(caches, "index.json"), "utf8").then((text) => JSON.parse(text) as string[], () => []);

/** actions/cache's `path` input, here only paths inside the workspace. */
function cachePaths(inputs: Readonly<Record<string, string>>): string[] {
  const paths = inputLines(inputs.path);
  for (const p of paths) {
    if (path.isAbsolute(p) || path.normalize(p).startsWith("..")) throw new Error(`actions/cache: the rehearsal caches paths inside the workspace only, not ${p}`);
  }
  if (paths.length === 0) throw new Error("actions/cache: no path");
  return paths.map((p) => path.normalize(p));
}

/**
 * actions/cache/restore and actions/cache/save (https://github.com/actions/cache#inputs), keeping
 * entries in a directory. Restore matches as GitHub documents it
 * (https://docs.github.com/en/actions/reference/dependency-caching-reference#matching-a-cache-key):
 * `key` then each of `restore-keys` in order, each first exactly and then as a prefix, the most
 * recently saved entry winning among prefix matches. Entries are immutable: saving under a key that
 * exists saves nothing, and so does saving a path that is not there (both warnings, not failures).
 * One branch only, so the branch scoping of caches is not rehearsed.
 */
const CACHE_STAND_INS: Readonly<Record<string, StandIn>> = {
  "actions/cache/restore": (inputs, ctx) => oneAtATime(cacheDir(ctx), () => restoreCache(inputs, ctx)),
  "actions/cache/save": (inputs, ctx) => oneAtATime(cacheDir(ctx), () => saveCache(inputs, ctx)),
};

/** The jobs of a matrix run at once: their cache steps take turns on the cache's index, as GitHub's service serialises them. */
const cacheTurns = new Map<string, Promise<unknown>>();
function oneAtATime<T>(caches: string, step: () => Promise<T>): Promise<T> {
  const done = (cacheTurns.get(caches) ?? Promise.resolve()).then(step, step);
  cacheTurns.set(caches, done.catch(() => undefined));
  return done;
}

async function restoreCache(inputs: Readonly<Record<string, string>>, ctx: RehearsalContext): Promise<StandInResult> {
  const caches = cacheDir(ctx);
  const key = inputs.key ?? "";
  const index = await cacheIndex(caches);
  const candidates = [key, ...inputLines(inputs["restore-keys"])];
  const found = candidates
    .map((candidate) => (index.includes(candidate) ? index.indexOf(candidate) : index.findLastIndex((k) => k.startsWith(candidate))))
    .find((n) => n >= 0);
  if (found === undefined) return { log: `stood in: cache not found for input keys: ${candidates.join(", ")}`, outputs: { "cache-primary-key": key } };
  for (const p of cachePaths(inputs)) {
    const target = path.join(ctx.workspace, p);
    await rm(target, { recursive: true, force: true });
    // A path that was not there when the entry was saved is not there after restoring it either.
    await cp(path.join(caches, String(found), p), target, { recursive: true }).catch(() => undefined);
  }
  const matched = index[found]!;
  return { log: `stood in: cache restored from key: ${matched}`, outputs: { "cache-hit": String(matched === key), "cache-primary-key": key, "cache-matched-key": matched } };
}

async function saveCache(inputs: Readonly<Record<string, string>>, ctx: RehearsalContext): Promise<StandInResult> {
  const caches = cacheDir(ctx);
  const key = inputs.key ?? "";
  const index = await cacheIndex(caches);
  if (index.includes(key)) return { log: `stood in: not saved, a cache with key ${key} exists (caches are immutable)` };
  const paths = cachePaths(inputs);
  const present = (await Promise.all(paths.map((p) => stat(path.join(ctx.workspace, p)).then(() => p, () => undefined)))).filter((p) => p !== undefined);
  if (present.length === 0) return { log: `stood in: not saved, nothing at ${paths.join(", ")}` };
  const entry = path.join(caches, String(index.length));
  for (const p of present) await cp(path.join(ctx.workspace, p), path.join(entry, p), { recursive: true });
  await writeFile(path.join(caches, "index.json"), JSON.stringify([...index, key]));
  return { log: `stood in: cache saved with key: ${key}` };
}

/** The Pulumi commands the workflows run; the action knows more (https://github.com/pulumi/actions#configuration). */
const PULUMI_COMMANDS = new Set(["preview", "up", "refresh"]);

/**
 * pulumi/actions (https://github.com/pulumi/actions#configuration), which downloads the Pulumi CLI:
 * it cannot be installed here. The stand-in checks what the real action would only find out on
 * GitHub — a command the workflows do not run, no stack named, a boolean input that is not one, a
 * `config-map` that is not YAML of `{value}` entries — and one thing stricter than Pulumi, which
 * runs a stack without its settings file: the stack's file must be in the checkout, in
 * Pulumi.yaml's `stackConfigDir` (README.md#pulumi: commit it). It logs the command line and the
 * identity it ran as, then plays the engine's part through `ctx.pulumi`.
 */
const pulumiAction: StandIn = async (inputs, ctx, env) => {
  const command = inputs.command ?? "";
  const stack = inputs["stack-name"] ?? "";
  if (!PULUMI_COMMANDS.has(command)) throw new Error(`pulumi/actions: command "${command}" is not one the workflows run`);
  if (stack === "") throw new Error("pulumi/actions: no stack-name");
  const refreshInput = inputs.refresh ?? "false";
  if (refreshInput !== "true" && refreshInput !== "false") throw new Error(`pulumi/actions: refresh must be true or false, not "${refreshInput}"`);
  const project = path.resolve(ctx.workspace, inputs["work-dir"] ?? ".");
  const settings = parse(await readFile(path.join(project, "Pulumi.yaml"), "utf8")) as { stackConfigDir?: string };
  const stackFile = path.join(settings.stackConfigDir ?? ".", `Pulumi.${stack}.yaml`);
  const stackText = await readFile(path.join(project, stackFile), "utf8").catch(() => undefined);
  if (stackText === undefined) return { log: `stood in: pulumi ${command}: the stack's settings, ${stackFile}, are not in the checkout`, failed: true };
  const entries = Object.entries((parse(inputs["config-map"] ?? "") ?? {}) as Record<string, unknown>);
  const set = Object.fromEntries(
    entries.map(([key, entry]) => {
      const value = (entry as { value?: unknown } | null)?.value;
      if (typeof value !== "string") throw new Error(`pulumi/actions: config-map ${key} has no string value`);
      return [key, value];
    }),
  );
  const refresh = refreshInput === "true";
  const line = [`pulumi ${command} --stack ${stack}`, ...(refresh ? ["--refresh"] : []), ...Object.entries(set).map(([k, v]) => `(config ${k}=${v})`)].join(" ");
  const log = `stood in: ${line} as ${env.AZURE_CLIENT_ID ?? "nobody"}`;
  const config = { ...((parse(stackText) as { config?: Record<string, unknown> } | null)?.config ?? {}), ...set };
  try {
    await ctx.pulumi?.({ command, stack, refresh, config, env, project });
  } catch (err) {
    return { log: `${log}\n${err instanceof Error ? err.message : String(err)}`, failed: true };
  }
  return { log, outputs: { output: "" } };
};

/** The `uses:` actions the rehearsal stands in for, by `owner/repo[/path]`; any other fails the rehearsal. */
const STAND_INS: Readonly<Record<string, StandIn>> = {
  ...CACHE_STAND_INS,
  "pulumi/actions": pulumiAction,
  // The workspace is the checkout, and this Node runs the steps.
  "actions/checkout": async () => ({ log: "stood in: the workspace is the checkout" }),
  "actions/setup-node": async () => ({ log: "stood in: the rehearsal's Node" }),
  // Outputs as upload-artifact documents them (https://github.com/actions/upload-artifact#outputs).
  "actions/upload-artifact": async (inputs, ctx) => {
    const target = path.join(artifactDir(ctx), inputs.name ?? "artifact");
    await mkdir(target, { recursive: true });
    const source = inputs.path ?? "";
    const found = await cp(source, path.join(target, path.basename(source)), { recursive: true }).then(
      () => true,
      () => false,
    );
    if (!found && inputs["if-no-files-found"] === "error") throw new Error(`upload-artifact: nothing at ${source}`);
    if (!found) return { log: `stood in: nothing at ${source}` };
    const v = runnerVariables(ctx);
    const run = `${v.GITHUB_SERVER_URL}/${v.GITHUB_REPOSITORY}/actions/runs/${v.GITHUB_RUN_ID}`;
    return { log: `stood in: ${source} copied to ${target}`, outputs: { "artifact-id": "1", "artifact-url": `${run}/artifacts/1` } };
  },
  // As download-artifact documents it (https://github.com/actions/download-artifact#inputs): the run's
  // artifacts whose name matches `pattern` (all without one), one alone unpacked into `path`
  // itself, several each into `path/<name>/` unless `merge-multiple`; none matching is no error.
  "actions/download-artifact": async (inputs, ctx) => {
    if (inputs.name !== undefined) throw new Error("download-artifact: the rehearsal downloads by pattern only");
    const pattern = new RegExp(`^${(inputs.pattern ?? "*").replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
    const names = (await readdir(artifactDir(ctx)).catch(() => [])).filter((n) => pattern.test(n)).sort();
    const target = path.resolve(ctx.workspace, inputs.path ?? ".");
    const nested = names.length > 1 && inputs["merge-multiple"] !== "true";
    for (const name of names) await cp(path.join(artifactDir(ctx), name), nested ? path.join(target, name) : target, { recursive: true });
    return { log: `stood in: ${names.length} artifact(s) downloaded${names.length > 0 ? `: ${names.join(", ")}` : ""}`, outputs: { "download-path": target } };
  },
};

const artifactDir = (ctx: RehearsalContext): string => ctx.artifacts ?? path.join(ctx.temp, "artifacts");

/** `npm ci` installs what this checkout already has installed. */
const STOOD_IN_COMMANDS = new Set(["npm ci"]);

const STATUS_FUNCTIONS = ["always", "success", "failure", "cancelled"];

export function readJob(workflowFile: string, text: string, job: string): WorkflowJob {
  const doc = parse(text) as { jobs?: Record<string, WorkflowJob> };
  const found = doc.jobs?.[job];
  if (found === undefined) throw new Error(`${workflowFile} has no job "${job}"`);
  return found;
}

export async function rehearseJob(job: WorkflowJob, ctx: RehearsalContext): Promise<JobRun> {
  const expressions = await import("@actions/expressions");
  const { data } = expressions;
  const { truthy } = await import("@actions/expressions/result");
  const toData = (value: Json): InstanceType<typeof data.Dictionary> => JSON.parse(JSON.stringify(value), data.reviver) as InstanceType<typeof data.Dictionary>;

  const steps: Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }> = {};
  let failed = false;
  const statusFunctions = new Map(
    STATUS_FUNCTIONS.map((name) => [
      name,
      { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(name === "always" || (name === "success" ? !failed : name === "failure" ? failed : false)) },
    ]),
  );
  const evaluate = (expression: string, env: Readonly<Record<string, string>>) => {
    const contexts: Record<string, Json> = {
      github: ctx.github,
      inputs: ctx.inputs ?? {},
      vars: ctx.vars,
      secrets: ctx.secrets ?? {},
      env,
      steps,
      runner: { temp: ctx.temp, os: "Linux" },
      matrix: ctx.matrix ?? {},
      needs: ctx.needs ?? {},
    };
    const lexed = new expressions.Lexer(expression).lex();
    const tree = new expressions.Parser(lexed.tokens, Object.keys(contexts), [...statusFunctions.values()]).parse();
    return new expressions.Evaluator(tree, toData(contexts), statusFunctions).evaluate();
  };
  /** Every `${{ }}` in a string replaced by its value; one that has no value is a mistake in the workflow. */
  const substitute = (text: string, env: Readonly<Record<string, string>>, where: string): string =>
    text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_m, expression: string) => {
      const value = evaluate(expression, env);
      if (value.kind === data.Kind.Null) throw new Error(`${where}: \${{${expression}}} has no value in the rehearsal`);
      return value.coerceString();
    });
  /** GitHub adds `success() &&` to a condition that calls no status function. */
  const condition = (text: string | undefined, env: Readonly<Record<string, string>>): boolean => {
    const expression = (text ?? "success()").replace(/^\s*\$\{\{([\s\S]*)\}\}\s*$/, "$1");
    const guarded = STATUS_FUNCTIONS.some((f) => new RegExp(`\\b${f}\\s*\\(`).test(expression)) ? expression : `success() && (${expression})`;
    return truthy(evaluate(guarded, env));
  };
  const envOf = (map: Readonly<Record<string, string>> | undefined, base: Readonly<Record<string, string>>, where: string): Record<string, string> => {
    const out: Record<string, string> = { ...base };
    for (const [k, v] of Object.entries(map ?? {})) out[k] = substitute(String(v), out, `${where} env ${k}`);
    return out;
  };

  const jobEnv = envOf(job.env, {}, "job");
  if (!condition(job.if, jobEnv)) return { result: "skipped", steps: [], summary: "", outputs: {} };
  const runs: StepRun[] = [];
  const summaries: string[] = [];
  await mkdir(ctx.temp, { recursive: true });
  // The webhook payload, where the runner keeps it for steps to read (GITHUB_EVENT_PATH).
  const eventPath = path.join(ctx.temp, "event.json");
  await writeFile(eventPath, JSON.stringify(ctx.github["event"] ?? {}));
  for (const [index, step] of job.steps.entries()) {
    const name = step.name ?? step.run ?? step.uses ?? `step ${index + 1}`;
    const record = (outcome: StepRun["outcome"], output: string, outputs: Record<string, string> = {}): void => {
      runs.push({ name, outcome, output });
      if (step.id !== undefined) steps[step.id] = { outputs, outcome, conclusion: outcome };
      if (outcome === "failure") failed = true;
    };
    // A step's `if:` sees the job's env, not its own; its own is evaluated only when it runs (a
    // skipped step's env may name outputs no step wrote).
    if (!condition(step.if, jobEnv)) {
      record("skipped", "");
      continue;
    }
    const env = envOf(step.env, jobEnv, name);
    if (step.uses !== undefined) {
      const standIn = STAND_INS[step.uses.replace(/@.*$/, "")];
      if (standIn === undefined) throw new Error(`${name}: the rehearsal has no stand-in for ${step.uses}`);
      const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, substitute(String(v), env, `${name} with ${k}`)]));
      const done = await standIn(inputs, ctx, { ...ctx.env, ...env });
      record(done.failed === true ? "failure" : "success", done.log, done.outputs);
      continue;
    }
    const script = substitute(step.run ?? "", env, name);
    if (STOOD_IN_COMMANDS.has(script.trim())) {
      record("success", `stood in: ${script.trim()}`);
      continue;
    }
    if (step.shell !== undefined && step.shell !== "bash") throw new Error(`${name}: the rehearsal runs bash steps only, not ${step.shell}`);
    const files = { script: path.join(ctx.temp, `step-${index}.sh`), output: path.join(ctx.temp, `output-${index}`), summary: path.join(ctx.temp, `summary-${index}.md`) };
    await writeFile(files.script, script);
    await Promise.all([writeFile(files.output, ""), writeFile(files.summary, "")]);
    const runnerEnv = {
      ...ctx.env,
      ...env,
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_WORKSPACE: ctx.workspace,
      ...runnerVariables(ctx),
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      RUNNER_TEMP: ctx.temp,
      RUNNER_OS: "Linux",
    };
    const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile("bash", ["--noprofile", "--norc", "-eo", "pipefail", files.script], { cwd: ctx.workspace, env: runnerEnv, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
        resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : 1, output: `${stdout}${stderr}` }),
      );
    });
    summaries.push(await readFile(files.summary, "utf8"));
    record(code === 0 ? "success" : "failure", output, parseOutputs(await readFile(files.output, "utf8")));
  }
  const outputs = Object.fromEntries(
    Object.entries(job.outputs ?? {}).map(([k, v]) => {
      // An output whose step wrote nothing is empty, as on GitHub.
      const value = evaluate(v.replace(/^\s*\$\{\{([\s\S]*)\}\}\s*$/, "$1"), jobEnv);
      return [k, value.kind === data.Kind.Null ? "" : value.coerceString()];
    }),
  );
  return { result: failed ? "failure" : "success", steps: runs, summary: summaries.join(""), outputs };
}

/**
 * The combinations a job's `strategy.matrix` runs, each the `matrix` context of one job: the
 * expression or each key's list evaluated with the run's contexts (`needs`, `vars`), then every key
 * crossed with every other (`include` and `exclude` are not rehearsed). A job without a matrix runs once.
 */
async function jobMatrix(job: WorkflowJob, ctx: RehearsalContext): Promise<{ readonly [key: string]: Json }[]> {
  const matrix = job.strategy?.matrix;
  if (matrix === undefined) return [{}];
  const { Evaluator, Lexer, Parser, data } = await import("@actions/expressions");
  const value = (text: string | readonly Json[]): Json => {
    if (typeof text !== "string") return text;
    const expression = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(text)?.[1];
    if (expression === undefined) throw new Error(`strategy.matrix: "${text}" is not an expression`);
    const contexts = { github: ctx.github, inputs: ctx.inputs ?? {}, vars: ctx.vars, needs: ctx.needs ?? {} };
    const tree = new Parser(new Lexer(expression).lex().tokens, Object.keys(contexts), []).parse();
    const result = new Evaluator(tree, JSON.parse(JSON.stringify(contexts), data.reviver) as InstanceType<typeof data.Dictionary>).evaluate();
    return JSON.parse(JSON.stringify(result, data.replacer)) as Json;
  };
  const map = typeof matrix === "string" ? value(matrix) : Object.fromEntries(Object.entries(matrix).map(([k, v]) => [k, value(v)]));
  if (typeof map !== "object" || Array.isArray(map)) throw new Error("strategy.matrix is not a map");
  let combinations: { [key: string]: Json }[] = [{}];
  for (const [key, values] of Object.entries(map as Record<string, Json>)) {
    if (!Array.isArray(values) || values.length === 0) throw new Error(`strategy.matrix.${key} is not a non-empty list`);
    combinations = combinations.flatMap((c) => (values as Json[]).map((v) => ({ ...c, [key]: v })));
  }
  return combinations;
}

/** $GITHUB_OUTPUT: `name=value` lines, or `name<<DELIMITER` … `DELIMITER` for several lines. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc !== null) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (line.includes("=")) outputs[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
  }
  return outputs;
}

/** A rehearsed run of a workflow: each job's runs by job id, one per matrix combination. */
export type WorkflowRun = Readonly<Record<string, readonly JobRun[]>>;

/** What `needs.<job>.result` says of a job's runs: failure if any failed, skipped if all were. */
const jobResult = (runs: readonly JobRun[]): string =>
  runs.some((r) => r.result === "failure") ? "failure" : runs.every((r) => r.result === "skipped") ? "skipped" : "success";

/**
 * Every job of a workflow, as GitHub runs them (https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/using-jobs-in-a-workflow):
 * a job once the jobs it `needs` are done, skipped when one of them did not succeed unless its `if:`
 * calls a status function (`always()`), or when its `if:` is false (evaluated before its matrix is
 * expanded), else once per combination of its matrix, those at once. Each
 * run of a job gets the context `contextFor` gives it (a fresh runner: its own workspace and
 * temporary directory; the run's caches and artifacts shared), with `matrix` and `needs` added.
 */
export async function rehearseWorkflow(
  workflowFile: string,
  text: string,
  contextFor: (job: string, matrix: { readonly [key: string]: Json }) => Promise<RehearsalContext>,
): Promise<WorkflowRun> {
  const jobs = (parse(text) as { jobs?: Record<string, WorkflowJob & { needs?: string | string[] }> }).jobs ?? {};
  const done: Record<string, readonly JobRun[]> = {};
  const pending = new Map(Object.entries(jobs));
  while (pending.size > 0) {
    const ready = [...pending].filter(([, job]) => [job.needs ?? []].flat().every((n) => n in done));
    if (ready.length === 0) throw new Error(`${workflowFile}: jobs ${[...pending.keys()].join(", ")} need jobs that never run`);
    for (const [id, job] of ready) {
      pending.delete(id);
      const needed = [job.needs ?? []].flat();
      const needs = Object.fromEntries(needed.map((n) => [n, { result: jobResult(done[n]!), outputs: done[n]!.length === 1 ? done[n]![0]!.outputs : {} }]));
      const byStatus = STATUS_FUNCTIONS.some((f) => new RegExp(`\\b${f}\\s*\\(`).test(job.if ?? ""));
      if (!byStatus && Object.values(needs).some((n) => n.result !== "success")) {
        done[id] = [{ result: "skipped", steps: [], summary: "", outputs: {} }];
        continue;
      }
      const base = await contextFor(id, {});
      // The job's `if:` is evaluated before its matrix is expanded: a job it skips is skipped once.
      const gate = await rehearseJob({ ...(job.if === undefined ? {} : { if: job.if }), steps: [] }, { ...base, needs });
      if (gate.result === "skipped") {
        done[id] = [gate];
        continue;
      }
      const combinations = await jobMatrix(job, { ...base, needs });
      done[id] = await Promise.all(
        combinations.map(async (matrix) => rehearseJob(job, { ...(Object.keys(matrix).length === 0 ? base : await contextFor(id, matrix)), matrix, needs })),
      );
    }
  }
  return done;
}

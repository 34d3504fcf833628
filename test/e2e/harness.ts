/**
 * End-to-end harness: `cync apply` run in-process against the embedded tenant — real HTTPS, the
 * real @azure/identity credential and Graph client (the CA is trusted by the vitest globalSetup) —
 * with the policies written to a temporary directory, and helpers that look into mailboxes
 * through the simulator's control API, as a test of what Exchange would hold.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { ApplyReport } from "../../src/apply/report";
import { applyCommand, type ApplyOptions } from "../../src/cli/commands/apply";
import type { ProgressSink } from "../../src/cli/progress";
import { EXTENSION_NAME } from "../../src/registry/ownership";
import { type SimulatorApp, simulatorEnv, type SimulatorOptions } from "@cync/simulator";
import { type TestSimulator, withSimulator } from "@cync/simulator/testing";

/** The default policy: every enabled member with mail, into every licensed user's "CYNC" folder. */
export const STAFF_POLICY = `apiVersion: cync/v1
kind: ContactSyncPolicy
metadata:
  name: staff
spec:
  safety:
    deletion: permanent
`;

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The `--format json` document (apply report, or the refusal). */
  readonly json: ApplyReport & { staleSavedPlan: string[]; refused?: { kind: string; policy: string; message: string }[] };
}

export interface SimContact {
  readonly id: string;
  readonly displayName?: string;
  readonly mobilePhone?: string | null;
  readonly jobTitle?: string | null;
  readonly extensions: readonly Record<string, unknown>[];
}

interface SimFolder {
  readonly id: string;
  readonly displayName: string;
  readonly isDefault: boolean;
  readonly contacts: readonly SimContact[];
}

export interface E2E {
  readonly sim: TestSimulator;
  readonly policiesDir: string;
  readonly stateDir: string;
  /** The removal record file (`--record`), beside the state directory, not in it. */
  readonly recordFile: string;
  /** Replaces the policy files with these (name → YAML). */
  writePolicies(files: Readonly<Record<string, string>>): Promise<void>;
  /** `cync apply --format json` with extra options, signed in as the applier app (or another). */
  apply(options?: Partial<ApplyOptions>, app?: "applier" | "planner"): Promise<CliRun>;
  folders(mailboxId: string): Promise<SimFolder[]>;
  /** The policy's contacts in the mailbox's CYNC folder, by source user id. */
  owned(mailboxId: string, policy?: string): Promise<Map<string, SimContact[]>>;
  /** Requests the tenant received since the last call, by method. */
  requestsSince(): Promise<Record<string, number>>;
  control(method: string, p: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

const sink = (): ProgressSink & { text: string } => {
  const s = { text: "", isTTY: false, write: (t: string) => void (s.text += t) };
  return s;
};

export function markerOf(c: SimContact): Record<string, unknown> | undefined {
  return c.extensions.find((e) => typeof e["id"] === "string" && e["id"].endsWith(EXTENSION_NAME));
}

export function withApplyTenant(options: SimulatorOptions): E2E {
  const sim = withSimulator(options);
  let work = "";
  const dirs = { policies: "", state: "", record: "" };
  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), "cync-e2e-"));
    dirs.policies = path.join(work, "policies");
    dirs.state = path.join(work, "state");
    dirs.record = path.join(work, "cync-record.json");
    await mkdir(dirs.policies);
    await writeFile(path.join(dirs.policies, "staff.yaml"), STAFF_POLICY);
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  const env = (app: SimulatorApp): Record<string, string> => simulatorEnv(sim, app);

  const e2e: E2E = {
    sim,
    get policiesDir() {
      return dirs.policies;
    },
    get stateDir() {
      return dirs.state;
    },
    get recordFile() {
      return dirs.record;
    },
    async writePolicies(files) {
      await rm(dirs.policies, { recursive: true, force: true });
      await mkdir(dirs.policies);
      for (const [name, text] of Object.entries(files)) await writeFile(path.join(dirs.policies, name), text);
    },
    async apply(extra = {}, app = "applier") {
      const stdout = sink();
      const stderr = sink();
      const code = await applyCommand(
        { policies: dirs.policies, stateDir: dirs.state, format: "json", concurrency: 8, redact: false, ...extra },
        { stdout, stderr, env: env(app) },
      );
      const json = extra.format === undefined || extra.format === "json" ? (JSON.parse(stdout.text) as CliRun["json"]) : ({} as CliRun["json"]);
      return { code, stdout: stdout.text, stderr: stderr.text, json };
    },
    async folders(mailboxId) {
      const res = await sim.control("GET", `/mailboxes/${mailboxId}`);
      if (res.status !== 200) throw new Error(`mailbox ${mailboxId}: ${res.status}`);
      return (res.body as { folders: SimFolder[] }).folders;
    },
    async owned(mailboxId, policy = "staff") {
      const out = new Map<string, SimContact[]>();
      for (const f of await e2e.folders(mailboxId)) {
        for (const c of f.contacts) {
          const m = markerOf(c);
          if (m?.["policy"] !== policy) continue;
          const source = String(m["sourceUserId"]);
          out.set(source, [...(out.get(source) ?? []), c]);
        }
      }
      return out;
    },
    async requestsSince() {
      const res = await sim.control("GET", "/stats");
      await sim.control("POST", "/stats/reset");
      return (res.body as { requests: { byMethod: Record<string, number> } }).requests.byMethod;
    },
    control: (method, p, body) => sim.control(method, p, body),
  };
  return e2e;
}

/** Contact writes among requests by method (everything that is not a read). */
export const writesOf = (byMethod: Record<string, number>): number =>
  Object.entries(byMethod).reduce((n, [m, c]) => (m === "GET" ? n : n + c), 0);

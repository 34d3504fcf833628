/**
 * The built CLI (bin/cync.js, as `npm ci` builds it) run as its own process against a chaos tenant,
 * as one of the tenant's apps: what an operator or a workflow sees — exit code, stdout, stderr.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import type { ChaosTenant } from "./chaos-tenant";

const BIN = path.resolve(__dirname, "../../bin/cync.js");

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `cync <args>` on the tenant's policies (or `policiesDir`): `validate` gets the directory as its
 * argument, other commands `--policies` and the tenant's `--state-dir`. Asynchronous: the tenant answers from this process.
 */
export function runCli(t: ChaosTenant, args: readonly string[], app: "applier" | "planner" = "applier", policiesDir = t.policiesDir): Promise<CliResult> {
  const where = args[0] === "validate" ? [policiesDir] : ["--policies", policiesDir, "--state-dir", t.stateDir];
  return new Promise((resolve) => {
    const env = { ...process.env, ...t.env, AZURE_CLIENT_ID: t.handle.apps[app].clientId, AZURE_CLIENT_SECRET: t.handle.apps[app].clientSecret };
    const child = spawn(process.execPath, [BIN, ...args, ...where], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

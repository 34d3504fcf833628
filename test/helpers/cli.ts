/**
 * Runs `cync` in-process with stdout/stderr captured, a fresh policy directory and no credential
 * variables, for tests of what a command prints before it reaches Graph.
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, vi } from "vitest";

export const VALID_POLICY = `apiVersion: cync/v1
kind: ContactSyncPolicy
metadata:
  name: staff
spec:
  defaultRegion: US
`;

export interface CapturedCli {
  readonly out: string;
  readonly err: string;
  /** A fresh temporary directory per test, for policies and state. */
  readonly dir: string;
}

export function captureCli(): CapturedCli {
  const state = { out: "", err: "", dir: "" };
  const saved = { ...process.env };
  beforeEach(async () => {
    state.out = "";
    state.err = "";
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((state.out += String(chunk)), true));
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((state.err += String(chunk)), true));
    state.dir = await mkdtemp(path.join(tmpdir(), "cync-cli-"));
    for (const k of Object.keys(process.env)) if (k.startsWith("AZURE_") || k.startsWith("CYNC_") || k.startsWith("ACTIONS_ID_TOKEN")) Reflect.deleteProperty(process.env, k);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.env = { ...saved };
  });
  return state;
}

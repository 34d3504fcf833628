/** `cync apply` failures before any write: exit 1 with one line on stderr, no stack, no secret. */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main";

const validPolicy = `apiVersion: cync/v1
kind: ContactSyncPolicy
metadata:
  name: staff
spec:
  defaultRegion: US
`;

describe("cync apply errors", () => {
  let out: string;
  let err: string;
  let dir: string;
  const saved = { ...process.env };

  beforeEach(async () => {
    out = "";
    err = "";
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((out += String(chunk)), true));
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((err += String(chunk)), true));
    dir = await mkdtemp(path.join(tmpdir(), "cync-apply-"));
    await writeFile(path.join(dir, "staff.yaml"), validPolicy);
    for (const k of Object.keys(process.env)) if (k.startsWith("AZURE_") || k.startsWith("CYNC_") || k.startsWith("ACTIONS_ID_TOKEN")) Reflect.deleteProperty(process.env, k);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.env = { ...saved };
  });

  const apply = (...args: string[]) => main(["node", "cync", "apply", "--policies", dir, "--state-dir", path.join(dir, ".cync"), ...args]);

  it("exits 1 naming what is missing when no credential is configured", async () => {
    expect(await apply()).toBe(1);
    expect(out).toBe("");
    expect(err.trimEnd().split("\n")).toHaveLength(1);
    expect(err).toMatch(/^cync apply: No Azure credential is configured.*AZURE_CLIENT_SECRET/);
  });

  it("exits 1 without printing the secret when the credential is incomplete", async () => {
    process.env.AZURE_CLIENT_SECRET = "s3cret-value";
    expect(await apply()).toBe(1);
    expect(err).toMatch(/missing: AZURE_TENANT_ID, AZURE_CLIENT_ID/);
    expect(err).not.toContain("s3cret-value");
    expect(err).not.toMatch(/\n\s+at /);
  });

  it("exits 1 with the policy diagnostics when a policy is invalid", async () => {
    await writeFile(path.join(dir, "bad.yaml"), "apiVersion: cync/v2\n");
    expect(await apply()).toBe(1);
    expect(err).toMatch(/bad\.yaml/);
    expect(err).toMatch(/cync apply: the policies have errors/);
  });

  it.each([
    ["a file that is not JSON", "Plan: 1 to create", /cync apply: .*plan\.json is not JSON/],
    ["a markdown or text rendering saved as JSON", JSON.stringify("cync plan: 1 to create"), /not a cync plan of format version 1/],
  ])("exits 1 when --plan names %s", async (_name, text, message) => {
    const file = path.join(dir, "plan.json");
    await writeFile(file, text);
    expect(await apply("--plan", file)).toBe(1);
    expect(err).toMatch(message);
  });

  it("exits 1 when the saved plan does not exist", async () => {
    expect(await apply("--plan", path.join(dir, "missing.json"))).toBe(1);
    expect(err).toMatch(/^cync apply: .*missing\.json/);
  });

  it.each([["--format", "yaml"], ["--concurrency", "0"], ["--concurrency", "many"]])("rejects %s %s", async (flag, value) => {
    expect(await apply(flag, value)).toBe(1);
  });

  it("documents its options, guards and exit codes in --help", async () => {
    expect(await main(["node", "cync", "apply", "--help"])).toBe(0);
    for (const text of ["--plan <file>", "--allow-deletes", "--concurrency <n>", "--mailbox <id|upn>", "Safety guards", "3 refused by a safety guard"]) {
      expect(out).toContain(text);
    }
  });
});

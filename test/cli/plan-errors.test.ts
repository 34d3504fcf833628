/** `cync plan` failures before any Graph request: exit 1 with one line on stderr, no stack, no secret. */
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

describe("cync plan errors", () => {
  let out: string;
  let err: string;
  let dir: string;
  const saved = { ...process.env };

  beforeEach(async () => {
    out = "";
    err = "";
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((out += String(chunk)), true));
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((err += String(chunk)), true));
    dir = await mkdtemp(path.join(tmpdir(), "cync-plan-"));
    for (const k of Object.keys(process.env)) if (k.startsWith("AZURE_") || k.startsWith("CYNC_") || k.startsWith("ACTIONS_ID_TOKEN")) Reflect.deleteProperty(process.env, k);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.env = { ...saved };
  });

  it("exits 1 naming what is missing when no credential is configured", async () => {
    await writeFile(path.join(dir, "staff.yaml"), validPolicy);
    const code = await main(["node", "cync", "plan", "--policies", dir, "--state-dir", path.join(dir, ".cync")]);
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err.trimEnd().split("\n")).toHaveLength(1);
    expect(err).toMatch(/^cync plan: No Azure credential is configured.*AZURE_CLIENT_SECRET/);
  });

  it("exits 1 without printing the secret when the credential is incomplete", async () => {
    await writeFile(path.join(dir, "staff.yaml"), validPolicy);
    process.env.AZURE_CLIENT_SECRET = "s3cret-value";
    const code = await main(["node", "cync", "plan", "--policies", dir]);
    expect(code).toBe(1);
    expect(err).toMatch(/missing: AZURE_TENANT_ID, AZURE_CLIENT_ID/);
    expect(err).not.toContain("s3cret-value");
    expect(err).not.toMatch(/\n\s+at /);
  });

  it("shows policy warnings on stderr and goes on planning", async () => {
    await writeFile(path.join(dir, "staff.yaml"), validPolicy.replace("  defaultRegion: US\n", "  mode: sync\n"));
    const code = await main(["node", "cync", "plan", "--policies", dir, "--state-dir", path.join(dir, ".cync")]);
    expect(code).toBe(1);
    const [warning, error] = err.trimEnd().split("\n");
    expect(warning).toMatch(/staff\.yaml.*warning: .*defaultRegion/);
    expect(error).toMatch(/^cync plan: No Azure credential is configured/);
  });

  it("exits 1 with the policy diagnostics when a policy is invalid", async () => {
    await writeFile(path.join(dir, "bad.yaml"), "apiVersion: cync/v2\n");
    const code = await main(["node", "cync", "plan", "--policies", dir]);
    expect(code).toBe(1);
    expect(err).toMatch(/bad\.yaml/);
    expect(err).toMatch(/cync plan: the policies have errors/);
  });

  it.each([["--format", "yaml"], ["--concurrency", "0"]])("rejects %s %s", async (flag, value) => {
    const code = await main(["node", "cync", "plan", flag, value]);
    expect(code).toBe(1);
  });
});

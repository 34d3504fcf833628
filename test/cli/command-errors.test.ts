/**
 * `cync plan` and `cync apply` take the same options and fail the same way before any Graph
 * request: exit 1 with one line on stderr, no stack, no secret.
 */
import { writeFile } from "node:fs/promises";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { captureCli, VALID_POLICY } from "../helpers/cli";

describe.each(["plan", "apply"])("cync %s errors", (command) => {
  const cli = captureCli();
  const run = (...args: string[]) => main(["node", "cync", command, "--policies", cli.dir, "--state-dir", path.join(cli.dir, ".cync"), ...args]);

  it("exits 1 naming what is missing when no credential is configured", async () => {
    await writeFile(path.join(cli.dir, "staff.yaml"), VALID_POLICY);
    expect(await run()).toBe(1);
    expect(cli.out).toBe("");
    expect(cli.err.trimEnd().split("\n")).toHaveLength(1);
    expect(cli.err).toMatch(new RegExp(`^cync ${command}: No Azure credential is configured.*AZURE_CLIENT_SECRET`));
  });

  it("exits 1 without printing the secret when the credential is incomplete", async () => {
    await writeFile(path.join(cli.dir, "staff.yaml"), VALID_POLICY);
    process.env.AZURE_CLIENT_SECRET = "s3cret-value";
    expect(await run()).toBe(1);
    expect(cli.err).toMatch(/missing: AZURE_TENANT_ID, AZURE_CLIENT_ID/);
    expect(cli.err).not.toContain("s3cret-value");
    expect(cli.err).not.toMatch(/\n\s+at /);
  });

  it("exits 1 with the policy diagnostics when a policy is invalid", async () => {
    await writeFile(path.join(cli.dir, "bad.yaml"), "apiVersion: cync/v2\n");
    expect(await run()).toBe(1);
    expect(cli.err).toMatch(/bad\.yaml/);
    expect(cli.err).toMatch(new RegExp(`cync ${command}: the policies have errors`));
  });

  it.each([["--format", "yaml"], ["--concurrency", "0"], ["--concurrency", "many"]])("rejects %s %s", async (flag, value) => {
    expect(await run(flag, value)).toBe(1);
  });
});

/** `cync plan` specifics before any Graph request (the failures it shares with apply: command-errors.test.ts). */
import { writeFile } from "node:fs/promises";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { captureCli, VALID_POLICY } from "../helpers/cli";

describe("cync plan", () => {
  const cli = captureCli();

  it("shows policy warnings on stderr and goes on planning", async () => {
    await writeFile(path.join(cli.dir, "staff.yaml"), VALID_POLICY.replace("  defaultRegion: US\n", "  mode: sync\n"));
    const code = await main(["node", "cync", "plan", "--policies", cli.dir, "--state-dir", path.join(cli.dir, ".cync")]);
    expect(code).toBe(1);
    const [warning, error] = cli.err.trimEnd().split("\n");
    expect(warning).toMatch(/staff\.yaml.*warning: .*defaultRegion/);
    expect(error).toMatch(/^cync plan: No Azure credential is configured/);
  });
});

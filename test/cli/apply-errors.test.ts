/** `cync apply` specifics before any write (the failures it shares with plan: command-errors.test.ts). */
import { readFile, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { captureCli, VALID_POLICY } from "../helpers/cli";

describe("cync apply", () => {
  const cli = captureCli();
  const apply = async (...args: string[]) => {
    await writeFile(path.join(cli.dir, "staff.yaml"), VALID_POLICY);
    return main(["node", "cync", "apply", "--policies", cli.dir, "--state-dir", path.join(cli.dir, ".cync"), ...args]);
  };

  it.each([
    ["a file that is not JSON", "Plan: 1 to create", /cync apply: .*plan\.json is not JSON/],
    ["a markdown or text rendering saved as JSON", JSON.stringify("cync plan: 1 to create"), /plan\.json is not a cync plan \(no `apiVersion`/],
  ])("exits 1 when --plan names %s", async (_name, text, message) => {
    const file = path.join(cli.dir, "plan.json");
    await writeFile(file, text);
    expect(await apply("--plan", file)).toBe(1);
    expect(cli.err).toMatch(message);
  });

  it("exits 1 when the saved plan does not exist", async () => {
    expect(await apply("--plan", path.join(cli.dir, "missing.json"))).toBe(1);
    expect(cli.err).toMatch(/^cync apply: .*missing\.json/);
  });

  it("appends why it stopped to the --summary file, after what other steps wrote there", async () => {
    const summary = path.join(cli.dir, "step-summary.md");
    await writeFile(summary, "## validate\n\nok\n");
    expect(await apply("--plan", path.join(cli.dir, "missing.json"), "--summary", summary)).toBe(1);
    expect(await readFile(summary, "utf8")).toMatch(/^## validate\n\nok\n## cync apply\n\n> \[!CAUTION\]\n> \*\*cync apply failed:\*\* .*missing\.json/);
  });

  it("documents its options, guards and exit codes in --help", async () => {
    expect(await main(["node", "cync", "apply", "--help"])).toBe(0);
    for (const text of ["--plan <file>", "--allow-deletes", "--summary <file>", "--concurrency <n>", "--mailbox <id|upn>", "Safety guards", "3 refused by a safety guard"]) {
      expect(cli.out).toContain(text);
    }
  });
});

/**
 * `--shard i/N` on `cync plan` and `cync apply`: parsed 1-based, refused when malformed before any
 * Graph request, and giving the shard its own state directory and removal record unless named.
 */
import * as path from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { addPlanOptions, type PlanOptions } from "../../src/cli/commands/plan-options";
import { main } from "../../src/cli/main";
import { captureCli } from "../helpers/cli";

/** The options `cync <verb>` would run with for these arguments. */
async function parsed(verb: "plan" | "apply", args: readonly string[]): Promise<PlanOptions> {
  let options: PlanOptions | undefined;
  const command = addPlanOptions(new Command(verb).exitOverride(), verb).action((o: PlanOptions) => {
    options = o;
  });
  await command.parseAsync([...args], { from: "user" });
  return options!;
}

describe("--shard", () => {
  it.each([
    { args: [], shard: undefined, stateDir: ".cync", record: "cync-record.json" },
    { args: ["--shard", "1/1"], shard: undefined, stateDir: ".cync", record: "cync-record.json" },
    { args: ["--shard", "2/4"], shard: { index: 2, count: 4 }, stateDir: path.join(".cync", "shard-2-of-4"), record: "cync-record.shard-2-of-4.json" },
    { args: ["--shard", "2/4", "--state-dir", "s", "--record", "r.json"], shard: { index: 2, count: 4 }, stateDir: "s", record: "r.json" },
    { args: ["--state-dir", "s", "--shard", "3/3"], shard: { index: 3, count: 3 }, stateDir: "s", record: "cync-record.shard-3-of-3.json" },
  ])("$args → shard $shard, state $stateDir, record $record", async ({ args, shard, stateDir, record }) => {
    for (const verb of ["plan", "apply"] as const) {
      const options = await parsed(verb, args);
      expect(options.shard).toEqual(shard);
      expect(options.stateDir).toBe(stateDir);
      expect(options.record).toBe(record);
    }
  });

  it.each([
    { args: [], appShare: undefined },
    { args: ["--app-share", "0.25"], appShare: 0.25 },
    { args: ["--app-share", "1/3"], appShare: 1 / 3 },
    { args: ["--app-share", "1"], appShare: 1 },
  ])("--app-share: $args → $appShare", async ({ args, appShare }) => {
    expect((await parsed("apply", args)).appShare).toBe(appShare);
  });

  it.each(["0", "1.5", "2/1", "-0.5", "a", "1/0"])("--app-share %s is refused", async (value) => {
    await expect(parsed("plan", ["--app-share", value])).rejects.toThrow(/--app-share must be a fraction above 0 and at most 1, e\.g\. 0\.25 or 1\/4/);
  });

  describe("malformed", () => {
    const cli = captureCli();
    it.each(["plan", "apply"].flatMap((verb) => ["0/4", "5/4", "a/b", "1/0", "2"].map((value) => ({ verb, value }))))(
      "cync $verb --shard $value: exit 1 with the expected form, before any request",
      async ({ verb, value }) => {
        const code = await main(["node", "cync", verb, "--policies", cli.dir, "--shard", value]);
        expect(code).toBe(1);
        expect(cli.err).toContain(`option '--shard <i/N>' argument '${value}' is invalid. --shard must be <index>/<count> with 1 ≤ index ≤ count ≤ 1024, e.g. 2/4`);
        expect(cli.err).not.toMatch(/credential/i);
      },
    );
  });
});

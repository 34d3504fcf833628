/**
 * The stack files in stacks/ (Pulumi.yaml's `stackConfigDir`) set only keys the Pulumi program
 * reads, and Pulumi.example.yaml documents every one of them: a misspelt key would otherwise be
 * ignored in silence, and a key nothing reads would be a setting that lies.
 */
import { readFile } from "node:fs/promises";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = path.resolve(__dirname, "../..");
const STACKS = path.join(ROOT, "stacks");

/**
 * The `cync:` keys the program reads (README "Pulumi"). To be replaced by the Pulumi program's own
 * exported list, so that the two cannot drift.
 */
const PROGRAM_CONFIG_KEYS = ["policies", "stateDir", "concurrency", "buckets", "allowDeletes", "shard"] as const;

/** A stack file's `config:` keys, split into namespace and name (`cync:policies` → cync, policies). */
async function configKeys(file: string): Promise<{ namespace: string; name: string }[]> {
  const doc = parse(await readFile(path.join(STACKS, file), "utf8")) as { config?: Record<string, unknown> };
  return Object.keys(doc.config ?? {}).map((key) => {
    const [namespace = "", name = ""] = key.split(":");
    return { namespace, name };
  });
}

describe("stack files", () => {
  it("Pulumi.yaml keeps its stack files in stacks/", async () => {
    expect(parse(await readFile(path.join(ROOT, "Pulumi.yaml"), "utf8"))).toMatchObject({ name: "cync", stackConfigDir: "stacks" });
  });

  it.each(["Pulumi.example.yaml", "Pulumi.demo.yaml"])("%s sets only cync: keys the program reads", async (file) => {
    const keys = await configKeys(file);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key.namespace, `${key.namespace}:${key.name}`).toBe("cync");
      expect(PROGRAM_CONFIG_KEYS, `cync:${key.name}`).toContain(key.name);
    }
  });

  it.each(PROGRAM_CONFIG_KEYS)("Pulumi.example.yaml documents cync:%s, with a comment above it", async (name) => {
    const lines = (await readFile(path.join(STACKS, "Pulumi.example.yaml"), "utf8")).split("\n");
    // Set, or shown commented out when it has no default worth writing down.
    const at = lines.findIndex((line) => new RegExp(`^\\s*(# )?cync:${name}:`).test(line));
    expect(at, `cync:${name}`).toBeGreaterThan(0);
    expect(lines[at - 1]).toMatch(/^\s*#/);
  });

  it("the demo stack runs against the embedded tenant of `npm run demo`, with several buckets per policy", async () => {
    const doc = parse(await readFile(path.join(STACKS, "Pulumi.demo.yaml"), "utf8")) as { config: Record<string, unknown> };
    // The demo's tenant (cync demo --dir .cync/demo) has 40 user mailboxes.
    expect(doc.config).toMatchObject({ "cync:stateDir": ".cync/demo/state", "cync:buckets": 4 });
  });
});

/** The schema keeps its own rules, its derived files are current, and the shipped policies are valid. */
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { loadPolicies } from "../../src/policy";
import { walk } from "../helpers/json-schema";

const root = path.join(__dirname, "../..");
const schema = JSON.parse(readFileSync(path.join(root, "schema/policy.schema.json"), "utf8"));

const objects = [...walk(schema, "#")].filter(([, n]) => n.type === "object");

describe("schema/policy.schema.json", () => {
  it.each(objects.map(([pointer, node]) => ({ pointer, node })))("$pointer is closed, described and exemplified", ({ node }) => {
    expect(node.additionalProperties).toBe(false);
    expect(typeof node.description).toBe("string");
    expect(Array.isArray(node.examples) && node.examples.length > 0).toBe(true);
  });

  const ajv = new Ajv({ strict: true, allowUnionTypes: true });
  addFormats(ajv, ["uuid"]);
  ajv.addSchema(schema, "policy");
  const exemplified = [...walk(schema, "#")].filter(([, n]) => Array.isArray(n.examples) && n.$ref === undefined);
  it.each(exemplified.map(([pointer, node]) => ({ pointer, examples: node.examples as unknown[] })))("$pointer's examples are valid", ({ pointer, examples }) => {
    const validate = ajv.getSchema(`policy${pointer}`)!;
    for (const example of examples) expect(validate(example), JSON.stringify({ example, errors: validate.errors })).toBe(true);
  });
});

describe("generated files", () => {
  it("src/generated/*.ts and the README's policy reference are current (npm run generate)", async () => {
    const run = promisify(execFile)(process.execPath, [path.join(root, "scripts/generate.mjs"), "--check"], { cwd: root });
    await expect(run).resolves.toMatchObject({ stderr: "" });
  });
});

describe("policies/", () => {
  const files = readdirSync(path.join(root, "policies")).filter((f) => f.endsWith(".yaml"));

  it("holds at least two examples, all valid without warnings", async () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
    const result = await loadPolicies([path.join(root, "policies")]);
    expect(result.diagnostics).toEqual([]);
    expect(result.policies).toHaveLength(files.length);
  });

  it.each(files)("%s starts with the yaml-language-server schema line", (file) => {
    const first = readFileSync(path.join(root, "policies", file), "utf8").split("\n")[0];
    expect(first).toBe("# yaml-language-server: $schema=../schema/policy.schema.json");
  });
});

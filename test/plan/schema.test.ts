/**
 * schema/plan.schema.json — the saved plan's public format — keeps the rules of the policy schema
 * (every object closed or an explicit map, described and exemplified; examples valid), and what
 * `cync plan --format json` writes is valid against it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { CONTACT_FIELDS } from "../../src/model/contact";
import { DELETE_DETAIL_TEXT, DELETE_REASON_TEXT, NON_TARGET_REASON_TEXT, SKIP_REASON_TEXT, WARNING_TEXT } from "../../src/plan/reasons";
import { PLAN_SCHEMA_PATH } from "../../src/plan/schema";
import { renderJson } from "../../src/render";
import { walk } from "../helpers/json-schema";
import { smallPlan } from "../render/fixtures";

interface SchemaFile {
  readonly properties: Record<string, unknown>;
  readonly definitions: Record<string, { readonly enum?: string[]; readonly properties?: Record<string, unknown> }>;
}
const schema = JSON.parse(readFileSync(PLAN_SCHEMA_PATH, "utf8")) as SchemaFile;
const defs = schema.definitions;

describe("schema/plan.schema.json", () => {
  it("sits in schema/ beside the policy schema, with an $id and the plan's apiVersion and kind", () => {
    expect(path.relative(path.join(__dirname, "../.."), PLAN_SCHEMA_PATH)).toBe(path.join("schema", "plan.schema.json"));
    expect(schema).toMatchObject({ $schema: "http://json-schema.org/draft-07/schema#", $id: expect.any(String) });
    expect(schema.properties).toMatchObject({ apiVersion: { const: "cync/v1" }, kind: { const: "ContactSyncPlan" } });
  });

  const objects = [...walk(schema, "#")].filter(([, n]) => n["type"] === "object");
  it.each(objects.map(([pointer, node]) => ({ pointer, node })))("$pointer is closed (or a map), described and exemplified", ({ node }) => {
    const map = typeof node["additionalProperties"] === "object" && node["propertyNames"] !== undefined && node["properties"] === undefined;
    expect(map || node["additionalProperties"] === false).toBe(true);
    expect(typeof node["description"]).toBe("string");
    expect(Array.isArray(node["examples"]) && (node["examples"] as unknown[]).length > 0).toBe(true);
  });

  const ajv = new Ajv({ strict: true });
  ajv.addSchema(schema as object, "plan");
  const exemplified = [...walk(schema, "#")].filter(([, n]) => Array.isArray(n["examples"]) && n["$ref"] === undefined);
  it.each(exemplified.map(([pointer, node]) => ({ pointer, examples: node["examples"] as unknown[] })))("$pointer's examples are valid", ({ pointer, examples }) => {
    const validate = ajv.getSchema(`plan${pointer}`)!;
    for (const example of examples) expect(validate(example), JSON.stringify({ example, errors: validate.errors })).toBe(true);
  });

  it.each<[string, unknown, readonly string[]]>([
    ["DeleteReason", defs["DeleteReason"]?.enum, Object.keys(DELETE_REASON_TEXT)],
    ["DeleteDetail", defs["DeleteDetail"]?.enum, Object.keys(DELETE_DETAIL_TEXT)],
    ["SkipReason", defs["SkipReason"]?.enum, Object.keys(SKIP_REASON_TEXT)],
    ["NonTargetReason", defs["NonTargetReason"]?.enum, Object.keys(NON_TARGET_REASON_TEXT)],
    ["WarningCode", defs["WarningCode"]?.enum, Object.keys(WARNING_TEXT)],
    ["ContactFieldName", defs["ContactFieldName"]?.enum, CONTACT_FIELDS],
    ["ContactFields", Object.keys(defs["ContactFields"]?.properties ?? {}), CONTACT_FIELDS],
  ])("%s lists exactly the codes cync has words for (kebab-case) or the fields it writes", (_name, inSchema, inCode) => {
    expect([...(inSchema as string[])].sort()).toEqual([...inCode].sort());
    if (_name !== "ContactFieldName" && _name !== "ContactFields") for (const code of inCode) expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it("validates the JSON that `cync plan --format json` writes", () => {
    const validate = ajv.getSchema("plan")!;
    const value = JSON.parse(renderJson(smallPlan())) as unknown;
    expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
  });
});

/**
 * The policy JSON Schema (schema/policy.schema.json, the single source of truth) compiled once by
 * ajv with all errors, formats and the failing schema attached to each error (`verbose`), which
 * ./schema-errors needs to explain the error in plain words.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { ContactSyncPolicy } from "../generated/policy";

/** A JSON Schema node, as far as this code reads it. */
export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  description?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  enum?: unknown[];
  const?: unknown;
  title?: string;
  default?: unknown;
  examples?: unknown[];
  [keyword: string]: unknown;
}

/** Works from src/policy (tests) and dist/policy (the CLI): the schema sits at the repository root. */
const SCHEMA_PATH = path.resolve(__dirname, "../../schema/policy.schema.json");

let compiled: { schema: SchemaNode; validate: ValidateFunction<ContactSyncPolicy> } | undefined;

export function policySchema(): { schema: SchemaNode; validate: ValidateFunction<ContactSyncPolicy> } {
  if (compiled === undefined) {
    const schema = JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as SchemaNode;
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
    addFormats(ajv, ["uuid"]);
    compiled = { schema, validate: ajv.compile<ContactSyncPolicy>(schema) };
  }
  return compiled;
}

/** Follows a local `$ref` (`#/definitions/X`) to its definition. */
export function deref(root: SchemaNode, node: SchemaNode): SchemaNode {
  let current = node;
  for (let hops = 0; current.$ref !== undefined && hops < 16; hops++) {
    const target = current.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce<unknown>((n, key) => (n as Record<string, unknown> | undefined)?.[key], root);
    if (target === undefined) throw new Error(`unresolvable $ref ${current.$ref}`);
    current = target as SchemaNode;
  }
  return current;
}

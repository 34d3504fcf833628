#!/usr/bin/env node
/**
 * Regenerates every file derived from a single source of truth:
 *   schema/policy.schema.json            → src/generated/policy.ts (json-schema-to-typescript)
 *   schema/plan.schema.json              → src/generated/plan.ts (json-schema-to-typescript)
 *   @microsoft/microsoft-graph-types User → src/generated/user-attributes.ts (names cync may read)
 *                                          and packages/simulator/src/generated/user-attributes.ts
 *                                          (the embedded tenant's users; it imports nothing of cync)
 *   schema/policy.schema.json            → README.md, between the policy-reference markers
 * `--check` writes nothing and exits 1 naming each stale file, so `npm test` fails when someone edits
 * the schema (or upgrades the Graph types) without running `npm run generate`.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { compile } from "json-schema-to-typescript";
import { renderPolicyReference, REFERENCE_START, REFERENCE_END } from "./policy-reference.mjs";

const require = createRequire(import.meta.url);
const ts = require("typescript");
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const check = process.argv.includes("--check");

const schemaPath = path.join(root, "schema/policy.schema.json");
const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));

/**
 * json-schema-to-typescript turns `{$ref, description}` into a fresh copy of the referenced type
 * (Condition1, GroupRef1…). The description beside a $ref only documents the property (the README
 * uses it), so drop it from the copy handed to the compiler to keep one named type per definition.
 */
function stripRefSiblings(node) {
  if (Array.isArray(node)) return node.map(stripRefSiblings);
  if (node === null || typeof node !== "object") return node;
  if (typeof node.$ref === "string") return { $ref: node.$ref };
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, stripRefSiblings(v)]));
}

/** TypeScript types for one schema file under schema/. */
async function schemaTypes(file, source, name) {
  const body = await compile(stripRefSiblings(source), name, {
    bannerComment: `/* eslint-disable */\n/**\n * Generated from schema/${file} by scripts/generate.mjs (\`npm run generate\`).\n * Do not edit by hand: edit the schema and regenerate.\n */`,
    additionalProperties: false,
    unreachableDefinitions: true,
    // Plain arrays instead of tuple unions for minItems/maxItems: the schema enforces the bounds.
    maxItems: -1,
    cwd: path.join(root, "schema"),
  });
  return body;
}

/**
 * Properties of Graph's user that a `/users` collection or delta query cannot return: they live
 * outside the directory ("Returned only on $select" for a single user; `$select=skills` on /users
 * fails with 501 NotImplemented — docs/graph-behaviour.md#properties-outside-the-directory), or
 * they are relationships.
 */
const NOT_IN_COLLECTION = new Set([
  "aboutMe", "birthday", "hireDate", "interests", "mailboxSettings", "mySite", "pastProjects",
  "preferredName", "responsibilities", "schools", "skills", "print", "signInActivity",
]);

/** Reads the User interface (with inherited members) from the installed Graph typings. */
function userAttributes() {
  const dts = require.resolve("@microsoft/microsoft-graph-types/microsoft-graph.d.ts");
  const version = require("@microsoft/microsoft-graph-types/package.json").version;
  const source = ts.createSourceFile(dts, fs.readFileSync(dts, "utf8"), ts.ScriptTarget.Latest, false);
  const interfaces = new Map();
  const aliases = new Set();
  for (const stmt of source.statements) {
    if (ts.isInterfaceDeclaration(stmt)) interfaces.set(stmt.name.text, stmt);
    else if (ts.isTypeAliasDeclaration(stmt)) aliases.add(stmt.name.text);
  }
  const bases = (decl) =>
    (decl.heritageClauses ?? []).flatMap((h) => h.types.map((t) => t.expression.getText(source)));
  const isEntity = (name) => {
    if (name === "Entity") return true;
    const decl = interfaces.get(name);
    return decl !== undefined && bases(decl).some(isEntity);
  };
  const members = (name) => {
    const decl = interfaces.get(name);
    if (decl === undefined) throw new Error(`interface ${name} not found in ${dts}`);
    const own = decl.members.filter(ts.isPropertySignature).map((m) => [m.name.getText(source), m.type]);
    return [...bases(decl).flatMap(members), ...own];
  };
  const unwrap = (node) =>
    ts.isTypeReferenceNode(node) && node.typeName.getText(source) === "NullableOption" ? node.typeArguments[0] : node;
  /** Kind of a property type, or undefined for relationships (entities) that $select cannot read. */
  const kindOf = (node) => {
    const t = unwrap(node);
    if (t.kind === ts.SyntaxKind.StringKeyword) return "string";
    if (t.kind === ts.SyntaxKind.BooleanKeyword) return "boolean";
    if (t.kind === ts.SyntaxKind.NumberKeyword) return "number";
    if (ts.isArrayTypeNode(t)) {
      const inner = kindOf(t.elementType);
      if (inner === "string") return "strings";
      if (inner === "object") return "objects";
      return inner === undefined ? undefined : "strings";
    }
    if (ts.isTypeReferenceNode(t)) {
      const name = t.typeName.getText(source);
      if (aliases.has(name)) return "string";
      if (interfaces.has(name)) return isEntity(name) ? undefined : "object";
    }
    throw new Error(`unhandled type ${t.getText(source)}`);
  };
  const result = new Map();
  for (const [name, type] of members("User")) {
    if (NOT_IN_COLLECTION.has(name)) continue;
    const kind = kindOf(type);
    if (kind === undefined) continue;
    result.set(name, kind);
    const t = unwrap(type);
    if (kind === "object" && ts.isTypeReferenceNode(t)) {
      // One level of dotted names for objects, e.g. onPremisesExtensionAttributes.extensionAttribute1.
      for (const [sub, subType] of members(t.typeName.getText(source))) {
        const subKind = kindOf(subType);
        if (subKind !== undefined && subKind !== "object" && subKind !== "objects") result.set(`${name}.${sub}`, subKind);
      }
    }
  }
  const entries = [...result].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [
    "/**",
    ` * Generated from @microsoft/microsoft-graph-types ${version} (interface User) by scripts/generate.mjs.`,
    " * Do not edit by hand. Relationships and properties a /users query cannot return are left out.",
    " */",
    "",
    "/** What a user attribute holds: text, a flag, a number, a list of texts, an object, a list of objects. */",
    'export type UserAttributeKind = "string" | "boolean" | "number" | "strings" | "object" | "objects";',
    "",
    "/** Every user attribute a policy may name, with its kind. */",
    "export const USER_ATTRIBUTES: ReadonlyMap<string, UserAttributeKind> = new Map<string, UserAttributeKind>([",
    ...entries.map(([n, k]) => `  [${JSON.stringify(n)}, ${JSON.stringify(k)}],`),
    "]);",
    "",
  ].join("\n");
}

function readme(current) {
  const start = current.indexOf(REFERENCE_START);
  const end = current.indexOf(REFERENCE_END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${REFERENCE_START} … ${REFERENCE_END} markers`);
  return current.slice(0, start + REFERENCE_START.length) + "\n" + renderPolicyReference(schema) + current.slice(end);
}

const planSchema = JSON.parse(fs.readFileSync(path.join(root, "schema/plan.schema.json"), "utf8"));

const attributes = userAttributes();
const outputs = [
  ["src/generated/policy.ts", await schemaTypes("policy.schema.json", schema, "ContactSyncPolicy")],
  ["src/generated/plan.ts", await schemaTypes("plan.schema.json", planSchema, "ContactSyncPlan")],
  ["src/generated/user-attributes.ts", attributes],
  ["packages/simulator/src/generated/user-attributes.ts", attributes],
];
const readmePath = path.join(root, "README.md");
if (fs.existsSync(readmePath)) outputs.push(["README.md", readme(fs.readFileSync(readmePath, "utf8"))]);

let stale = 0;
for (const [rel, content] of outputs) {
  const file = path.join(root, rel);
  const old = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
  if (old === content) continue;
  if (check) {
    console.error(`${rel} is out of date with its source; run \`npm run generate\` and commit the result.`);
    stale++;
  } else {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    console.log(`wrote ${rel}`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;

/**
 * Turns ajv's errors into one plain sentence per problem, for directory administrators rather than
 * schema authors. The hard part is `oneOf`/`anyOf` (a condition, an expression, a group…): ajv
 * reports every alternative's complaints; this module works out which alternative the author meant
 * — by the value's type, then by which required keys are present — and keeps only that one's.
 */
import type { ErrorObject } from "ajv";
import { formatPath, quote } from "./diagnostic";
import type { PathSegment } from "./locate";
import { deref, type SchemaNode } from "./schema";
import { didYouMean } from "./suggest";

export interface SchemaProblem {
  /** Where the problem is; `pointAt` may name a child (the unknown key) for the source position. */
  path: PathSegment[];
  pointAt: PathSegment[];
  message: string;
}

interface Located {
  error: ErrorObject;
  path: PathSegment[];
}

export function explainSchemaErrors(root: SchemaNode, data: unknown, errors: readonly ErrorObject[]): SchemaProblem[] {
  const located = errors.map((error) => ({ error, path: parsePointer(data, error.instancePath) }));
  const dropped = new Set<ErrorObject>();
  const problems: SchemaProblem[] = [];
  // Outer alternatives first: shallower paths, and at one path the later error (ajv reports a
  // oneOf/anyOf after the errors of its branches, so the enclosing one comes last).
  const alternatives = located
    .map((l, index) => ({ ...l, index }))
    .filter((l) => l.error.keyword === "oneOf" || l.error.keyword === "anyOf")
    .sort((a, b) => a.path.length - b.path.length || b.index - a.index);
  for (const alt of alternatives) {
    if (dropped.has(alt.error)) continue;
    dropped.add(alt.error);
    const value = valueAt(data, alt.path);
    const branches = (alt.error.schema as SchemaNode[]).map((b) => deref(root, b));
    const choice = chooseBranch(root, branches, value);
    const within = located.filter((l) => isUnder(l.path, alt.path) && !dropped.has(l.error));
    if ("branch" in choice) {
      const level = sameLevel(root, choice.branch);
      for (const l of within) if (!belongsTo(root, level, l, alt.path)) dropped.add(l.error);
    } else {
      for (const l of within) dropped.add(l.error);
      problems.push({ path: alt.path, pointAt: alt.path, message: choice.message });
    }
  }
  for (const l of located) {
    if (dropped.has(l.error)) continue;
    problems.push(explain(root, l, data));
  }
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${formatPath(p.pointAt)}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

type Choice = { branch: SchemaNode } | { message: string };

function chooseBranch(root: SchemaNode, branches: SchemaNode[], value: unknown): Choice {
  const kind = jsonType(value);
  const fitting = branches.filter((b) => acceptsType(root, b, kind));
  if (fitting.length === 0) {
    const wanted = unique(branches.flatMap((b) => typeWords(root, b)));
    return { message: `must be ${orList(wanted)}, not ${describe(value)}` };
  }
  if (kind !== "object" || fitting.length === 1) return { branch: fitting[0]! };
  // Several object forms (e.g. conditions): the required keys that are present say which one.
  const forms = fitting.flatMap((b) => objectForms(root, b));
  const keys = Object.keys(value as object);
  const full = forms.filter((f) => f.required.every((k) => keys.includes(k)));
  if (full.length === 1) return { branch: full[0]!.schema };
  if (full.length > 1) {
    const distinct = unique(full.flatMap((f) => f.required)).filter((k) => !full.every((f) => f.required.includes(k)));
    return { message: `combines ${andList(distinct.map(code))}, which cannot be used together; use one of them` };
  }
  const known = unique(forms.flatMap((f) => Object.keys(f.schema.properties ?? {})));
  const unknown = keys.filter((k) => !known.includes(k));
  const unknownText = unknown.map((k) => `has an unknown field ${code(k)}${didYouMean(k, known)}`);
  const scored = forms.map((f) => ({ f, present: f.required.filter((k) => keys.includes(k)).length }));
  const best = Math.max(...scored.map((s) => s.present));
  if (best > 0) {
    const partial = scored.filter((s) => s.present === best).map((s) => s.f);
    const missing = unique(partial.flatMap((f) => f.required.filter((k) => !keys.includes(k))));
    const present = partial[0]!.required.filter((k) => keys.includes(k));
    return { message: [...unknownText, `needs ${orList(missing.map(code))} beside ${andList(present.map(code))}`].join("; ") };
  }
  const alternatives = forms.map((f) => f.required.map(code).join(" with "));
  return { message: [...unknownText, `must have one of: ${alternatives.join(", ")}`].join("; ") };
}

interface ObjectForm {
  schema: SchemaNode;
  required: string[];
}

function objectForms(root: SchemaNode, node: SchemaNode): ObjectForm[] {
  const n = deref(root, node);
  const nested = n.oneOf ?? n.anyOf;
  if (nested !== undefined) return nested.flatMap((b) => objectForms(root, b));
  return n.type === "object" ? [{ schema: n, required: n.required ?? [] }] : [];
}

/** The schemas that constrain the same value as `branch` (itself, its alternatives, through $refs). */
function sameLevel(root: SchemaNode, branch: SchemaNode): Set<SchemaNode> {
  const out = new Set<SchemaNode>();
  const add = (node: SchemaNode): void => {
    const n = deref(root, node);
    if (out.has(n)) return;
    out.add(n);
    out.add(node);
    for (const b of [...(n.oneOf ?? []), ...(n.anyOf ?? [])]) add(b);
  };
  add(branch);
  return out;
}

function belongsTo(root: SchemaNode, level: Set<SchemaNode>, l: Located, at: PathSegment[]): boolean {
  if (l.path.length === at.length) return level.has(l.error.parentSchema as SchemaNode);
  const next = l.path[at.length]!;
  for (const s of level) {
    const n = deref(root, s);
    if (typeof next === "string" && n.properties?.[next] !== undefined) return true;
    if (typeof next === "number" && n.items !== undefined) return true;
  }
  return false;
}

function explain(root: SchemaNode, { error, path }: Located, data: unknown): SchemaProblem {
  const value = valueAt(data, path);
  const params = error.params as Record<string, unknown>;
  const schema = error.parentSchema as SchemaNode | undefined;
  const at = (message: string, pointAt = path): SchemaProblem => ({ path, pointAt, message });
  switch (error.keyword) {
    case "required": {
      const field = String(params.missingProperty);
      return at(`misses the required field ${code(field)}`);
    }
    case "additionalProperties": {
      const field = String(params.additionalProperty);
      const known = Object.keys(schema?.properties ?? {});
      const hint = field === "<<" ? " (YAML merge keys are not supported)" : didYouMean(field, known);
      return { path: [...path, field], pointAt: [...path, field], message: `is not a known field${hint}; known fields here: ${known.join(", ")}` };
    }
    case "type": {
      if (path.length === 0) {
        return at(`must be a mapping with apiVersion, kind, metadata and spec, not ${describe(value)}`);
      }
      return at(`must be ${orList(typeWords(root, schema ?? {}))}, not ${describe(value)}`);
    }
    case "const":
      return at(`must be ${describe(params.allowedValue)}, not ${describe(value)}`);
    case "enum":
      return at(`must be one of ${orList((params.allowedValues as unknown[]).map((v) => String(v)))}, not ${describe(value)}`);
    case "pattern":
      return at(`${describe(value)} is not allowed here. ${firstSentence(schema?.description)}`);
    case "format":
      return at(`must be an object id (a GUID such as 0b7c5a2e-3f4d-4e1a-9c8b-7d6e5f4a3b2c), not ${describe(value)}`);
    case "minItems":
      return at(params.limit === 1 ? "must not be an empty list" : `must list at least ${String(params.limit)} items`);
    case "maxItems":
      return at(`may list at most ${String(params.limit)} items`);
    case "uniqueItems": {
      const list = value as unknown[];
      return at(`lists ${describe(list[Number(params.j)])} more than once`);
    }
    case "minLength":
      return at(params.limit === 1 ? "must not be empty" : `must be at least ${String(params.limit)} characters long`);
    case "maxLength":
      return at(`is longer than the ${String(params.limit)} characters allowed`);
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return at(`must be ${String(params.comparison).replace(">=", "at least").replace("<=", "at most").replace(">", "more than").replace("<", "less than")} ${String(params.limit)}, not ${describe(value)}`);
    default:
      return at(error.message ?? "is not valid");
  }
}

function parsePointer(data: unknown, pointer: string): PathSegment[] {
  if (pointer === "") return [];
  const path: PathSegment[] = [];
  let node = data;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    const segment: PathSegment = Array.isArray(node) ? Number(key) : key;
    path.push(segment);
    node = (node as Record<string | number, unknown> | undefined)?.[segment];
  }
  return path;
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  return path.reduce<unknown>((n, s) => (n as Record<string | number, unknown> | null | undefined)?.[s], data);
}

function isUnder(path: readonly PathSegment[], prefix: readonly PathSegment[]): boolean {
  return path.length >= prefix.length && prefix.every((s, i) => path[i] === s);
}

type JsonType = "null" | "boolean" | "number" | "string" | "array" | "object";

function jsonType(value: unknown): JsonType {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value as JsonType;
}

function acceptsType(root: SchemaNode, node: SchemaNode, kind: JsonType): boolean {
  const n = deref(root, node);
  const nested = n.oneOf ?? n.anyOf;
  if (nested !== undefined) return nested.some((b) => acceptsType(root, b, kind));
  if (n.const !== undefined) return jsonType(n.const) === kind;
  const types = n.type === undefined ? [] : Array.isArray(n.type) ? n.type : [n.type];
  return types.some((t) => t === kind || (t === "integer" && kind === "number"));
}

const TYPE_WORDS: Record<string, string> = {
  string: "text",
  number: "a number",
  integer: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping of fields",
  null: "empty",
};

function typeWords(root: SchemaNode, node: SchemaNode): string[] {
  const n = deref(root, node);
  const nested = n.oneOf ?? n.anyOf;
  if (nested !== undefined) return unique(nested.flatMap((b) => typeWords(root, b)));
  if (n.const !== undefined) return [describe(n.const)];
  const types = n.type === undefined ? [] : Array.isArray(n.type) ? n.type : [n.type];
  return types.map((t) => TYPE_WORDS[t] ?? t);
}

/** A value as a reader would name it. */
function describe(value: unknown): string {
  switch (jsonType(value)) {
    case "null":
      return "empty";
    case "array":
      return "a list";
    case "object":
      return "a mapping";
    case "string":
      return quote(value);
    default:
      return String(value);
  }
}

function firstSentence(text: string | undefined): string {
  if (text === undefined) return "";
  const end = text.search(/\.(\s|$)/);
  return end < 0 ? text : text.slice(0, end + 1);
}

function code(name: string): string {
  return `"${name}"`;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

function andList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/**
 * Checks on one schema-valid policy that the schema cannot express: attribute names against
 * Graph's user type (and whether the attribute's kind suits the comparison), regular expressions,
 * templates, country codes, user references, Exchange's list limits, reserved folder names.
 */
import { isSupportedCountry } from "libphonenumber-js";
import type { Condition, ContactSyncPolicy, Expression, Transform } from "../generated/policy";
import { USER_ATTRIBUTES, type UserAttributeKind } from "../generated/user-attributes";
import { quote } from "./diagnostic";
import { folderNameProblem } from "./folder-name";
import type { PathSegment } from "./locate";
import { regexProblem } from "./regex";
import { mappingExpressions } from "./resolve";
import { parseTemplate, TemplateSyntaxError } from "./template";
import { didYouMean } from "./suggest";
import { LIST_CONTACT_FIELDS, SCALAR_CONTACT_FIELDS, ADDRESS_PARTS, type ResolvedPolicy } from "./types";

export interface SemanticProblem {
  path: PathSegment[];
  message: string;
  severity: "error" | "warning";
}

/** Exchange Online keeps at most this many entries (400 beyond it: docs/graph-behaviour.md#multi-value-limits). */
const CONTACT_LIST_LIMITS: Partial<Record<(typeof LIST_CONTACT_FIELDS)[number], number>> = {
  emailAddresses: 3,
  businessPhones: 2,
  homePhones: 2,
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TEXT_KINDS: readonly UserAttributeKind[] = ["string", "strings"];
const KIND_WORDS: Record<UserAttributeKind, string> = {
  string: "text",
  boolean: "true or false",
  number: "a number",
  strings: "a list of texts",
  object: "an object",
  objects: "a list of objects",
};

export function checkPolicy(policy: ContactSyncPolicy, resolved: ResolvedPolicy): SemanticProblem[] {
  const problems: SemanticProblem[] = [];
  const report = (path: PathSegment[], message: string, severity: "error" | "warning" = "error"): void => {
    problems.push({ path, message, severity });
  };
  const { spec } = policy;
  if (spec.source?.where !== undefined) checkCondition(spec.source.where, ["spec", "source", "where"], report);
  if (spec.targets?.where !== undefined) checkCondition(spec.targets.where, ["spec", "targets", "where"], report);
  for (const side of ["source", "targets"] as const) {
    (spec[side]?.exclude?.users ?? []).forEach((user, i) => {
      if (!user.includes("@") && !GUID.test(user)) {
        report(["spec", side, "exclude", "users", i], `${quote(user)} is neither a user principal name, a mail address nor an object id`);
      }
    });
  }
  if (spec.defaultRegion !== undefined && !isSupportedCountry(spec.defaultRegion)) {
    report(["spec", "defaultRegion"], `${quote(spec.defaultRegion)} is not a country code with a known phone numbering plan`);
  }
  const mapping = spec.mapping ?? {};
  for (const field of SCALAR_CONTACT_FIELDS) {
    const e = mapping[field];
    if (e != null) checkExpression(e, ["spec", "mapping", field], report);
  }
  for (const field of LIST_CONTACT_FIELDS) {
    const list = mapping[field];
    if (list == null) continue;
    list.forEach((e, i) => checkExpression(e, ["spec", "mapping", field, i], report));
    const limit = CONTACT_LIST_LIMITS[field];
    if (limit !== undefined && list.length > limit) {
      report(["spec", "mapping", field], `lists ${list.length} values but Exchange keeps at most ${limit}; the rest are dropped`, "warning");
    }
  }
  const address = mapping.businessAddress;
  if (address != null) {
    for (const part of ADDRESS_PARTS) {
      const e = address[part];
      if (e != null) checkExpression(e, ["spec", "mapping", "businessAddress", part], report);
    }
  }
  const folder = spec.folder;
  if (folder !== undefined && "name" in folder) {
    const problem = folderNameProblem(folder.name);
    if (problem !== undefined) report(["spec", "folder", "name"], `${quote(folder.name)} ${problem}`);
  }
  if (resolved.defaultRegion === null && usesRegionlessPhone(resolved)) {
    report(
      ["spec"],
      "formats phone numbers without a `defaultRegion`: numbers written without a country code stay as they are, and phones will not show caller ID for them; set spec.defaultRegion (e.g. US)",
      "warning",
    );
  }
  return problems;
}

type Report = (path: PathSegment[], message: string, severity?: "error" | "warning") => void;

function checkCondition(condition: Condition, path: PathSegment[], report: Report): void {
  if ("all" in condition) condition.all.forEach((c, i) => checkCondition(c, [...path, "all", i], report));
  else if ("any" in condition) condition.any.forEach((c, i) => checkCondition(c, [...path, "any", i], report));
  else if ("not" in condition) checkCondition(condition.not, [...path, "not"], report);
  else if ("attribute" in condition) {
    const kind = checkAttribute(condition.attribute, [...path, "attribute"], report);
    if (kind === undefined) return;
    const operator = Object.keys(condition).find((k) => k !== "attribute" && k !== "ignoreCase")!;
    if ("matches" in condition) {
      const problem = regexProblem(condition.matches);
      if (problem !== undefined) report([...path, "matches"], problem);
    }
    const textOnly = operator === "in" || operator === "startsWith" || operator === "endsWith" || operator === "matches";
    const comparesObject = operator === "equals" && (kind === "object" || kind === "objects");
    if ((textOnly && !TEXT_KINDS.includes(kind)) || comparesObject) {
      report([...path, operator], `cannot be used on ${quote(condition.attribute)}, which holds ${KIND_WORDS[kind]}${objectHint(condition.attribute, kind)}`);
    } else if ("equals" in condition && typeof condition.equals !== expectedType(kind)) {
      report([...path, "equals"], `compares ${quote(condition.attribute)}, which holds ${KIND_WORDS[kind]}, with ${typeof condition.equals === "string" ? quote(condition.equals) : String(condition.equals)}; it can never be equal`);
    }
  }
}

function expectedType(kind: UserAttributeKind): "string" | "boolean" | "number" {
  return kind === "boolean" ? "boolean" : kind === "number" ? "number" : "string";
}

function objectHint(attribute: string, kind: UserAttributeKind): string {
  if (kind !== "object") return "";
  const parts = [...USER_ATTRIBUTES.keys()].filter((n) => n.startsWith(`${attribute}.`));
  return parts.length === 0 ? "" : `; name one of its parts, e.g. ${parts[0]}`;
}

/** Reports an unknown attribute and returns the kind of a known one. */
function checkAttribute(name: string, path: PathSegment[], report: Report): UserAttributeKind | undefined {
  const kind = USER_ATTRIBUTES.get(name);
  if (kind === undefined) {
    report(path, `${quote(name)} is not a user attribute cync can read from Microsoft Graph${didYouMean(name, USER_ATTRIBUTES.keys())}`);
  }
  return kind;
}

function checkExpression(expression: Expression, path: PathSegment[], report: Report): void {
  if (typeof expression === "string") return checkTemplate(expression, path, report);
  if ("attribute" in expression) {
    const kind = checkAttribute(expression.attribute, [...path, "attribute"], report);
    if (kind === "object" || kind === "objects") {
      report([...path, "attribute"], `${quote(expression.attribute)} holds ${KIND_WORDS[kind]}, which cannot be written to a contact field${objectHint(expression.attribute, kind)}`);
    }
  } else if ("template" in expression) checkTemplate(expression.template, [...path, "template"], report);
  else if ("firstOf" in expression) expression.firstOf.forEach((e, i) => checkExpression(e, [...path, "firstOf", i], report));
  (expression.transform ?? []).forEach((t, i) => checkTransform(t, [...path, "transform", i], report));
}

function checkTemplate(template: string, path: PathSegment[], report: Report): void {
  try {
    for (const part of parseTemplate(template)) {
      if ("attribute" in part) {
        const kind = USER_ATTRIBUTES.get(part.attribute);
        if (kind === undefined) {
          report(path, `refers to {${part.attribute}}, which is not a user attribute cync can read from Microsoft Graph${didYouMean(part.attribute, USER_ATTRIBUTES.keys())}`);
        } else if (kind === "object" || kind === "objects") {
          report(path, `refers to {${part.attribute}}, which holds ${KIND_WORDS[kind]} and cannot be written as text${objectHint(part.attribute, kind)}`);
        }
      }
    }
  } catch (err) {
    if (!(err instanceof TemplateSyntaxError)) throw err;
    report(path, `template ${err.message} (at character ${err.offset + 1})`);
  }
}

function checkTransform(transform: Transform, path: PathSegment[], report: Report): void {
  if (typeof transform === "object" && "phone" in transform) {
    const region = transform.phone.defaultRegion;
    if (region !== undefined && !isSupportedCountry(region)) {
      report([...path, "phone", "defaultRegion"], `${quote(region)} is not a country code with a known phone numbering plan`);
    }
  }
}

/** Whether some expression formats phones with the bare `phone` transform (the policy's region). */
function usesRegionlessPhone(resolved: ResolvedPolicy): boolean {
  const uses = (e: Expression): boolean =>
    typeof e !== "string" && (e.transform?.includes("phone") === true || ("firstOf" in e && e.firstOf.some(uses)));
  return mappingExpressions(resolved.mapping).some(uses);
}

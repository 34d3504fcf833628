/**
 * Client-side evaluation of policy conditions against Graph user objects. Conditions are compiled
 * once into closures (regexes built once per condition, not per user), then run for every user of
 * the directory: Graph's `$filter` on /users cannot express most of the language (startsWith on
 * any attribute, regexes, transitive membership), and the directory snapshot is already local.
 *
 * Semantics:
 * - `attribute` is a Graph user property, dotted for nested objects. A multi-valued property
 *   (businessPhones, proxyAddresses, …) matches when any of its values matches.
 * - A missing, null, empty-string or empty-list value does not `exist`, and fails every other test.
 * - Strings compare without regard to case unless `ignoreCase: false` (DEFAULT_IGNORE_CASE: Entra
 *   compares directory strings that way); a string compared with a number or boolean (YAML
 *   reads `employeeId: 1234` as a number) compares their text forms.
 * - `matches` is a regular expression (JavaScript syntax, Unicode mode, no lookaround or
 *   backreference) searched anywhere in the value by RE2, in time linear in the value
 *   (src/policy/regex.ts); values are cut to MAX_MATCH_INPUT characters before matching.
 */
import { DEFAULT_IGNORE_CASE } from "../policy/defaults";
import { compilePolicyRegex, regexProblem, type PolicyRegex } from "../policy/regex";
import { ConditionError } from "./condition-error";
import type { AttributeCondition, Condition, Membership } from "./types";
import type { DirectoryUser } from "../model/directory-user";

/** Longest value prefix a regex sees, bounding each match's time; Entra's longest user string properties are far shorter. */
export const MAX_MATCH_INPUT = 4096;

export type UserPredicate = (user: DirectoryUser, membership: Membership) => boolean;

export function compileCondition(condition: Condition): UserPredicate {
  if ("all" in condition) {
    const parts = condition.all.map(compileCondition);
    return (user, membership) => parts.every((p) => p(user, membership));
  }
  if ("any" in condition) {
    const parts = condition.any.map(compileCondition);
    return (user, membership) => parts.some((p) => p(user, membership));
  }
  if ("not" in condition) {
    const inner = compileCondition(condition.not);
    return (user, membership) => !inner(user, membership);
  }
  if ("memberOf" in condition) {
    const group = condition.memberOf;
    return (user, membership) => membership.isMember(user.id, group);
  }
  return compileAttribute(condition);
}

/** Reads a dotted property path; undefined when any step is missing. */
function attributeValue(user: DirectoryUser, attribute: string): unknown {
  let value: unknown = user;
  for (const step of attribute.split(".")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

type Scalar = string | number | boolean;
type ValueTest = (value: Scalar) => boolean;

function compileAttribute(condition: AttributeCondition): UserPredicate {
  const attribute = condition.attribute;
  if ("exists" in condition) {
    const wantPresent = condition.exists;
    return (user) => presentValues(attributeValue(user, attribute)).length > 0 === wantPresent;
  }
  const test = valueTest(condition, condition.ignoreCase ?? DEFAULT_IGNORE_CASE);
  return (user) => presentValues(attributeValue(user, attribute)).some(test);
}

function valueTest(condition: Exclude<AttributeCondition, { exists: boolean }>, ignoreCase: boolean): ValueTest {
  const text = ignoreCase ? (v: Scalar) => String(v).toLowerCase() : (v: Scalar) => String(v);
  if ("equals" in condition) return equalsTest(condition.equals, text);
  if ("in" in condition) {
    const options = condition.in.map((o) => equalsTest(o, text));
    return (v) => options.some((t) => t(v));
  }
  if ("startsWith" in condition) {
    const prefix = text(condition.startsWith);
    return (v) => text(v).startsWith(prefix);
  }
  if ("endsWith" in condition) {
    const suffix = text(condition.endsWith);
    return (v) => text(v).endsWith(suffix);
  }
  if ("matches" in condition) {
    const regex = compileRegex(condition.matches, ignoreCase, condition.attribute);
    return (v) => regex.test(String(v).slice(0, MAX_MATCH_INPUT));
  }
  throw new ConditionError(
    `condition on "${(condition as { attribute: string }).attribute}" has no test (equals, in, startsWith, endsWith, exists or matches)`,
  );
}

function equalsTest(expected: Scalar, text: (v: Scalar) => string): ValueTest {
  const want = text(expected);
  return (v) => (typeof v === typeof expected && typeof v !== "string" ? v === expected : text(v) === want);
}

/** The scalar values of an attribute: none for missing/null/""/[], each element for a list. */
function presentValues(value: unknown): Scalar[] {
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  return list.filter(
    (v): v is Scalar => (typeof v === "string" && v !== "") || typeof v === "number" || typeof v === "boolean",
  );
}

/**
 * Compiled as the policy validator compiles it (src/policy/regex.ts: same flags), and refused here
 * too when the validator would refuse it, for policies that reach the engine another way.
 */
function compileRegex(pattern: string, ignoreCase: boolean, attribute: string): PolicyRegex {
  const problem = regexProblem(pattern);
  if (problem !== undefined) throw new ConditionError(`condition on "${attribute}": the pattern ${problem}`);
  return compilePolicyRegex(pattern, ignoreCase);
}

/** Visitors over conditions and expressions: the attributes they read and the groups they name. */
import type { Condition, Expression, GroupRef } from "../generated/policy";
import { parseTemplate } from "./template";
import type { ResolvedPolicy } from "./types";

/** Calls `visit` on the condition and every condition nested in it, depth first. */
function forEachCondition(condition: Condition, visit: (c: Condition) => void): void {
  visit(condition);
  if ("all" in condition) for (const c of condition.all) forEachCondition(c, visit);
  else if ("any" in condition) for (const c of condition.any) forEachCondition(c, visit);
  else if ("not" in condition) forEachCondition(condition.not, visit);
}

export function conditionAttributes(condition: Condition): string[] {
  const names: string[] = [];
  forEachCondition(condition, (c) => {
    if ("attribute" in c) names.push(c.attribute);
  });
  return names;
}

export function conditionGroups(condition: Condition): GroupRef[] {
  const groups: GroupRef[] = [];
  forEachCondition(condition, (c) => {
    if ("memberOf" in c) groups.push(c.memberOf);
  });
  return groups;
}

/** Attributes an expression reads (template names included). Throws TemplateSyntaxError on a bad template. */
export function expressionAttributes(expression: Expression): string[] {
  if (typeof expression === "string") return templateAttributes(expression);
  if ("attribute" in expression) return [expression.attribute];
  if ("template" in expression) return templateAttributes(expression.template);
  if ("firstOf" in expression) return expression.firstOf.flatMap(expressionAttributes);
  return [];
}

function templateAttributes(template: string): string[] {
  return parseTemplate(template).flatMap((p) => ("attribute" in p ? [p.attribute] : []));
}

/**
 * Every group a resolved policy names (conditions, exclusions, opt-out), in order of appearance.
 * Display names are matched against the directory when it is read; an unknown or ambiguous name is
 * reported then, naming the policy.
 */
export function referencedGroups(policy: ResolvedPolicy): GroupRef[] {
  const { source, targets } = policy;
  return [
    ...(source.where === null ? [] : conditionGroups(source.where)),
    ...source.exclude.groups,
    ...(targets.where === null ? [] : conditionGroups(targets.where)),
    ...targets.exclude.groups,
    ...(targets.optOutGroup === null ? [] : [targets.optOutGroup]),
  ];
}

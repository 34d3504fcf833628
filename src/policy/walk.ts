/** Visitors over conditions and expressions: the attributes they read and the groups they name. */
import type { Condition, Expression, GroupRef } from "../generated/policy";
import { parseTemplate } from "./template";

/** Calls `visit` on the condition and every condition nested in it, depth first. */
export function forEachCondition(condition: Condition, visit: (c: Condition) => void): void {
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

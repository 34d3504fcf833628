/**
 * Evaluating one mapping expression (schema `Expression`) against a Graph user. The result is a list:
 * empty when the expression yields nothing, several values when it reads a multi-valued attribute.
 * A single-valued field takes the first value; a list field takes them all.
 */
import type { Expression, Transform } from "../generated/policy";
import { parseTemplate, type TemplatePart } from "../policy/template";
import { applyTransform, type TransformContext } from "./transforms";
import { attributeValues } from "./values";

type User = Readonly<Record<string, unknown>>;

/** Templates are validated at load time; parsed once here (a policy reuses few templates for every user). */
const parsedTemplates = new Map<string, TemplatePart[]>();
function templateParts(template: string): TemplatePart[] {
  let parts = parsedTemplates.get(template);
  if (parts === undefined) {
    parts = parseTemplate(template);
    parsedTemplates.set(template, parts);
  }
  return parts;
}

/**
 * Schema semantics: a missing attribute renders as nothing, the result is trimmed and runs of spaces
 * collapse to one (so "{givenName} {surname}" without a given name is "Smith", not " Smith").
 * A multi-valued attribute contributes its first value.
 */
function renderTemplate(template: string, user: User, ctx: TransformContext): string {
  const text = templateParts(template)
    .map((p) => ("text" in p ? p.text : (attributeValues(user, p.attribute, ctx.onInvalidCharacters)[0] ?? "")))
    .join("");
  return text.replace(/ {2,}/g, " ").trim();
}

function transformAll(values: string[], transforms: readonly Transform[] | undefined, ctx: TransformContext): string[] {
  if (transforms === undefined) return values;
  return values.map((v) => transforms.reduce((acc, t) => applyTransform(acc, t, ctx), v)).filter((v) => v.trim() !== "");
}

export function evaluate(expr: Expression, user: User, ctx: TransformContext): string[] {
  if (typeof expr === "string") return nonEmpty([renderTemplate(expr, user, ctx)]);
  if ("attribute" in expr) return transformAll(attributeValues(user, expr.attribute, ctx.onInvalidCharacters), expr.transform, ctx);
  if ("constant" in expr) return transformAll(nonEmpty([expr.constant]), expr.transform, ctx);
  if ("template" in expr) return transformAll(nonEmpty([renderTemplate(expr.template, user, ctx)]), expr.transform, ctx);
  // firstOf: the first alternative that yields anything.
  for (const alt of expr.firstOf) {
    const values = evaluate(alt, user, ctx);
    if (values.length > 0) return transformAll(values, expr.transform, ctx);
  }
  return [];
}

const nonEmpty = (values: string[]): string[] => values.filter((v) => v.trim() !== "");

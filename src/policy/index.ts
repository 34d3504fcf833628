/** The policy language: types, defaults, loading and validation (see schema/policy.schema.json). */
export type * from "../generated/policy";
export * from "./types";
export * from "./defaults";
export { resolvePolicy, resolveMapping, requiredUserAttributes, policyDigest, canonicalJson, mappingExpressions } from "./resolve";
export { parseTemplate, TemplateSyntaxError, type TemplatePart } from "./template";
export { forEachCondition, conditionAttributes, conditionGroups, expressionAttributes } from "./walk";

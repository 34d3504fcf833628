/** The policy language: types, defaults, loading and validation (see schema/policy.schema.json). */
export type * from "../generated/policy";
export { type UserAttributeKind } from "../generated/user-attributes";
export * from "./types";
export * from "./defaults";
export { loadPolicies, checkText } from "./load";
export { resolvePolicy, requiredUserAttributes } from "./resolve";
export { parseTemplate, TemplateSyntaxError, type TemplatePart } from "./template";
export { conditionGroups, referencedGroups } from "./walk";
export { compilePolicyRegex } from "./regex";
export { odataString, ODataLiteralError } from "./odata";

/** The policy language: types, defaults, loading and validation (see schema/policy.schema.json). */
export type * from "../generated/policy";
export { USER_ATTRIBUTES, type UserAttributeKind } from "../generated/user-attributes";
export * from "./types";
export * from "./defaults";
export { loadPolicies, loadPolicyFile, checkText } from "./load";
export { resolvePolicy, resolveMapping, requiredUserAttributes, policyDigest, mappingExpressions } from "./resolve";
export { parseTemplate, TemplateSyntaxError, type TemplatePart } from "./template";
export { forEachCondition, conditionAttributes, conditionGroups, expressionAttributes, referencedGroups } from "./walk";
export { compilePolicyRegex } from "./regex";
export { odataString, ODataLiteralError } from "./odata";
export { CONTACT_LIST_LIMITS } from "./semantic";
export { LIMITS as POLICY_LIMITS } from "./limits";

export { compileCondition, MAX_MATCH_INPUT } from "./evaluate";
export { ConditionError } from "./condition-error";
export type { UserPredicate } from "./evaluate";
export type { AttributeCondition, Condition, GroupRef, Membership } from "./types";

export { compileCondition, attributeValue, ConditionError, MAX_MATCH_INPUT } from "./evaluate";
export type { UserPredicate } from "./evaluate";
export type { AttributeCondition, Condition, DirectoryUser, GroupRef, Membership } from "./types";

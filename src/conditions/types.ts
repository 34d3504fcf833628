/**
 * What condition evaluation works on. The condition language itself is the policy schema's
 * (schema/policy.schema.json → src/generated/policy.ts); this file adds the runtime side: the
 * membership index (users are src/model/directory-user.ts).
 */
import type { Condition, GroupRef, MemberOfCondition, AllCondition, AnyCondition, NotCondition } from "../policy";

export type { Condition, GroupRef };

/** A condition that tests one user attribute (equals, in, startsWith, endsWith, exists, matches). */
export type AttributeCondition = Exclude<Condition, AllCondition | AnyCondition | NotCondition | MemberOfCondition>;

/** Transitive group membership, answered without a request per user (see src/directory/groups.ts). */
export interface Membership {
  /** True when the user is a member of the group, directly or through nested groups. */
  isMember(userId: string, group: GroupRef): boolean;
}

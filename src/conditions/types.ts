/**
 * What condition evaluation works on. The condition language itself is the policy schema's
 * (schema/policy.schema.json → src/generated/policy.ts); this file adds the runtime side: users as
 * read from Graph and the membership index.
 */
import type { Condition, GroupRef, MemberOfCondition, AllCondition, AnyCondition, NotCondition } from "../policy";

export type { Condition, GroupRef };

/** A condition that tests one user attribute (equals, in, startsWith, endsWith, exists, matches). */
export type AttributeCondition = Exclude<Condition, AllCondition | AnyCondition | NotCondition | MemberOfCondition>;

/** A directory user as read from Graph with `$select`: `id` plus whatever properties were selected. */
export type DirectoryUser = { readonly id: string } & Readonly<Record<string, unknown>>;

/** Transitive group membership, answered without a request per user (see src/directory/groups.ts). */
export interface Membership {
  /** True when the user is a member of the group, directly or through nested groups. */
  isMember(userId: string, group: GroupRef): boolean;
}

/**
 * The condition language of policies (`spec.source.where`, `spec.targets.where`), as the evaluator
 * reads it. The policy schema (schema/policy.schema.json) is the source of truth; these types are
 * the narrow structural view this module needs, so evaluation does not depend on the generated
 * file's naming.
 */

/** A group named by object id, or by display name (resolved to one id before evaluation). */
export type GroupRef = { readonly id: string } | { readonly displayName: string };

export type Scalar = string | number | boolean;

export interface AttributeCondition {
  /** Graph user property, dotted for nested objects: `onPremisesExtensionAttributes.extensionAttribute1`. */
  readonly attribute: string;
  readonly equals?: Scalar;
  readonly in?: readonly Scalar[];
  readonly startsWith?: string;
  readonly endsWith?: string;
  readonly exists?: boolean;
  readonly matches?: string;
  /** Compare strings (and regexes) without regard to case. */
  readonly ignoreCase?: boolean;
}

export type Condition =
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition }
  | { readonly memberOf: GroupRef }
  | AttributeCondition;

/** A directory user as read from Graph with `$select`: `id` plus whatever properties were selected. */
export type DirectoryUser = { readonly id: string } & Readonly<Record<string, unknown>>;

/** Transitive group membership, answered without a request per user (see src/directory/membership). */
export interface Membership {
  /** True when the user is a member of the group, directly or through nested groups. */
  isMember(userId: string, group: GroupRef): boolean;
}

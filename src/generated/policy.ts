/* eslint-disable */
/**
 * Generated from schema/policy.schema.json by scripts/generate.mjs (`npm run generate`).
 * Do not edit by hand: edit the schema and regenerate.
 */

export type UserType = "Member" | "Guest";
/**
 * A test on a user: combine tests with `all`, `any` and `not`; compare one attribute; or check group membership.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "Condition".
 */
export type Condition =
  | AllCondition
  | AnyCondition
  | NotCondition
  | EqualsCondition
  | InCondition
  | StartsWithCondition
  | EndsWithCondition
  | ExistsCondition
  | MatchesCondition
  | MemberOfCondition;
/**
 * A Microsoft Graph user property, e.g. `department`, `jobTitle`, `country`; a dotted name reaches into an object property, e.g. `onPremisesExtensionAttributes.extensionAttribute1`. Names are checked against Graph's user type.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "Attribute".
 */
export type UserAttribute = string;
/**
 * Compare without regard to upper or lower case, as Entra ID itself does. Default true.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "IgnoreCase".
 */
export type IgnoreCase = boolean;
/**
 * An Entra ID group, by object id or by display name. A display name must match exactly one group; cync checks that when it reads the directory.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "GroupRef".
 */
export type GroupRef = GroupById | GroupByName;
export type MailboxKind = "user" | "shared" | "room" | "equipment";
/**
 * Where the contacts go in each mailbox: a contact folder of their own (default `CYNC`), or the mailbox's default Contacts folder — Outlook mobile shows only that one. Either way cync only ever changes contacts it created.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "Folder".
 */
export type FolderTarget = NamedFolder | DefaultContactsFolder;
/**
 * An expression for a single-valued field, or null to leave the field empty.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "FieldExpression".
 */
export type FieldExpression = Expression | null;
/**
 * How a value is computed from the user: a template text (a bare string, e.g. `"{givenName} {surname}"`), an attribute, a constant, or the first non-empty of several — each optionally followed by transforms.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "Expression".
 */
export type Expression =
  TemplateString | AttributeExpression | ConstantExpression | TemplateExpression | FirstOfExpression;
/**
 * Text with attributes in braces, e.g. `"{givenName} {surname}"`. An empty attribute renders as nothing; the result is trimmed and runs of spaces collapse to one. Write `{{` and `}}` for literal braces.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "TemplateString".
 */
export type TemplateString = string;
/**
 * Transforms applied in order to the value.
 *
 * @minItems 1
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "Transforms".
 */
export type Transforms = [Transform, ...Transform[]];
/**
 * A change applied to a value: `trim` (remove surrounding spaces), `lowercase`, `uppercase`, `titlecase`, `phone` (international E.164 form using the policy's `defaultRegion`), `{phone: {defaultRegion: GB}}` (the same with another region), `{truncate: N}` (keep the first N characters).
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "Transform".
 */
export type Transform = SimpleTransform | PhoneTransform | TruncateTransform;
export type SimpleTransform = "trim" | "lowercase" | "uppercase" | "titlecase" | "phone";
/**
 * Expressions for a list field, or null to leave it empty. Each expression adds its value; one that reads a list attribute (e.g. `businessPhones`) adds each element. Empty values and duplicates are dropped.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "ListExpression".
 */
export type ListExpression = Expression[] | null;
/**
 * Business address, or null to leave it empty. Given as an object, it replaces the default address as a whole: parts left out stay empty.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "AddressMapping".
 */
export type AddressMapping = AddressExpressions | null;
/**
 * What cync may do to the contacts it owns. `sync`: create, update and delete. `upsert-only`: create and update, never delete. `create-only`: only create missing contacts.
 */
export type SyncMode = "sync" | "upsert-only" | "create-only";
/**
 * How contacts are deleted. `deletedItems`: moved to each mailbox's Deleted Items, recoverable. `permanent`: removed at once, so people who left don't linger on phones.
 */
export type DeletionStyle = "deletedItems" | "permanent";

/**
 * One cync policy: which Entra ID users become contacts, in which Exchange Online mailboxes, in which folder, with which fields. One policy per YAML file under `policies/`.
 */
export interface ContactSyncPolicy {
  /**
   * Version of the policy language. Always `cync/v1`.
   */
  apiVersion: "cync/v1";
  /**
   * Kind of document. Always `ContactSyncPolicy`.
   */
  kind: "ContactSyncPolicy";
  metadata: PolicyMetadata;
  spec: PolicySpec;
}
/**
 * Identifies the policy.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "Metadata".
 */
export interface PolicyMetadata {
  /**
   * Short identifier of the policy: 1 to 40 lowercase letters, digits and hyphens, starting and ending with a letter or digit. It marks the contacts this policy owns and names its state and Pulumi resources, so renaming a policy replaces its contacts.
   */
  name: string;
  /**
   * What the policy is for, in a sentence. Shown in plans.
   */
  description?: string;
}
/**
 * What to sync, to whom, where and how. Every field is optional; omitted fields take the defaults shown.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "Spec".
 */
export interface PolicySpec {
  source?: SourceSelector;
  targets?: TargetSelector;
  folder?: FolderTarget;
  /**
   * Country (ISO 3166-1 alpha-2, upper case) assumed for phone numbers written without a country code, so they can be stored in international form (+1 425 555 0100) — phones only show caller ID for international numbers. Without it, such numbers are written as they are.
   */
  defaultRegion?: string;
  mapping?: ContactMapping;
  mode?: SyncMode;
  safety?: SafetyLimits;
}
/**
 * Which Entra ID users become contacts. A user is included when they pass the built-in filters (`enabledOnly`, `userTypes`, `requireMail`), match `where` (if given), and are not excluded.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "Source".
 */
export interface SourceSelector {
  /**
   * Only users whose account is enabled (`accountEnabled` is true).
   */
  enabledOnly?: boolean;
  /**
   * Only users of these types: `Member` (employees) and/or `Guest` (external guests).
   *
   * @minItems 1
   */
  userTypes?: [UserType, ...UserType[]];
  /**
   * Only users with a mail address (`mail` is set). Users without one are usually service or system accounts.
   */
  requireMail?: boolean;
  where?: Condition;
  exclude?: Exclusions;
}
/**
 * True when every listed condition is true.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "AllCondition".
 */
export interface AllCondition {
  /**
   * Conditions that must all be true.
   *
   * @minItems 1
   */
  all: [Condition, ...Condition[]];
}
/**
 * True when at least one listed condition is true.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "AnyCondition".
 */
export interface AnyCondition {
  /**
   * Conditions of which at least one must be true.
   *
   * @minItems 1
   */
  any: [Condition, ...Condition[]];
}
/**
 * True when the given condition is false.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "NotCondition".
 */
export interface NotCondition {
  not: Condition;
}
/**
 * True when the attribute equals the value. For a list attribute (e.g. `proxyAddresses`), true when any element equals it.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "EqualsCondition".
 */
export interface EqualsCondition {
  attribute: UserAttribute;
  /**
   * The value to compare with: text, a number or true/false.
   */
  equals: string | number | boolean;
  ignoreCase?: IgnoreCase;
}
/**
 * True when the attribute equals one of the values.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "InCondition".
 */
export interface InCondition {
  attribute: UserAttribute;
  /**
   * The accepted values.
   *
   * @minItems 1
   */
  in: [string, ...string[]];
  ignoreCase?: IgnoreCase;
}
/**
 * True when the attribute's text starts with the value.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "StartsWithCondition".
 */
export interface StartsWithCondition {
  attribute: UserAttribute;
  /**
   * The leading text.
   */
  startsWith: string;
  ignoreCase?: IgnoreCase;
}
/**
 * True when the attribute's text ends with the value.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "EndsWithCondition".
 */
export interface EndsWithCondition {
  attribute: UserAttribute;
  /**
   * The trailing text.
   */
  endsWith: string;
  ignoreCase?: IgnoreCase;
}
/**
 * With `exists: true`, true when the attribute has a value (not missing, not empty text, not an empty list); with `exists: false`, the opposite.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "ExistsCondition".
 */
export interface ExistsCondition {
  attribute: UserAttribute;
  /**
   * Whether the attribute must have a value.
   */
  exists: boolean;
}
/**
 * True when the attribute's text matches a regular expression (JavaScript syntax, searched anywhere in the text unless anchored with ^ and $), matched by RE2 in time linear in the text whatever the pattern; lookahead, lookbehind and backreferences are not supported.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "MatchesCondition".
 */
export interface MatchesCondition {
  attribute: UserAttribute;
  /**
   * The regular expression, without slashes or flags.
   */
  matches: string;
  ignoreCase?: IgnoreCase;
}
/**
 * True when the user is a member of the group, directly or through nested groups.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "MemberOfCondition".
 */
export interface MemberOfCondition {
  memberOf: GroupRef;
}
/**
 * A group by its object id.
 */
export interface GroupById {
  /**
   * The group's object id (a GUID).
   */
  id: string;
}
/**
 * A group by its display name.
 */
export interface GroupByName {
  /**
   * The group's display name, exactly as in Entra ID.
   */
  displayName: string;
}
/**
 * Users left out even when they match: listed users, and members of listed groups (directly or through nested groups).
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "Exclusions".
 */
export interface Exclusions {
  /**
   * Users to leave out, each by user principal name, mail address or object id.
   */
  users?: string[];
  /**
   * Groups whose members (directly or through nested groups) are left out.
   */
  groups?: GroupRef[];
}
/**
 * Which mailboxes receive the contacts. A mailbox is included when its owner passes the built-in filters (`mailboxKinds`, `requireExchangeLicense`, `enabledOnly`), matches `where` (if given), is not excluded and is not in the opt-out group.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "Targets".
 */
export interface TargetSelector {
  where?: Condition;
  /**
   * Kinds of mailbox that receive contacts: `user` (a person's mailbox), `shared`, `room`, `equipment`.
   *
   * @minItems 1
   */
  mailboxKinds?: [MailboxKind, ...MailboxKind[]];
  /**
   * Only mailboxes whose owner has an enabled Exchange Online service plan. Unlicensed users have no mailbox to write to. Applies to user mailboxes; shared, room and equipment mailboxes need no license.
   */
  requireExchangeLicense?: boolean;
  /**
   * Only mailboxes whose account is enabled. Applies to user mailboxes; shared, room and equipment accounts are disabled by design.
   */
  enabledOnly?: boolean;
  optOutGroup?: GroupRef;
  /**
   * Whether a person also receives their own contact. Off by default: nobody needs themself in their address book.
   */
  includeSelf?: boolean;
  exclude?: Exclusions;
}
/**
 * A contact folder with this name, created when missing.
 */
export interface NamedFolder {
  /**
   * The folder's name: 1 to 255 characters, no control characters, no leading or trailing spaces; not the name of a folder Exchange keeps under Contacts (Recipient Cache, Organizational Contacts, …) nor of a well-known folder (Contacts, Deleted Items, …).
   */
  name: string;
}
/**
 * The mailbox's default Contacts folder, which every client shows (Outlook mobile shows no other).
 */
export interface DefaultContactsFolder {
  /**
   * Must be true.
   */
  defaultContacts: true;
}
/**
 * How each contact field is filled, merged over the default mapping (names, company, job title, department, office, mail, business and mobile phones, business address). Give a field to change it; give `null` to leave it empty. Fields left out keep their default.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "Mapping".
 */
export interface ContactMapping {
  givenName?: FieldExpression;
  surname?: FieldExpression;
  middleName?: FieldExpression;
  nickName?: FieldExpression;
  displayName?: FieldExpression;
  fileAs?: FieldExpression;
  initials?: FieldExpression;
  title?: FieldExpression;
  jobTitle?: FieldExpression;
  companyName?: FieldExpression;
  department?: FieldExpression;
  officeLocation?: FieldExpression;
  profession?: FieldExpression;
  manager?: FieldExpression;
  assistantName?: FieldExpression;
  mobilePhone?: FieldExpression;
  personalNotes?: FieldExpression;
  businessHomePage?: FieldExpression;
  emailAddresses?: ListExpression;
  businessPhones?: ListExpression;
  homePhones?: ListExpression;
  imAddresses?: ListExpression;
  categories?: ListExpression;
  /**
   * Also sync each person's Entra ID profile photo to their contact (caller ID, Outlook, Teams). Off by default: it costs, per source user, one photo metadata read per refresh interval (default a day) and one photo download when it changed, and per contact one photo upload when the person's photo changes (the first sync uploads one per contact with a photo). Needs no permission beyond the ones cync already has (User.Read.All, Contacts.ReadWrite).
   */
  photo?: boolean;
  businessAddress?: AddressMapping;
}
/**
 * The value of a user attribute.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "AttributeExpression".
 */
export interface AttributeExpression {
  attribute: UserAttribute;
  transform?: Transforms;
}
/**
 * Write a phone number in international E.164 form, assuming this region for numbers without a country code. Numbers that cannot be understood are kept as they are.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "PhoneTransform".
 */
export interface PhoneTransform {
  phone: PhoneOptions;
}
/**
 * Phone formatting options.
 */
export interface PhoneOptions {
  /**
   * Country (ISO 3166-1 alpha-2, upper case) for numbers without a country code; overrides the policy's `defaultRegion`.
   */
  defaultRegion?: string;
}
/**
 * Keep at most this many characters.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "TruncateTransform".
 */
export interface TruncateTransform {
  /**
   * Maximum number of characters.
   */
  truncate: number;
}
/**
 * The same text for every contact.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "ConstantExpression".
 */
export interface ConstantExpression {
  /**
   * The text.
   */
  constant: string;
  transform?: Transforms;
}
/**
 * A template text (see the bare-string form), with transforms.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "TemplateExpression".
 */
export interface TemplateExpression {
  template: TemplateString;
  transform?: Transforms;
}
/**
 * The first of several expressions whose value is not empty.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "FirstOfExpression".
 */
export interface FirstOfExpression {
  /**
   * Expressions tried in order.
   *
   * @minItems 1
   */
  firstOf: [Expression, ...Expression[]];
  transform?: Transforms;
}
/**
 * Expressions for the parts of the address.
 */
export interface AddressExpressions {
  street?: FieldExpression;
  city?: FieldExpression;
  state?: FieldExpression;
  postalCode?: FieldExpression;
  countryOrRegion?: FieldExpression;
}
/**
 * Limits that stop a run before it does damage. A run that would delete more contacts than the larger of `maxDeletes` and `maxDeletePercent` of the contacts this policy owns is refused.
 *
 * This interface was referenced by `ContactSyncPolicy`'s JSON-Schema
 * via the `definition` "Safety".
 */
export interface SafetyLimits {
  /**
   * Deletions always allowed per run, across all mailboxes.
   */
  maxDeletes?: number;
  /**
   * Deletions allowed per run as a percentage (0 to 100) of the contacts this policy owns.
   */
  maxDeletePercent?: number;
  deletion?: DeletionStyle;
}

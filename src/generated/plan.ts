/* eslint-disable */
/**
 * Generated from schema/plan.schema.json by scripts/generate.mjs (`npm run generate`).
 * Do not edit by hand: edit the schema and regenerate.
 */

/**
 * A contact property cync writes.
 *
 * This interface was referenced by `ContactSyncPlan`'s JSON-Schema
 * via the `definition` "ContactFieldName".
 */
export type ContactFieldName =
  | "givenName"
  | "surname"
  | "middleName"
  | "nickName"
  | "displayName"
  | "fileAs"
  | "initials"
  | "title"
  | "jobTitle"
  | "companyName"
  | "department"
  | "officeLocation"
  | "profession"
  | "manager"
  | "assistantName"
  | "mobilePhone"
  | "personalNotes"
  | "businessHomePage"
  | "emailAddresses"
  | "businessPhones"
  | "homePhones"
  | "imAddresses"
  | "categories"
  | "businessAddress";
/**
 * Why an owned contact is deleted. `source-gone`: its source user is no longer among the policy's source users (left, disabled, no longer matching, or unmappable). `self`: it is the mailbox owner's own contact and the policy has `includeSelf: false`. `duplicate`: it repeats another contact of the same user owned by the policy. `mailbox-left-targets`: the mailbox is no longer among the policy's targets (its owner left the target group, was excluded, opted out or was disabled), so every contact the policy owns there goes. `policy-removed`: the policy no longer exists (its file was deleted, or it was renamed: a rename removes the old name's contacts and creates the new name's), so every contact it owns goes.
 *
 * This interface was referenced by `ContactSyncPlan`'s JSON-Schema
 * via the `definition` "DeleteReason".
 */
export type DeleteReason = "source-gone" | "self" | "duplicate" | "mailbox-left-targets" | "policy-removed";
/**
 * Why a `source-gone` contact's user is no longer a source, when cync can tell. `source-user-left`: the user is no longer in the directory (deleted). `source-user-disabled`: the user's account is disabled and the policy takes enabled accounts only. `source-user-no-longer-matches`: the user no longer matches the policy's source (`where`, exclusions, user type, mail). `source-user-unmappable`: the user is still a source but could not be mapped to a contact.
 *
 * This interface was referenced by `ContactSyncPlan`'s JSON-Schema
 * via the `definition` "DeleteDetail".
 */
export type DeleteDetail =
  "source-user-left" | "source-user-disabled" | "source-user-no-longer-matches" | "source-user-unmappable";
/**
 * Why a targeted mailbox could not be planned. `no-exchange-mailbox`: Exchange Online serves no mailbox for the user (404 MailboxNotEnabledForRESTAPI). `unknown-to-exchange`: Exchange Online does not know the user (404 ErrorInvalidUser). `not-in-scope`: an application access policy or RBAC for Applications keeps cync out (403 ErrorAccessDenied).
 *
 * This interface was referenced by `ContactSyncPlan`'s JSON-Schema
 * via the `definition` "SkipReason".
 */
export type SkipReason = "no-exchange-mailbox" | "unknown-to-exchange" | "not-in-scope";
/**
 * Why a user is not a target of the policy. `no-exchange-license`: no enabled Exchange Online service plan (`requireExchangeLicense`). `account-disabled`: the account is disabled (`enabledOnly`). `excluded`: listed in `targets.exclude` (a user or a group). `opted-out`: a member of the policy's `optOutGroup`. `mailbox-kind-not-targeted`: the mailbox is of a kind the policy's `mailboxKinds` leaves out.
 *
 * This interface was referenced by `ContactSyncPlan`'s JSON-Schema
 * via the `definition` "NonTargetReason".
 */
export type NonTargetReason =
  "no-exchange-license" | "account-disabled" | "excluded" | "opted-out" | "mailbox-kind-not-targeted";
/**
 * What a warning is about. `phone-not-international`: phone numbers that could not be read as international numbers were written as they are. `truncated`: a value longer than Exchange accepts was truncated. `too-many-values`: a list had more values than Exchange accepts; the first ones were kept. `unmappable`: the user could not be mapped to a contact (no name), so gets none. `duplicate-folder`: several contact folders share the policy's folder name; cync uses one.
 *
 * This interface was referenced by `ContactSyncPlan`'s JSON-Schema
 * via the `definition` "WarningCode".
 */
export type WarningCode =
  "phone-not-international" | "truncated" | "too-many-values" | "unmappable" | "duplicate-folder";

/**
 * A cync plan, as `cync plan --format json` writes it and `cync apply --plan FILE` reads it back: per policy, per mailbox, the contacts to create, update and delete, the mailboxes that could not be planned, the users the policy does not target (counted per reason) and mapping warnings. Holds personal data (contact details): keep it out of git.
 */
export interface ContactSyncPlan {
  /**
   * Version of the plan format. Always `cync/v1`; a plan of another version is refused by `cync apply --plan`.
   */
  apiVersion: "cync/v1";
  /**
   * Kind of document. Always `ContactSyncPlan`.
   */
  kind: "ContactSyncPlan";
  /**
   * The plan format's number before `apiVersion` existed; always 1 in `cync/v1`.
   */
  formatVersion: 1;
  meta: PlanMeta;
  shard?: Shard;
  summary: PlanSummary;
  pullRequest?: PullRequestEffect;
  pending?: ChangeCounts;
  /**
   * One entry per planned policy, ordered by name.
   */
  policies: PolicyPlan[];
}
/**
 * What the plan was made from; `cync apply --plan` re-plans when any of it changed since.
 *
 * This interface was referenced by `ContactSyncPlan`'s JSON-Schema
 * via the `definition` "PlanMeta".
 */
export interface PlanMeta {
  /**
   * Policy name → digest of the resolved policy the plan was made from.
   */
  policyDigests: {
    [k: string]: string;
  };
  /**
   * Digest of the directory snapshot the plan was made from.
   */
  directoryDigest?: string;
  /**
   * The tenant and Graph cloud the plan was made against (`tenant@https://graph…`).
   */
  tenant?: string;
}
/**
 * With `--shard i/N`: the shard of the target mailboxes this plan covers (a stable hash of each mailbox's object id picks its shard; README "Sharding"). Absent when the plan covers every mailbox.
 *
 * This interface was referenced by `ContactSyncPlan`'s JSON-Schema
 * via the `definition` "Shard".
 */
export interface Shard {
  /**
   * The shard, from 1 to `count`.
   */
  index: number;
  /**
   * How many shards the mailboxes are split into (2 or more).
   */
  count: number;
}
/**
 * Totals over every policy and mailbox.
 *
 * This interface was referenced by `ContactSyncPlan`'s JSON-Schema
 * via the `definition` "PlanSummary".
 */
export interface PlanSummary {
  /**
   * Contacts to create.
   */
  create: number;
  /**
   * Contacts to update.
   */
  update: number;
  /**
   * Contacts to delete.
   */
  delete: number;
  /**
   * Mailboxes with at least one change.
   */
  mailboxes: number;
}
/**
 * What the pull request itself changes (`cync plan --base-policies`): the part of `summary` that the base branch's policies, planned over the same directory read, do not make.
 *
 * This interface was referenced by `ContactSyncPlan`'s JSON-Schema
 * via the `definition` "PullRequestEffect".
 */
export interface PullRequestEffect {
  /**
   * Contacts the pull request brings to create.
   */
  create: number;
  /**
   * Contacts the pull request brings to update.
   */
  update: number;
  /**
   * Contacts the pull request brings to delete.
   */
  delete: number;
  /**
   * Policies the pull request adds, by name.
   */
  added: string[];
  /**
   * Policies the pull request edits (the resolved policy differs), by name.
   */
  edited: string[];
  /**
   * Policies the pull request removes, by name. Their contacts stay: cync does not delete a removed policy's contacts.
   */
  removed: string[];
  withdrawn: ChangeCounts;
}
/**
 * Contacts to create, update and delete.
 *
 * This interface was referenced by `ContactSyncPlan`'s JSON-Schema
 * via the `definition` "ChangeCounts".
 */
export interface ChangeCounts {
  /**
   * Contacts to create.
   */
  create: number;
  /**
   * Contacts to update.
   */
  update: number;
  /**
   * Contacts to delete.
   */
  delete: number;
}
/**
 * One policy's plan.
 *
 * This interface was referenced by `ContactSyncPlan`'s JSON-Schema
 * via the `definition` "PolicyPlan".
 */
export interface PolicyPlan {
  /**
   * The policy's `metadata.name`.
   */
  policy: string;
  /**
   * The contact folder's display name, or `Contacts (default folder)`.
   */
  folder: string;
  /**
   * The policy's `spec.mode`: `sync` creates, updates and deletes; `upsert-only` never deletes; `create-only` only creates.
   */
  mode: "sync" | "upsert-only" | "create-only";
  /**
   * Source users the policy maps to contacts.
   */
  sourceUsers: number;
  /**
   * Contacts this policy owns across the planned mailboxes, before the changes.
   */
  ownedContacts: number;
  /**
   * The contacts to create, once per policy: source user id → body. A mailbox's `create` lists ids from here.
   */
  contacts: {
    [k: string]: StoredContact;
  };
  /**
   * Mailboxes with at least one change, ordered by mailbox id.
   */
  mailboxes: MailboxChanges[];
  /**
   * Target mailboxes already as desired.
   */
  unchangedMailboxes: number;
  /**
   * Target mailboxes that could not be planned, with the reason; they get no changes.
   */
  skipped: SkippedMailbox[];
  /**
   * Users the policy's targets leave out (no Exchange Online license, disabled, excluded…), counted per reason, largest count first.
   */
  nonTargets: NonTargetCount[];
  /**
   * What the reader of the plan should know (mapping problems, duplicate folders).
   */
  warnings: PlanWarning[];
  pullRequest?: PolicyEffect;
  pending?: PolicyEffect;
}
/**
 * A contact to create: its fields and their content hash.
 *
 * This interface was referenced by `ContactSyncPlan`'s JSON-Schema
 * via the `definition` "StoredContact".
 */
export interface StoredContact {
  fields: ContactFields;
  /**
   * Content hash of `fields`, recorded in the contact's ownership marker.
   */
  hash: string;
  /**
   * With a policy that syncs photos: the hash of the person's photo (scaled for phones), uploaded right after the contact is created and recorded in its marker, or null when the person has none. Never the bytes: the applier takes them from the state directory's photo cache.
   */
  photo?: string | null;
}
/**
 * The contact properties cync writes (Graph `contact` property names); absent means empty.
 *
 * This interface was referenced by `ContactSyncPlan`'s JSON-Schema
 * via the `definition` "ContactFields".
 */
export interface ContactFields {
  /**
   * Graph contact `givenName`.
   */
  givenName?: string;
  /**
   * Graph contact `surname`.
   */
  surname?: string;
  /**
   * Graph contact `middleName`.
   */
  middleName?: string;
  /**
   * Graph contact `nickName`.
   */
  nickName?: string;
  /**
   * Graph contact `displayName`.
   */
  displayName?: string;
  /**
   * Graph contact `fileAs`.
   */
  fileAs?: string;
  /**
   * Graph contact `initials`.
   */
  initials?: string;
  /**
   * Graph contact `title`.
   */
  title?: string;
  /**
   * Graph contact `jobTitle`.
   */
  jobTitle?: string;
  /**
   * Graph contact `companyName`.
   */
  companyName?: string;
  /**
   * Graph contact `department`.
   */
  department?: string;
  /**
   * Graph contact `officeLocation`.
   */
  officeLocation?: string;
  /**
   * Graph contact `profession`.
   */
  profession?: string;
  /**
   * Graph contact `manager`.
   */
  manager?: string;
  /**
   * Graph contact `assistantName`.
   */
  assistantName?: string;
  /**
   * Graph contact `mobilePhone`.
   */
  mobilePhone?: string;
  /**
   * Graph contact `personalNotes`.
   */
  personalNotes?: string;
  /**
   * Graph contact `businessHomePage`.
   */
  businessHomePage?: string;
  /**
   * Graph contact `emailAddresses`.
   */
  emailAddresses?: ContactEmail[];
  /**
   * Graph contact `businessPhones`.
   */
  businessPhones?: string[];
  /**
   * Graph contact `homePhones`.
   */
  homePhones?: string[];
  /**
   * Graph contact `imAddresses`.
   */
  imAddresses?: string[];
  /**
   * Graph contact `categories`.
   */
  categories?: string[];
  businessAddress?: ContactAddress;
}
/**
 * One of a contact's e-mail addresses, with the name shown beside it.
 *
 * This interface was referenced by `ContactSyncPlan`'s JSON-Schema
 * via the `definition` "ContactEmail".
 */
export interface ContactEmail {
  /**
   * The e-mail address.
   */
  address: string;
  /**
   * The name Outlook shows beside the address.
   */
  name?: string;
}
/**
 * A contact's business address; absent parts are empty.
 *
 * This interface was referenced by `ContactSyncPlan`'s JSON-Schema
 * via the `definition` "ContactAddress".
 */
export interface ContactAddress {
  /**
   * The address's `street`.
   */
  street?: string;
  /**
   * The address's `city`.
   */
  city?: string;
  /**
   * The address's `state`.
   */
  state?: string;
  /**
   * The address's `postalCode`.
   */
  postalCode?: string;
  /**
   * The address's `countryOrRegion`.
   */
  countryOrRegion?: string;
}
/**
 * The changes for one mailbox folder, each list ordered by source user id, then contact id.
 *
 * This interface was referenced by `ContactSyncPlan`'s JSON-Schema
 * via the `definition` "MailboxChanges".
 */
export interface MailboxChanges {
  mailbox: MailboxRef;
  /**
   * Source user ids of the contacts to create (bodies in the policy's `contacts`).
   */
  create: string[];
  /**
   * Contacts to update.
   */
  update: ContactUpdate[];
  /**
   * Contacts to delete.
   */
  delete: ContactDelete[];
  /**
   * Owned contacts already as desired.
   */
  unchanged: number;
  /**
   * Contacts in the folder owned by this policy, before the changes.
   */
  owned: number;
  /**
   * Contacts left alone because another policy owns them.
   */
  foreign: number;
  /**
   * Contacts left alone because they carry no readable ownership marker (a person's own).
   */
  unmarked: number;
  /**
   * Remove the policy's folder after the deletions (a removal: cync created the folder). The applier removes it only when it then holds nothing at all — no contact, no child folder; never the default Contacts folder.
   */
  removeFolder?: true;
  pending?: PendingChanges;
}
/**
 * A mailbox, named by its owner's Entra object id and user principal name.
 *
 * This interface was referenced by `ContactSyncPlan`'s JSON-Schema
 * via the `definition` "MailboxRef".
 */
export interface MailboxRef {
  /**
   * The owner's Entra object id (the mailbox id for Graph paths).
   */
  id: string;
  /**
   * The owner's user principal name (the object id when it has none).
   */
  upn: string;
  /**
   * The owner's display name.
   */
  displayName?: string;
}
/**
 * A contact to update: its fields before and after.
 *
 * This interface was referenced by `ContactSyncPlan`'s JSON-Schema
 * via the `definition` "ContactUpdate".
 */
export interface ContactUpdate {
  /**
   * The contact's Graph id.
   */
  contactId: string;
  /**
   * The contact's changeKey when read (recorded, not sent).
   */
  changeKey?: string;
  /**
   * The Entra object id of the user the contact describes.
   */
  sourceUserId: string;
  old: ContactFields;
  new: ContactFields;
  /**
   * The fields that differ, in canonical order; empty only when the photo alone changes.
   */
  changed: ContactFieldName[];
  /**
   * Content hash of `new`, for the rewritten ownership marker.
   */
  hash: string;
  /**
   * With a policy that syncs photos, when the contact's photo differs from the person's: `added` (the contact has none), `changed` or `removed` (the person has none any more). Never the bytes.
   */
  photo?: "added" | "changed" | "removed";
  /**
   * For `photo: added` or `changed`: the hash of the photo to upload, recorded in the contact's marker.
   */
  photoHash?: string;
}
/**
 * A contact to delete, with why it goes.
 *
 * This interface was referenced by `ContactSyncPlan`'s JSON-Schema
 * via the `definition` "ContactDelete".
 */
export interface ContactDelete {
  /**
   * The contact's Graph id.
   */
  contactId: string;
  /**
   * The contact's changeKey when read (recorded, not sent).
   */
  changeKey?: string;
  /**
   * The Entra object id of the user the contact describes.
   */
  sourceUserId: string;
  fields: ContactFields;
  reason: DeleteReason;
  detail?: DeleteDetail;
}
/**
 * Which of a mailbox's changes happen regardless of the pull request (with `--base-policies`): the base branch's plan makes them too.
 *
 * This interface was referenced by `ContactSyncPlan`'s JSON-Schema
 * via the `definition` "PendingChanges".
 */
export interface PendingChanges {
  /**
   * Source user ids of pending creates.
   */
  create: string[];
  /**
   * Contact ids of pending updates.
   */
  update: string[];
  /**
   * Contact ids of pending deletes.
   */
  delete: string[];
}
/**
 * A targeted mailbox that could not be planned.
 *
 * This interface was referenced by `ContactSyncPlan`'s JSON-Schema
 * via the `definition` "SkippedMailbox".
 */
export interface SkippedMailbox {
  mailbox: MailboxRef;
  code: SkipReason;
  /**
   * The reason in words.
   */
  message: string;
  /**
   * Same as `message`; kept for scripts written against plans before `code` existed.
   */
  reason: string;
}
/**
 * How many users a policy's targets leave out for one reason.
 *
 * This interface was referenced by `ContactSyncPlan`'s JSON-Schema
 * via the `definition` "NonTargetCount".
 */
export interface NonTargetCount {
  code: NonTargetReason;
  /**
   * The reason in words.
   */
  message: string;
  /**
   * Users left out for this reason.
   */
  count: number;
}
/**
 * Something the reader of the plan should know. Never carries contact values: ids, names and field names only.
 *
 * This interface was referenced by `ContactSyncPlan`'s JSON-Schema
 * via the `definition` "PlanWarning".
 */
export interface PlanWarning {
  code: WarningCode;
  /**
   * What happened, in words, for this user or mailbox.
   */
  message: string;
  /**
   * The Entra object id of the user the warning is about.
   */
  sourceUserId?: string;
  /**
   * The mailbox the warning is about.
   */
  mailboxId?: string;
  /**
   * The display name of the user (or mailbox owner) the warning is about.
   */
  displayName?: string;
  /**
   * The user principal name of the user (or mailbox owner) the warning is about.
   */
  userPrincipalName?: string;
}
/**
 * One part of a policy's plan (with `--base-policies`): its changes, warnings and skipped mailboxes.
 *
 * This interface was referenced by `ContactSyncPlan`'s JSON-Schema
 * via the `definition` "PolicyEffect".
 */
export interface PolicyEffect {
  /**
   * Contacts to create.
   */
  create: number;
  /**
   * Contacts to update.
   */
  update: number;
  /**
   * Contacts to delete.
   */
  delete: number;
  /**
   * Mapping warnings.
   */
  warnings: number;
  /**
   * Mailboxes that could not be planned.
   */
  skipped: number;
}

/**
 * The tenant's data model and its documented JSON file format (`--tenant FILE`, `GET /_sim/tenant`):
 *
 * {
 *   "version": 1,
 *   "tenantId": "<guid>", "domain": "contoso.onmicrosoft.com",
 *   "users":  [{ "id", …Graph user properties…, "mailbox": "user"|"shared"|"room"|"equipment"|null,
 *                "deletedDateTime"?: "<iso>" (soft-deleted) }],
 *   "groups": [{ "id", "displayName", "description", "mailNickname", "mailEnabled", "securityEnabled",
 *                "groupTypes", "members": ["<user or group id>", …] }],
 *   "apps"?:  [{ "clientId", "displayName", "clientSecret"?, "federatedCredentials", "roles" }]
 * }
 *
 * User properties are Graph's own names and shapes (docs/graph-behaviour.md#user-properties), so a
 * tenant file reads like a `GET /users?$select=…` answer.
 */
import { USER_ATTRIBUTES } from "../generated/user-attributes";
import type { AppRegistration } from "../auth/apps";
import type { MailboxKind } from "../types";

export interface AssignedLicense {
  readonly skuId: string;
  readonly disabledPlans: readonly string[];
}

export interface AssignedPlan {
  readonly assignedDateTime: string;
  readonly capabilityStatus: "Enabled" | "Warning" | "Suspended" | "Deleted" | "LockedOut";
  readonly service: string;
  readonly servicePlanId: string;
}

/** A Graph user as the simulator stores it; absent and null both mean "never set". */
export interface GraphUser {
  id: string;
  userPrincipalName: string;
  displayName?: string | null;
  givenName?: string | null;
  surname?: string | null;
  mail?: string | null;
  mailNickname?: string | null;
  otherMails?: string[];
  proxyAddresses?: string[];
  businessPhones?: string[];
  mobilePhone?: string | null;
  faxNumber?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  companyName?: string | null;
  officeLocation?: string | null;
  streetAddress?: string | null;
  city?: string | null;
  state?: string | null;
  postalCode?: string | null;
  country?: string | null;
  usageLocation?: string | null;
  preferredLanguage?: string | null;
  employeeId?: string | null;
  employeeType?: string | null;
  accountEnabled?: boolean;
  userType?: "Member" | "Guest";
  createdDateTime?: string;
  deletedDateTime?: string | null;
  assignedLicenses?: AssignedLicense[];
  assignedPlans?: AssignedPlan[];
}

export type UserProperty = keyof GraphUser;

/** Graph's user properties that a `/users` query can return, top-level names (generated from Graph's types). */
const GRAPH_USER_ATTRIBUTES = [...USER_ATTRIBUTES].filter(([name]) => !name.includes("."));

/**
 * Properties a user can carry, in Graph's spelling (validates `$select` and `$filter`). A tenant
 * file may set any of them, not only the typed ones above; unset ones read as null.
 */
export const USER_PROPERTIES: readonly string[] = GRAPH_USER_ATTRIBUTES.map(([name]) => name);

/** `GET /users` without `$select` (docs/graph-behaviour.md#user-properties). */
export const DEFAULT_USER_PROPERTIES: readonly UserProperty[] = [
  "businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation",
  "preferredLanguage", "surname", "userPrincipalName", "id",
];

/** Collection-valued properties: a list answers [] when unset, never null. */
export const USER_COLLECTION_PROPERTIES: ReadonlySet<string> = new Set(
  GRAPH_USER_ATTRIBUTES.filter(([, kind]) => kind === "strings" || kind === "objects").map(([name]) => name),
);

/**
 * Properties stored outside the directory's main store: selectable on a single user only. On a
 * collection or in delta Graph answers 501 NotImplemented
 * (docs/graph-behaviour.md#properties-outside-the-directory).
 */
export const OUTSIDE_STORE_USER_PROPERTIES: ReadonlySet<string> = new Set([
  "aboutMe", "birthday", "hireDate", "interests", "mySite", "pastProjects", "preferredName",
  "responsibilities", "schools", "skills", "mailboxSettings",
]);

export interface GraphGroup {
  id: string;
  displayName: string;
  description?: string | null;
  mail?: string | null;
  mailNickname?: string | null;
  mailEnabled?: boolean;
  securityEnabled?: boolean;
  groupTypes?: string[];
  createdDateTime?: string;
}

export type GroupProperty = keyof GraphGroup;

export const GROUP_PROPERTIES: readonly GroupProperty[] = [
  "id", "displayName", "description", "mail", "mailNickname", "mailEnabled", "securityEnabled", "groupTypes",
  "createdDateTime",
];

/** Every MailboxKind, for checking the `mailbox` of a tenant file or a control-API request. */
export const MAILBOX_KINDS: ReadonlySet<string> = new Set<MailboxKind>(["user", "shared", "room", "equipment"]);

export interface TenantUser extends GraphUser {
  /** The user's Exchange Online mailbox, or null for none (guests, service accounts, unlicensed). */
  mailbox: MailboxKind | null;
}

export interface TenantGroup extends GraphGroup {
  members: string[];
}

export interface TenantFile {
  version: 1;
  tenantId: string;
  domain: string;
  users: TenantUser[];
  groups: TenantGroup[];
  apps?: AppRegistration[];
}

/** Exchange Online's service plan in Microsoft 365 / Office 365 SKUs (service "exchange"). */
export const EXCHANGE_PLAN_ID = "efb87545-963c-4e0d-99df-69c6916d9eb0";
/** Office 365 E3, a SKU that includes Exchange Online. */
export const E3_SKU_ID = "6fd2c87f-b296-42f0-b197-1e91e994b900";

/**
 * What applies when a policy leaves a field out. The schema's `default` keywords state the same
 * values for editors and the README; test/policy/resolve.test.ts keeps the two in step.
 */
import type { FolderTarget, MailboxKind, SyncMode, UserType } from "../generated/policy";
import type { ResolvedMapping, ResolvedSafety } from "./types";

const DEFAULT_FOLDER_NAME = "CYNC";
export const DEFAULT_FOLDER: FolderTarget = { name: DEFAULT_FOLDER_NAME };
export const DEFAULT_MODE: SyncMode = "sync";

/** Entra ID compares directory strings without regard to case; conditions do the same unless told. */
export const DEFAULT_IGNORE_CASE = true;

export const DEFAULT_SOURCE = {
  enabledOnly: true,
  userTypes: ["Member"] as UserType[],
  requireMail: true,
} as const;

export const DEFAULT_TARGETS = {
  mailboxKinds: ["user"] as MailboxKind[],
  requireExchangeLicense: true,
  enabledOnly: true,
  includeSelf: false,
} as const;

/** Refuse a run deleting more than max(50, 10% of owned contacts); deletions stay recoverable. */
export const DEFAULT_SAFETY: ResolvedSafety = {
  maxDeletes: 50,
  maxDeletePercent: 10,
  deletion: "deletedItems",
};

/**
 * A good phone contact: names, company, job, department, office, mail, business and mobile phones
 * (in E.164 — phones match caller ID only on international numbers,
 * docs/architecture.md#phone-numbers) and the business address. Entra's displayName is curated by
 * admins, so it wins over a composed name.
 */
export const DEFAULT_MAPPING: ResolvedMapping = {
  givenName: { attribute: "givenName" },
  surname: { attribute: "surname" },
  middleName: null,
  nickName: null,
  displayName: { firstOf: [{ attribute: "displayName" }, { template: "{givenName} {surname}" }] },
  fileAs: null,
  initials: null,
  title: null,
  jobTitle: { attribute: "jobTitle" },
  companyName: { attribute: "companyName" },
  department: { attribute: "department" },
  officeLocation: { attribute: "officeLocation" },
  profession: null,
  manager: null,
  assistantName: null,
  mobilePhone: { attribute: "mobilePhone", transform: ["phone"] },
  personalNotes: null,
  businessHomePage: null,
  emailAddresses: [{ attribute: "mail" }],
  businessPhones: [{ attribute: "businessPhones", transform: ["phone"] }],
  homePhones: [],
  imAddresses: [],
  categories: [],
  businessAddress: {
    street: { attribute: "streetAddress" },
    city: { attribute: "city" },
    state: { attribute: "state" },
    postalCode: { attribute: "postalCode" },
    countryOrRegion: { attribute: "country" },
  },
};

/**
 * Attributes every run reads whatever the policies say: identity (id, userPrincipalName, mail —
 * exclusions name users by any of these; displayName and userPrincipalName name people in plans),
 * the built-in source filters and self-exclusion.
 */
export const ALWAYS_REQUIRED_ATTRIBUTES = ["id", "accountEnabled", "userType", "mail", "userPrincipalName", "displayName"] as const;
/** Read when any policy requires an Exchange Online license of its target mailboxes. */
export const LICENSE_ATTRIBUTE = "assignedPlans";

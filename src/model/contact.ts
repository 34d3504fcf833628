/**
 * The contact model: the part of a Graph `contact` that cync writes, and the two views the planner
 * compares — what a policy wants in a mailbox ({@link DesiredContact}) and what the mailbox holds
 * ({@link CurrentContact}).
 *
 * Property types come from @microsoft/microsoft-graph-types' `Contact` (R:contact.md) with `null`
 * removed: an absent property means "no value", so a contact body never carries `null` and the
 * planner never has to tell `null`, `""` and absent apart (they all mean "empty", see plan/compare.ts).
 */
import type { Contact } from "@microsoft/microsoft-graph-types";
import type { Ownership } from "../registry/ownership";

/** Single-valued string properties cync writes, in the order a contact body lists them. */
export const SCALAR_FIELDS = [
  "givenName",
  "middleName",
  "surname",
  "nickName",
  "displayName",
  "fileAs",
  "initials",
  "title",
  "jobTitle",
  "companyName",
  "department",
  "officeLocation",
  "profession",
  "manager",
  "assistantName",
  "mobilePhone",
  "businessHomePage",
  "personalNotes",
] as const satisfies readonly (keyof Contact)[];

/** Multi-valued string properties. */
export const LIST_FIELDS = ["businessPhones", "homePhones", "imAddresses", "categories"] as const satisfies readonly (keyof Contact)[];

/** Parts of a `physicalAddress` (R:physicaladdress.md). */
export const ADDRESS_PARTS = ["street", "city", "state", "postalCode", "countryOrRegion"] as const;

/** Every contact property cync writes, in canonical body order. */
export const CONTACT_FIELDS = [...SCALAR_FIELDS, "emailAddresses", ...LIST_FIELDS, "businessAddress"] as const;

export type ScalarField = (typeof SCALAR_FIELDS)[number];
export type ListField = (typeof LIST_FIELDS)[number];
export type AddressPart = (typeof ADDRESS_PARTS)[number];
export type ContactFieldName = (typeof CONTACT_FIELDS)[number];

/** One entry of `emailAddresses` (R:emailaddress.md); `address` is required, an entry without one is no entry. */
export interface ContactEmail {
  readonly address: string;
  readonly name?: string;
}

/** `businessAddress`; absent parts are empty. */
export type ContactAddress = { readonly [P in AddressPart]?: string };

/**
 * The contact properties cync writes. Every present value is non-empty: empty strings, empty lists
 * and empty addresses are represented by absence.
 */
export type ContactFields = { readonly [F in ScalarField]?: NonNullable<Contact[F]> } & {
  readonly [F in ListField]?: readonly string[];
} & {
  readonly emailAddresses?: readonly ContactEmail[];
  readonly businessAddress?: ContactAddress;
};

/** What a policy wants in every target mailbox for one source user. */
export interface DesiredContact {
  /** The Entra object id of the user the contact describes. */
  readonly sourceUserId: string;
  readonly fields: ContactFields;
  /** `contentHash(fields)` — recorded in the ownership marker. */
  readonly hash: string;
}

/** A contact as read from a mailbox folder. */
export interface CurrentContact {
  readonly id: string;
  /** Graph's `changeKey` (changes on every edit, R:contact.md) — the applier's precondition. */
  readonly changeKey?: string;
  readonly fields: ContactFields;
  readonly ownership: Ownership;
}

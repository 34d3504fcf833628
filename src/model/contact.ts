/**
 * The contact model: the part of a Graph `contact` that cync writes, and the two views the planner
 * compares — what a policy wants in a mailbox ({@link DesiredContact}) and what the mailbox holds
 * ({@link CurrentContact}).
 *
 * Property types come from @microsoft/microsoft-graph-types' `Contact`
 * (docs/graph-behaviour.md#contact-create) with `null`
 * removed: an absent property means "no value", so a contact body never carries `null` and the
 * planner never has to tell `null`, `""` and absent apart (they all mean "empty", see plan/compare.ts).
 */
import type { Contact } from "@microsoft/microsoft-graph-types";
import { ADDRESS_PARTS, LIST_CONTACT_FIELDS, SCALAR_CONTACT_FIELDS, type AddressPart, type ListContactField, type ScalarContactField } from "../policy/types";
import type { Ownership } from "../registry/ownership";

/** The field lists are the policy language's mapping keys (one list for the whole engine). */
export { ADDRESS_PARTS, type AddressPart };

/** Compile-time tie to Graph: every field name must be a property of @microsoft/microsoft-graph-types' `Contact`. */
type GraphContactProperty<T extends keyof Contact> = T;

export type ScalarField = GraphContactProperty<ScalarContactField>;
/** Multi-valued string properties (emailAddresses holds objects and is handled apart). */
export type ListField = GraphContactProperty<Exclude<ListContactField, "emailAddresses">>;
export type ContactFieldName = GraphContactProperty<ScalarContactField | ListContactField | "businessAddress">;

/** Single-valued string properties cync writes, in the order a contact body lists them. */
export const SCALAR_FIELDS: readonly ScalarField[] = SCALAR_CONTACT_FIELDS;
export const LIST_FIELDS: readonly ListField[] = LIST_CONTACT_FIELDS.filter((f): f is ListField => f !== "emailAddresses");

/** Every contact property cync writes, in canonical body order. */
export const CONTACT_FIELDS: readonly ContactFieldName[] = [...SCALAR_FIELDS, "emailAddresses", ...LIST_FIELDS, "businessAddress"];

/**
 * One entry of `emailAddresses` (https://learn.microsoft.com/graph/api/resources/emailaddress?view=graph-rest-1.0);
 * `address` is required, an entry without one is no entry.
 */
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
  /**
   * The person's photo, scaled for phones: its `photoHash`, or null when they have none. Absent
   * when the policy does not sync photos (then a contact's photo is never looked at).
   */
  readonly photo?: string | null;
}

/** A contact as read from a mailbox folder. */
export interface CurrentContact {
  readonly id: string;
  /**
   * Graph's `changeKey` (changes on every edit, docs/graph-behaviour.md#change-key), recorded in the
   * plan; the applier checks a fresh read of the folder instead of sending it as a precondition.
   */
  readonly changeKey?: string;
  readonly fields: ContactFields;
  readonly ownership: Ownership;
  /**
   * The contact's photo as last seen: the `photoHash` of its bytes, or null for none. Read from the
   * contact when it changed since the folder's last read (src/mailbox/read.ts), else what its marker
   * says cync wrote; absent when not looked at (a policy that does not sync photos).
   */
  readonly photo?: string | null;
}

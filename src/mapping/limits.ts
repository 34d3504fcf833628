/**
 * What Exchange accepts in a contact, so every body cync sends is written (a 400 stalls a mailbox).
 *
 * Counts: emailAddresses ≤ 3 and businessPhones ≤ 2 are observed 400s ("The multi value property
 * BusinessPhones has 3 entries, that exceeds the max allowed value of 2", graph-facts §3, C#560);
 * homePhones ≤ 2 follows the same Exchange model [inf]; imAddresses ≤ 3 matches Outlook's three IM
 * slots (IMAddress1–3) [inf].
 * Lengths: 255 characters for single-line text — the common limit of Exchange string properties
 * [inf: not documented for Graph contacts]; notes are the item body, allowed far more [inf].
 */
import type { ContactFieldName } from "../model/contact";

export const MAX_VALUES: Readonly<Partial<Record<ContactFieldName, number>>> = {
  emailAddresses: 3,
  businessPhones: 2,
  homePhones: 2,
  imAddresses: 3,
};

export const DEFAULT_MAX_LENGTH = 255;

export const MAX_LENGTH: Readonly<Partial<Record<ContactFieldName, number>>> = {
  personalNotes: 32_000,
  businessHomePage: 2_048,
};

export const maxLength = (field: ContactFieldName): number => MAX_LENGTH[field] ?? DEFAULT_MAX_LENGTH;

/**
 * What Exchange accepts in a contact, so every body cync sends is written (a 400 stalls a mailbox).
 *
 * Counts: emailAddresses ≤ 3 and businessPhones ≤ 2 are observed 400s ("The multi value property
 * BusinessPhones has 3 entries, that exceeds the max allowed value of 2",
 * docs/graph-behaviour.md#multi-value-limits); homePhones ≤ 2 follows the same Exchange model and
 * imAddresses ≤ 3 matches Outlook's three IM slots (IMAddress1–3) — both inferred, unverified.
 * Lengths, in UTF-16 code units (how Exchange counts): 255 for single-line text — the MAPI
 * short-string limit Exchange applies to name and company fields; notes are the item body, allowed
 * far more (32,000 here, a bound of our own). Both inferred, not documented for Graph contacts
 * (docs/graph-behaviour.md#text-length-limits). The embedded tenant states the same facts on its
 * side (packages/simulator/src/mailbox/contact.ts); neither imports the other's.
 */
import type { ContactFieldName } from "../model/contact";

export const MAX_VALUES: Readonly<Partial<Record<ContactFieldName, number>>> = {
  emailAddresses: 3,
  businessPhones: 2,
  homePhones: 2,
  imAddresses: 3,
};

const DEFAULT_MAX_LENGTH = 255;

const MAX_LENGTH: Readonly<Partial<Record<ContactFieldName, number>>> = {
  personalNotes: 32_000,
};

export const maxLength = (field: ContactFieldName): number => MAX_LENGTH[field] ?? DEFAULT_MAX_LENGTH;

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * At most `max` UTF-16 code units, cut between graphemes (what a reader sees as one character: an
 * emoji with its skin tone or joined family, a letter with its accents) so no half-character is
 * left; a single grapheme longer than `max` (a letter under a heap of combining marks) is cut
 * between code points instead, never inside a surrogate pair.
 */
export function truncateUnits(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = 0;
  for (const { index, segment } of graphemes.segment(text)) {
    if (index + segment.length > max) break;
    end = index + segment.length;
  }
  if (end > 0) return text.slice(0, end);
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

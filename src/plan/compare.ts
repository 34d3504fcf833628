/**
 * Field comparison without flapping: two values compare equal when Exchange (or a phone's contact
 * editor) could have turned one into the other without anyone meaning a change. Decisions:
 *
 * | field                        | compared as                                                        |
 * |------------------------------|--------------------------------------------------------------------|
 * | any string                   | trimmed, CRLF → LF (notes round-trip through clients that rewrite   |
 * |                              | line ends); `null`, `""`, absent are all "empty" (model/contact.ts)  |
 * | mobilePhone, business/home   | without spaces, dots, dashes, parentheses: `+1 425-555-0100` equals |
 * | Phones                       | `+14255550100` (phones reformat numbers on edit, same number)       |
 * | emailAddresses               | addresses only, in order, case-insensitive (RFC 5321 domains and    |
 * |                              | Exchange's SMTP matching); the display `name` is ignored because a  |
 * |                              | PATCH changing only the name may be ignored → would flap            |
 * |                              | (docs/graph-behaviour.md#email-display-name-updates)                |
 * | categories                   | as a set, case-insensitive (Outlook category names are)             |
 * | other lists                  | in order (the first business phone is the one dialled)             |
 * | businessAddress              | part by part                                                        |
 */
import { CONTACT_FIELDS, type ContactFieldName, type ContactFields } from "../model/contact";

const text = (s: string): string => (s.includes("\r") ? s.replace(/\r\n/g, "\n") : s).trim();
const phone = (s: string): string => text(s).replace(/[\s.()-]/g, "");
/** Lists join on a separator no directory value contains. */
const SEP = "\u0001";

/** A comparable form of one field's value; equal forms mean "no change". */
function comparable(field: ContactFieldName, fields: ContactFields): string {
  switch (field) {
    case "emailAddresses":
      return (fields.emailAddresses ?? []).map((e) => text(e.address).toLowerCase()).join(SEP);
    case "categories":
      return [...new Set((fields.categories ?? []).map((c) => text(c).toLowerCase()))].sort().join(SEP);
    case "businessAddress": {
      const a = fields.businessAddress ?? {};
      const parts = [a.street, a.city, a.state, a.postalCode, a.countryOrRegion].map((p) => text(p ?? ""));
      return parts.some((p) => p !== "") ? parts.join(SEP) : "";
    }
    case "businessPhones":
    case "homePhones":
      return (fields[field] ?? []).map(phone).filter((v) => v !== "").join(SEP);
    case "imAddresses":
      return (fields[field] ?? []).map(text).filter((v) => v !== "").join(SEP);
    case "mobilePhone":
      return phone(fields[field] ?? "");
    default:
      return text(fields[field] ?? "");
  }
}

const comparables = (fields: ContactFields): string[] => CONTACT_FIELDS.map((field) => (fields[field] === undefined ? "" : comparable(field, fields)));

/**
 * Desired fields are shared by every mailbox of a policy (docs/architecture.md#performance-model),
 * so their comparable forms are computed once. Current fields are read fresh per mailbox and not
 * cached: a weak map entry per contact read costs the garbage collector more than it saves.
 */
const desiredForms = new WeakMap<ContactFields, readonly string[]>();

/** Names of the fields whose values differ, in canonical field order. */
export function changedFields(current: ContactFields, desired: ContactFields): ContactFieldName[] {
  let b = desiredForms.get(desired);
  if (b === undefined) {
    b = comparables(desired);
    desiredForms.set(desired, b);
  }
  const a = comparables(current);
  const out: ContactFieldName[] = [];
  for (let i = 0; i < CONTACT_FIELDS.length; i++) if (a[i] !== b[i]) out.push(CONTACT_FIELDS[i]!);
  return out;
}

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
 * |                              | PATCH changing only the name may be ignored (C#8248) → would flap   |
 * | categories                   | as a set, case-insensitive (Outlook category names are)             |
 * | other lists                  | in order (the first business phone is the one dialled)             |
 * | businessAddress              | part by part                                                        |
 */
import { CONTACT_FIELDS, type ContactFieldName, type ContactFields } from "../model/contact";

const PHONE_FIELDS: ReadonlySet<ContactFieldName> = new Set(["mobilePhone", "businessPhones", "homePhones"]);

const text = (s: string): string => s.replace(/\r\n/g, "\n").trim();
const phone = (s: string): string => text(s).replace(/[\s.()-]/g, "");

/** A comparable form of one field's value; equal forms mean "no change". */
function comparable(field: ContactFieldName, fields: ContactFields): string {
  const norm = PHONE_FIELDS.has(field) ? phone : text;
  switch (field) {
    case "emailAddresses":
      return JSON.stringify((fields.emailAddresses ?? []).map((e) => text(e.address).toLowerCase()));
    case "categories":
      return JSON.stringify([...new Set((fields.categories ?? []).map((c) => text(c).toLowerCase()))].sort());
    case "businessAddress": {
      const a = fields.businessAddress ?? {};
      return JSON.stringify([a.street, a.city, a.state, a.postalCode, a.countryOrRegion].map((p) => text(p ?? "")));
    }
    case "businessPhones":
    case "homePhones":
    case "imAddresses":
      return JSON.stringify((fields[field] ?? []).map(norm).filter((v) => v !== ""));
    default:
      return norm(fields[field] ?? "");
  }
}

/** Names of the fields whose values differ, in canonical field order. */
export function changedFields(current: ContactFields, desired: ContactFields): ContactFieldName[] {
  return CONTACT_FIELDS.filter((f) => comparable(f, current) !== comparable(f, desired));
}

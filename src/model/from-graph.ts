/**
 * Reads the fields cync manages out of a contact as Graph returns it (GET/list/delta,
 * https://learn.microsoft.com/graph/api/resources/contact?view=graph-rest-1.0).
 *
 * Graph reports unset properties as `null`, `""`, `[]` or an address whose parts are all `null`
 * (the contact resource's JSON representation; fixtures/graph/contact-update.json); all of these
 * become absence, the model's only "empty".
 * Properties cync does not write (birthday, spouseName, photo…) are ignored: they are the mailbox
 * owner's to keep.
 */
import {
  ADDRESS_PARTS,
  LIST_FIELDS,
  SCALAR_FIELDS,
  type AddressPart,
  type ContactEmail,
  type ContactFields,
  type ListField,
  type ScalarField,
} from "./contact";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const nonEmptyString = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value : undefined;

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(nonEmptyString).filter((s): s is string => s !== undefined) : [];

function emails(value: unknown): ContactEmail[] {
  if (!Array.isArray(value)) return [];
  const out: ContactEmail[] = [];
  for (const entry of value as unknown[]) {
    if (typeof entry !== "object" || entry === null) continue;
    const { address, name } = entry as { address?: unknown; name?: unknown };
    const a = nonEmptyString(address);
    if (a === undefined) continue;
    const n = nonEmptyString(name);
    out.push(n === undefined ? { address: a } : { address: a, name: n });
  }
  return out;
}

function address(value: unknown): Partial<Record<AddressPart, string>> | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const out: Partial<Record<AddressPart, string>> = {};
  for (const part of ADDRESS_PARTS) {
    const v = nonEmptyString((value as Record<string, unknown>)[part]);
    if (v !== undefined) out[part] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The managed fields of a Graph contact JSON object; anything malformed counts as empty. */
export function contactFieldsFromGraph(contact: Readonly<Record<string, unknown>>): ContactFields {
  const out: Mutable<{ [F in ScalarField]?: string } & { [F in ListField]?: string[] }> & {
    emailAddresses?: ContactEmail[];
    businessAddress?: Partial<Record<AddressPart, string>>;
  } = {};
  for (const field of SCALAR_FIELDS) {
    const v = nonEmptyString(contact[field]);
    if (v !== undefined) out[field] = v;
  }
  const mails = emails(contact["emailAddresses"]);
  if (mails.length > 0) out.emailAddresses = mails;
  for (const field of LIST_FIELDS) {
    const list = strings(contact[field]);
    if (list.length > 0) out[field] = list;
  }
  const addr = address(contact["businessAddress"]);
  if (addr !== undefined) out.businessAddress = addr;
  return out;
}

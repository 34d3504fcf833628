/**
 * mapUser: one Graph user + a resolved policy → the contact body cync wants in every target mailbox.
 *
 * The body is one Exchange always accepts (mapping/limits.ts): extra list values are dropped in order
 * (the first values are the primary ones) and over-long text is truncated, each with a warning; empty
 * values are omitted; keys come in canonical order (model/contact.ts), so the same user and policy
 * always give a byte-identical body and hash.
 *
 * Directory text is cleaned of characters a contact cannot hold (text.ts) and mail addresses that
 * are not usable are dropped (mail-address.ts), each with a warning naming the field, never the value.
 *
 * Names: `displayName` is always sent (always resend it on PATCH:
 * docs/graph-behaviour.md#display-name-regeneration). If the mapping
 * yields none, it is composed from given name and surname, else it is the first mail address — a
 * service or shared account often has an address and no name, and a phone showing the address
 * beats no contact; a user with neither a name nor an address is reported, not sent. A create without `givenName` was once refused with
 * "The property 'GivenName' is required when creating the entity." (observed in 2018:
 * docs/graph-behaviour.md#given-name-on-create), so a
 * contact with no name parts at all (a "Reception" account) gets its display name as given name —
 * phones show the same name. With a surname present it is left alone: phones compose given + surname,
 * and "Li Li" would be worse than the (unconfirmed since 2018) risk of a refused create.
 * Each email address carries the display name, the label Outlook shows beside it.
 */
import {
  CONTACT_FIELDS,
  LIST_FIELDS,
  SCALAR_FIELDS,
  ADDRESS_PARTS,
  type AddressPart,
  type ContactFieldName,
  type ContactFields,
  type DesiredContact,
} from "../model/contact";
import type { WarningCode } from "../plan/reasons";
import type { PlanWarning } from "../plan/types";
import type { Expression } from "../generated/policy";
import type { ResolvedPolicy } from "../policy/types";
import { contentHash } from "../registry/hash";
import { evaluate } from "./expression";
import { MAX_VALUES, maxLength, truncateUnits } from "./limits";
import { isMailAddress } from "./mail-address";

export type MapResult =
  | { readonly ok: true; readonly contact: DesiredContact; readonly warnings: readonly PlanWarning[] }
  | { readonly ok: false; readonly sourceUserId?: string; readonly reason: string };

type User = Readonly<Record<string, unknown>>;

/** Maps one Graph user (JSON as `GET /users` returns it) with a resolved policy; see the module doc. */
export function mapUser(user: User, policy: ResolvedPolicy): MapResult {
  const id = user["id"];
  if (typeof id !== "string" || id === "") return { ok: false, reason: "the user has no object id" };
  const warnings: PlanWarning[] = [];
  const warn = (code: WarningCode, message: string): void => {
    warnings.push({ code, message, sourceUserId: id });
  };
  const { mapping, defaultRegion } = policy;

  const values = (field: ContactFieldName, exprs: readonly Expression[]): string[] => {
    let badPhones = 0;
    let invalid = 0;
    const ctx = { defaultRegion, onBadPhone: () => void badPhones++, onInvalidCharacters: () => void invalid++ };
    const out = exprs.flatMap((e) => evaluate(e, user, ctx)).map((v) => v.trim());
    if (invalid > 0) warn("invalid-characters", `${field}: control characters, noncharacters or lone surrogates removed from ${invalid} value(s)`);
    if (badPhones > 0) warn("phone-not-international", `${field}: ${badPhones} number(s) could not be read as international phone numbers; written as they are`);
    return out;
  };
  const limitLength = (field: ContactFieldName, value: string): string => {
    const max = maxLength(field);
    const cut = truncateUnits(value, max);
    if (cut !== value) warn("truncated", `${field}: longer than ${max} characters; truncated`);
    return cut.trim();
  };

  const scalars = new Map<ContactFieldName, string>();
  for (const field of SCALAR_FIELDS) {
    const expr = mapping[field];
    const first = expr === null ? undefined : values(field, [expr])[0];
    if (first !== undefined) scalars.set(field, limitLength(field, first));
  }

  const lists = new Map<ContactFieldName, string[]>();
  for (const field of ["emailAddresses", ...LIST_FIELDS] as const) {
    // Duplicates are dropped; addresses compare case-insensitively (SMTP), other values exactly.
    const key = field === "emailAddresses" ? (v: string) => v.toLowerCase() : (v: string) => v;
    const seen = new Set<string>();
    let list = values(field, mapping[field]).filter((v) => !seen.has(key(v)) && seen.add(key(v)));
    if (field === "emailAddresses") {
      const usable = list.filter(isMailAddress);
      if (usable.length < list.length) warn("invalid-address", `${field}: ${list.length - usable.length} value(s) not a usable mail address; dropped`);
      list = usable;
    }
    const max = MAX_VALUES[field];
    if (max !== undefined && list.length > max) {
      warn("too-many-values", `${field}: ${list.length} values, Exchange accepts ${max}; kept the first ${max}`);
      list = list.slice(0, max);
    }
    if (list.length > 0) lists.set(field, list.map((v) => limitLength(field, v)));
  }

  // Composed from two parts of up to 255 units each, a name can be longer than Exchange accepts.
  const composed = [scalars.get("givenName"), scalars.get("surname")].filter(Boolean).join(" ");
  const displayName = scalars.get("displayName") ?? (composed === "" ? (lists.get("emailAddresses")?.[0] ?? "") : limitLength("displayName", composed));
  if (displayName === "") {
    return { ok: false, sourceUserId: id, reason: "no name and no mail address: displayName, givenName, surname and the mail addresses are all empty" };
  }
  scalars.set("displayName", displayName);
  if (!scalars.has("givenName") && !scalars.has("surname")) scalars.set("givenName", displayName);

  let address: Partial<Record<AddressPart, string>> | undefined;
  for (const part of ADDRESS_PARTS) {
    const expr = mapping.businessAddress?.[part] ?? null;
    const first = expr === null ? undefined : values("businessAddress", [expr])[0];
    if (first !== undefined) (address ??= {})[part] = limitLength("businessAddress", first);
  }

  const fields: Record<string, unknown> = {};
  for (const field of CONTACT_FIELDS) {
    if (field === "businessAddress") {
      if (address !== undefined) fields[field] = address;
    } else if (field === "emailAddresses") {
      const mails = lists.get(field);
      if (mails !== undefined) fields[field] = mails.map((address) => ({ address, name: displayName }));
    } else {
      const v = scalars.get(field) ?? lists.get(field);
      if (v !== undefined) fields[field] = v;
    }
  }
  const contactFields = fields as ContactFields;
  return { ok: true, contact: { sourceUserId: id, fields: contactFields, hash: contentHash(contactFields) }, warnings };
}

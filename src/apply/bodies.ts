/**
 * Request bodies the applier sends (pure). One contact is written with one POST, its ownership
 * marker inline (A:user-post-contacts.md, A:opentypeextension-post-opentypeextension.md); an update
 * PATCHes only the changed fields plus `displayName`, which Exchange may otherwise regenerate from
 * the name fields (R:contact.md: "always resend displayName on PATCH", graph-facts §3).
 */
import { ADDRESS_PARTS, LIST_FIELDS, type ContactFieldName, type ContactFields, type DesiredContact } from "../model/contact";
import { markerExtension, type MarkerExtension } from "../registry/ownership";

type Body = Record<string, unknown>;

/** The POST body creating `contact` for `policy`: every mapped field and the marker. */
export function createBody(policy: string, contact: DesiredContact): Body & { extensions: [MarkerExtension] } {
  return { ...contact.fields, extensions: [markerExtension(policy, contact.sourceUserId, contact.hash)] };
}

const LISTS: ReadonlySet<ContactFieldName> = new Set([...LIST_FIELDS, "emailAddresses"]);

/**
 * The value `field` takes in a PATCH. The model drops empty values (model/contact.ts), so a field
 * that became empty is sent explicitly: a collection is replaced whole by an empty one (OData,
 * graph-facts §3), a string by null. The address is always sent with every part, absent ones null,
 * so no part of the old address survives beside the new one.
 */
function patchValue(field: ContactFieldName, desired: ContactFields): unknown {
  if (field === "businessAddress") {
    return Object.fromEntries(ADDRESS_PARTS.map((p) => [p, desired.businessAddress?.[p] ?? null]));
  }
  return desired[field] ?? (LISTS.has(field) ? [] : null);
}

/** The PATCH body turning a contact's `changed` fields into `desired`'s, displayName always included. */
export function patchBody(desired: ContactFields, changed: readonly ContactFieldName[]): Body {
  const body: Body = {};
  for (const field of new Set<ContactFieldName>([...changed, "displayName"])) body[field] = patchValue(field, desired);
  return body;
}

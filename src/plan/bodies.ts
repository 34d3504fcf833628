/**
 * Graph request bodies for planned changes — what the applier sends, one request per change
 * (docs/architecture.md#performance-model).
 */
import { ADDRESS_PARTS, CONTACT_FIELDS, type ContactFieldName, type ContactFields, type DesiredContact } from "../model/contact";
import { markerExtension, type MarkerExtension } from "../registry/ownership";
import type { ContactUpdate } from "./types";

export type CreateContactBody = ContactFields & { readonly extensions: readonly [MarkerExtension] };

/**
 * `POST …/contactFolders/{id}/contacts` body: the fields plus the ownership marker inline, so a
 * contact never exists without its marker (docs/graph-behaviour.md#inline-extension-on-create).
 * With a photo, the marker records its hash already: the applier uploads it right after the create
 * (a contact whose upload failed is found without it by the next read: docs/architecture.md#photos).
 */
export function createBody(policy: string, desired: DesiredContact): CreateContactBody {
  return { ...desired.fields, extensions: [markerExtension(policy, desired.sourceUserId, desired.hash, desired.photo ?? undefined)] };
}

/**
 * `PATCH …/contacts/{id}` body: the changed fields, a cleared one as `null` (scalars and the address
 * parts) or `[]` (collections replace the stored list, docs/graph-behaviour.md#contact-update).
 * `displayName` is always sent: Exchange may regenerate it when other name fields change
 * (docs/graph-behaviour.md#display-name-regeneration).
 */
export function updateBody(update: ContactUpdate): Record<string, unknown> {
  const fields = new Set<ContactFieldName>([...update.changed, "displayName"]);
  const body: Record<string, unknown> = {};
  for (const field of CONTACT_FIELDS) {
    if (!fields.has(field)) continue;
    const value = update.new[field];
    switch (field) {
      case "businessAddress": {
        const address = update.new.businessAddress ?? {};
        body[field] = Object.fromEntries(ADDRESS_PARTS.map((p) => [p, address[p] ?? null]));
        break;
      }
      case "emailAddresses":
      case "businessPhones":
      case "homePhones":
      case "imAddresses":
      case "categories":
        body[field] = value ?? [];
        break;
      default:
        body[field] = value ?? null;
    }
  }
  return body;
}

/**
 * The contact resource as Exchange Online stores and Graph returns it
 * (https://learn.microsoft.com/graph/api/resources/contact?view=graph-rest-1.0,
 * fixtures/graph/contact-update.json): which properties exist, how a request body is validated, and
 * how a stored contact is rendered. Pure functions; the store (store.ts) owns the data.
 */
import { isRecord } from "../is-record";

/** The writable properties a contact holds; absent = null/[]/{} when rendered. */
export type ContactProps = Partial<Record<string, unknown>>;

type Kind = "string" | "strings" | "emails" | "address" | "dateTime";

/**
 * Writable properties and their Edm kinds, in the order Graph renders them (contact-update.json).
 * `generation` and the yomi* fields appear in that fixture although the contact resource page lists
 * fewer.
 */
const WRITABLE: ReadonlyArray<readonly [string, Kind]> = [
  ["categories", "strings"],
  ["birthday", "dateTime"],
  ["fileAs", "string"],
  ["displayName", "string"],
  ["givenName", "string"],
  ["initials", "string"],
  ["middleName", "string"],
  ["nickName", "string"],
  ["surname", "string"],
  ["title", "string"],
  ["yomiGivenName", "string"],
  ["yomiSurname", "string"],
  ["yomiCompanyName", "string"],
  ["generation", "string"],
  ["emailAddresses", "emails"],
  ["imAddresses", "strings"],
  ["jobTitle", "string"],
  ["companyName", "string"],
  ["department", "string"],
  ["officeLocation", "string"],
  ["profession", "string"],
  ["businessHomePage", "string"],
  ["assistantName", "string"],
  ["manager", "string"],
  ["homePhones", "strings"],
  ["mobilePhone", "string"],
  ["businessPhones", "strings"],
  ["homeAddress", "address"],
  ["businessAddress", "address"],
  ["otherAddress", "address"],
  ["spouseName", "string"],
  ["personalNotes", "string"],
  ["children", "strings"],
];
const KIND = new Map<string, Kind>(WRITABLE);

/** Server-maintained properties, rendered before the writable ones (contact-update.json order). */
const READ_ONLY = ["id", "createdDateTime", "lastModifiedDateTime", "changeKey", "parentFolderId"] as const;

/** Every property `$select` may name (lower-case key → canonical name). */
export const SELECTABLE: ReadonlyMap<string, string> = new Map(
  [...READ_ONLY, ...KIND.keys()].map((name) => [name.toLowerCase(), name]),
);

/**
 * Exchange's multi-value limits: observed 400s "The multi value property BusinessPhones has 3
 * entries, that exceeds the max allowed value of 2" and "EmailAddresses has 4 entries … 3"
 * (docs/graph-behaviour.md#multi-value-limits); homePhones ≤ 2 follows the same Exchange model
 * (inferred).
 */
const MULTI_VALUE_LIMITS: Readonly<Record<string, number>> = { emailAddresses: 3, businessPhones: 2, homePhones: 2 };

/**
 * Longest accepted string, in UTF-16 units. Exchange does not document per-property limits for
 * REST; 255 is the MAPI short-string limit it applies to name/company fields, and notes are a
 * long-text body (32 KiB chosen) — both inferred (docs/graph-behaviour.md#text-length-limits).
 * Being inferred, the text limit can be set stricter per tenant (`contactLimits`), to show what a
 * client does when Exchange refuses what it believed acceptable.
 */
export interface ContactLimits {
  /** Longest single-line text property. @default 255 */
  readonly textLength: number;
}
const DEFAULT_CONTACT_LIMITS: ContactLimits = { textLength: 255 };
const MAX_NOTES_LENGTH = 32 * 1024;

/**
 * Characters an Exchange item cannot hold: those outside XML 1.0's `Char` production
 * (https://www.w3.org/TR/xml/#charsets) — C0 controls but tab, line feed and carriage return,
 * U+FFFE, U+FFFF and lone surrogates. Exchange refuses an item carrying them
 * (docs/graph-behaviour.md#invalid-characters).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;
const ADDRESS_FIELDS = new Set(["street", "city", "state", "countryOrRegion", "postalCode"]);
const EMAIL_FIELDS = new Set(["name", "address"]);

/** A validation failure, turned into a Graph 400 by the routes. */
export interface BodyError {
  readonly code: string;
  readonly message: string;
}

function unknownProperty(name: string, type = "microsoft.graph.contact"): BodyError {
  // Graph's OData reader rejects properties the type does not declare (code RequestBodyRead).
  return {
    code: "RequestBodyRead",
    message: `The property '${name}' does not exist on type '${type}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
  };
}

function badValue(name: string, expected: string): BodyError {
  return { code: "RequestBodyRead", message: `Cannot convert the value of property '${name}' to the expected type '${expected}'.` };
}

function tooLong(name: string, max: number): BodyError {
  return { code: "ErrorInvalidProperty", message: `The property '${name}' exceeds the maximum length of ${max}.` };
}

function invalidCharacter(name: string): BodyError {
  return { code: "ErrorInvalidProperty", message: `The property '${name}' contains a character that is not valid.` };
}

function checkString(name: string, v: unknown, max: number): BodyError | undefined {
  if (v === null) return undefined;
  if (typeof v !== "string") return badValue(name, "Edm.String");
  if (v.length > max) return tooLong(name, max);
  return NOT_XML_CHAR.test(v) ? invalidCharacter(name) : undefined;
}

function checkObject(name: string, v: unknown, fields: ReadonlySet<string>, type: string, max: number): BodyError | undefined {
  if (v === null) return undefined;
  if (!isRecord(v)) return badValue(name, type);
  for (const [k, field] of Object.entries(v)) {
    if (k.startsWith("@odata.")) continue;
    if (!fields.has(k)) return unknownProperty(k, type);
    const err = checkString(`${name}.${k}`, field, max);
    if (err) return err;
  }
  return undefined;
}

function checkValue(name: string, kind: Kind, v: unknown, limits: ContactLimits): BodyError | undefined {
  const max = limits.textLength;
  switch (kind) {
    case "string":
      return checkString(name, v, name === "personalNotes" ? MAX_NOTES_LENGTH : max);
    case "dateTime":
      // Edm.DateTimeOffset: Exchange accepts a date or a date-time (contact-update.json sends "1974-07-22").
      return v === null || (typeof v === "string" && !Number.isNaN(Date.parse(v))) ? undefined : badValue(name, "Edm.DateTimeOffset");
    case "address":
      return checkObject(name, v, ADDRESS_FIELDS, "microsoft.graph.physicalAddress", max);
    case "strings":
    case "emails": {
      if (v === null) return undefined;
      if (!Array.isArray(v)) return badValue(name, kind === "strings" ? "Collection(Edm.String)" : "Collection(microsoft.graph.emailAddress)");
      const limit = MULTI_VALUE_LIMITS[name];
      if (limit !== undefined && v.length > limit) {
        const exchangeName = name.charAt(0).toUpperCase() + name.slice(1);
        return {
          code: "ErrorInvalidArgument",
          message: `The multi value property ${exchangeName} has ${v.length} entries, that exceeds the max allowed value of ${limit}`,
        };
      }
      for (const item of v) {
        const err =
          kind === "strings"
            ? typeof item === "string"
              ? checkString(name, item, max)
              : badValue(name, "Edm.String")
            : checkObject(name, item, EMAIL_FIELDS, "microsoft.graph.emailAddress", max);
        if (err) return err;
      }
      return undefined;
    }
  }
}

/**
 * Validates a create/PATCH body and returns the writable properties it sets (`extensions` and
 * server-maintained properties are left to the caller). `parentFolderId`, `id` and the other
 * read-only properties are ignored as Exchange ignores them (the folder comes from the URL).
 */
function parseContactBody(body: unknown, limits: ContactLimits): { props: ContactProps } | { error: BodyError } {
  if (!isRecord(body)) return { error: { code: "RequestBodyRead", message: "The request body must be a JSON object." } };
  const props: ContactProps = {};
  for (const [name, value] of Object.entries(body)) {
    if (name.startsWith("@odata.") || name === "extensions" || (READ_ONLY as readonly string[]).includes(name)) continue;
    const kind = KIND.get(name);
    if (kind === undefined) return { error: unknownProperty(name) };
    const err = checkValue(name, kind, value, limits);
    if (err) return { error: err };
    props[name] = value;
  }
  return { props };
}

/**
 * Exchange derives displayName from the name parts when it is not given (contact-create.json:
 * givenName "Pavel" + surname "Bansky" → "Pavel Bansky"), and "displayName may be regenerated when
 * other name fields change" (docs/graph-behaviour.md#display-name-regeneration) — modelled as: a
 * write that sets givenName or surname without displayName regenerates it.
 */
function deriveDisplayName(before: ContactProps, patch: ContactProps): string | undefined {
  if ("displayName" in patch || !("givenName" in patch || "surname" in patch)) return undefined;
  const merged = { ...before, ...patch };
  const parts = [merged["givenName"], merged["surname"]].filter((p): p is string => typeof p === "string" && p !== "");
  return parts.join(" ");
}

/**
 * A create (`before` undefined) or PATCH body turned into the property patch to store, with
 * displayName derived as Exchange derives it.
 */
export function parseContactWrite(
  body: unknown,
  before: ContactProps | undefined,
  limits: ContactLimits = DEFAULT_CONTACT_LIMITS,
): { props: ContactProps } | { error: BodyError } {
  const parsed = parseContactBody(body, limits);
  if ("error" in parsed) return parsed;
  const derived = deriveDisplayName(before ?? {}, parsed.props);
  return { props: derived === undefined ? parsed.props : { ...parsed.props, displayName: derived } };
}

/** The empty value Graph renders for an unset property of each kind (contact-update.json). */
function emptyValue(kind: Kind): unknown {
  switch (kind) {
    case "strings":
    case "emails":
      return [];
    case "address":
      return {};
    default:
      return null;
  }
}

/** Server-maintained facts about one stored contact, needed to render it. */
export interface ContactHead {
  readonly id: string;
  readonly created: number;
  readonly modified: number;
  readonly changeKey: string;
  readonly folderId: string;
}

/** Graph's timestamp format for Outlook items: seconds precision, `Z` (contact-update.json). */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Renders a contact in Graph's shape: `@odata.etag`, then the server-maintained properties, then
 * every writable property (unset ones as null / [] / {}). With `select`, only those properties
 * (plus id and the etag, which Graph always returns).
 */
export function renderContact(head: ContactHead, props: ContactProps, select?: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = { "@odata.etag": `W/"${head.changeKey}"` };
  const want = (name: string): boolean => select === undefined || name === "id" || select.has(name);
  if (want("id")) out["id"] = head.id;
  if (want("createdDateTime")) out["createdDateTime"] = isoSeconds(head.created);
  if (want("lastModifiedDateTime")) out["lastModifiedDateTime"] = isoSeconds(head.modified);
  if (want("changeKey")) out["changeKey"] = head.changeKey;
  for (const [name, kind] of WRITABLE) {
    if (want(name)) {
      const v = props[name];
      out[name] = v === undefined || v === null ? emptyValue(kind) : v;
    }
    // Graph places parentFolderId right after categories (contact-update.json).
    if (name === "categories" && want("parentFolderId")) out["parentFolderId"] = head.folderId;
  }
  return out;
}

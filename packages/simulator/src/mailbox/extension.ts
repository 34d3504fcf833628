/**
 * Open extensions on Outlook items (docs/graph-behaviour.md#open-extensions, which links each
 * Microsoft Learn page; payloads fixtures/graph/open-extension-*.json).
 */
import type { BodyError } from "./contact";

/** Custom properties of one extension: primitives or arrays of primitives (docs/graph-behaviour.md#extension-names). */
export type ExtensionProps = Record<string, unknown>;

/** The id prefix in create responses… */
const CREATE_PREFIX = "microsoft.graph.openTypeExtension.";
/** …and the one Outlook reports on every read (open-extension-get-by-name.json). */
const READ_PREFIX = "Microsoft.OutlookServices.OpenTypeExtension.";

/** Either id form, or the bare name, reduced to the extension name; paths accept all three. */
export function extensionName(idOrName: string): string {
  const lower = idOrName.toLowerCase();
  for (const prefix of [CREATE_PREFIX, READ_PREFIX]) {
    if (lower.startsWith(prefix.toLowerCase())) return idOrName.slice(prefix.length);
  }
  return idOrName;
}

/** Extension names compare case-insensitively, as Exchange named properties do (inferred: docs/graph-behaviour.md#extension-names). */
export const extensionKey = (name: string): string => name.toLowerCase();

const isPrimitive = (v: unknown): boolean => v === null || ["string", "number", "boolean"].includes(typeof v);

/**
 * Validates an extension body (`@odata.type`, `extensionName`, custom properties) and returns its
 * name and custom properties. `expectedName` is set on PATCH, where the name comes from the path.
 */
export function parseExtensionBody(body: unknown, expectedName?: string): { name: string; props: ExtensionProps } | { error: BodyError } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { error: { code: "RequestBodyRead", message: "The request body must be a JSON object." } };
  }
  const record = body as Record<string, unknown>;
  const type = record["@odata.type"];
  if (type !== undefined && String(type).replace(/^#/, "").toLowerCase() !== "microsoft.graph.opentypeextension") {
    return { error: { code: "RequestBodyRead", message: `The type '${String(type)}' is not an open type extension.` } };
  }
  const given = record["extensionName"];
  const name = typeof given === "string" && given !== "" ? given : expectedName;
  if (name === undefined) return { error: { code: "ErrorInvalidRequest", message: "The extensionName property is required." } };
  // Names starting Com.Microsoft or Com.OnMicrosoft are reserved
  // (docs/graph-behaviour.md#extension-names).
  if (/^com\.(on)?microsoft/i.test(name)) {
    return { error: { code: "ErrorInvalidRequest", message: `The extension name '${name}' is reserved.` } };
  }
  const props: ExtensionProps = {};
  for (const [key, value] of Object.entries(record)) {
    if (key.startsWith("@odata.") || key === "extensionName" || key === "id") continue;
    const ok = Array.isArray(value) ? value.every(isPrimitive) : isPrimitive(value);
    if (!ok) {
      return { error: { code: "ErrorInvalidRequest", message: `The value of extension property '${key}' must be a primitive or an array of primitives.` } };
    }
    props[key] = value;
  }
  return { name, props };
}

/**
 * Outlook stores DateTime-looking values as DateTime and drops a zero fraction on read
 * ("2015-12-03T10:00:00.000Z" → "2015-12-03T10:00:00Z", open-extension-get-by-name.json).
 */
const ZERO_FRACTION = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.0+Z$/;
const onRead = (v: unknown): unknown => (typeof v === "string" ? v.replace(ZERO_FRACTION, "$1Z") : v);

/**
 * One extension in Graph's shape. `form` "create" uses the create-response id prefix and echoes
 * values as sent; "read" uses Outlook's read prefix and read-side value normalisation.
 */
export function renderExtension(
  itemUrl: string,
  name: string,
  props: ExtensionProps,
  form: "create" | "read",
): Record<string, unknown> {
  const id = (form === "create" ? CREATE_PREFIX : READ_PREFIX) + name;
  const out: Record<string, unknown> = {
    "@odata.type": "#microsoft.graph.openTypeExtension",
    "@odata.id": `${itemUrl}/extensions('${id}')`,
    extensionName: name,
    id,
  };
  for (const [key, value] of Object.entries(props)) out[key] = form === "read" ? onRead(value) : value;
  return out;
}

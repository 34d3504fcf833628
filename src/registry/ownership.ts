/**
 * The ownership marker — the only place that knows its format (external-dns registry/txt,
 * docs/architecture.md#the-ownership-marker).
 *
 * Every contact cync writes carries ONE open extension with ONE fixed name (each distinct extension
 * name consumes a finite MAPI named property per mailbox, so the name never varies with the policy:
 * docs/graph-behaviour.md#extension-names). Its properties record the format version, the owning
 * policy, the source user and the content hash of the fields cync created the contact with (updates
 * rewrite fields only, one PATCH each; ownership never depends on the hash, and the planner
 * compares fields) — and, for a policy that syncs photos, the hash of the photo cync last wrote
 * (`photoHash`, absent when cync wrote none: the planner compares it with the person's photo, so a
 * contact is re-photographed only when that changed; docs/architecture.md#photos). `photoHash` is
 * optional rather than a new format version, so markers written before photos existed still read
 * as owned. Reading it classifies a contact:
 *
 *   owned    marker of the policy being planned           → may be updated or deleted
 *   foreign  well-formed marker of another policy         → never touched
 *   unmarked no marker, or one cync cannot read (unknown   → never touched: an unreadable marker means
 *            version, missing or mistyped properties)        "not ours", like ErrInvalidHeritage
 */
import { isRecord } from "../json/record";

/** Fixed reverse-DNS extension name (never `Com.Microsoft…`, docs/graph-behaviour.md#extension-names). */
export const EXTENSION_NAME = "io.cync.owner";

/** Marker format written by this version; any other value reads as unmarked. */
export const MARKER_VERSION = 1;

/**
 * Graph reports an extension's `id` as `microsoft.graph.openTypeExtension.{name}` in a create
 * response but `Microsoft.OutlookServices.OpenTypeExtension.{name}` on GET
 * (docs/graph-behaviour.md#extension-id-forms); both identify our marker.
 */
const ID_PREFIXES = ["microsoft.graph.openTypeExtension.", "Microsoft.OutlookServices.OpenTypeExtension."] as const;
/** Exchange matches extension names case-insensitively; so do we. */
const OUR_IDS: ReadonlySet<string> = new Set(ID_PREFIXES.map((p) => `${p}${EXTENSION_NAME}`.toLowerCase()));

export type Ownership =
  | { readonly kind: "owned"; readonly policy: string; readonly sourceUserId: string; readonly hash: string; readonly photoHash?: string }
  | { readonly kind: "foreign"; readonly policy: string; readonly sourceUserId: string }
  | { readonly kind: "unmarked" };

/** The inline `extensions` item of a contact POST (docs/graph-behaviour.md#inline-extension-on-create). */
export interface MarkerExtension {
  readonly "@odata.type": "microsoft.graph.openTypeExtension";
  readonly extensionName: typeof EXTENSION_NAME;
  readonly formatVersion: typeof MARKER_VERSION;
  readonly policy: string;
  readonly sourceUserId: string;
  readonly contentHash: string;
  readonly photoHash?: string;
}

/**
 * The marker for a contact written by `policy` for `sourceUserId`. Also the full body of an
 * extension PATCH: PATCH replaces the whole extension (docs/graph-behaviour.md#extension-update-replaces),
 * so it always sends all properties.
 */
export function markerExtension(policy: string, sourceUserId: string, hash: string, photoHash?: string): MarkerExtension {
  const marker: MarkerExtension = {
    "@odata.type": "microsoft.graph.openTypeExtension",
    extensionName: EXTENSION_NAME,
    formatVersion: MARKER_VERSION,
    policy,
    sourceUserId,
    contentHash: hash,
  };
  return photoHash === undefined ? marker : { ...marker, photoHash };
}

/** The marker's path below a contact's: its PATCH replaces it whole (docs/graph-behaviour.md#extension-update-replaces). */
export const MARKER_PATH = `extensions/${EXTENSION_NAME}`;

/**
 * The `$expand` value that returns our marker with each contact (a bare `extensions` is refused:
 * docs/graph-behaviour.md#reading-extensions).
 */
export function expandQuery(): string {
  return `extensions($filter=id eq '${EXTENSION_NAME}')`;
}

/** The `$filter` value listing only contacts that carry our marker (docs/graph-behaviour.md#reading-extensions). */
export function markedFilter(): string {
  return `Extensions/any(f:f/id eq '${EXTENSION_NAME}')`;
}

function isOurExtension(ext: Record<string, unknown>): boolean {
  const id = ext["id"];
  if (typeof id === "string") return OUR_IDS.has(id.toLowerCase());
  return typeof ext["extensionName"] === "string" && ext["extensionName"].toLowerCase() === EXTENSION_NAME;
}

const nonEmpty = (v: unknown): v is string => typeof v === "string" && v !== "";

/**
 * Classifies a contact as returned by Graph with `$expand=` {@link expandQuery} relative to `policyName`.
 * Anything unexpected — no `extensions`, a malformed item, an unknown format version — is `unmarked`.
 */
export function readOwnership(contact: { readonly extensions?: unknown }, policyName: string): Ownership {
  const { extensions } = contact;
  if (!Array.isArray(extensions)) return { kind: "unmarked" };
  const marker = (extensions as unknown[]).find((e): e is Record<string, unknown> => isRecord(e) && isOurExtension(e));
  if (marker === undefined) return { kind: "unmarked" };
  const { formatVersion, policy, sourceUserId, contentHash, photoHash } = marker;
  if (formatVersion !== MARKER_VERSION || !nonEmpty(policy) || !nonEmpty(sourceUserId) || !nonEmpty(contentHash)) {
    return { kind: "unmarked" };
  }
  if (photoHash !== undefined && !nonEmpty(photoHash)) return { kind: "unmarked" };
  if (policy !== policyName) return { kind: "foreign", policy, sourceUserId };
  return photoHash === undefined ? { kind: "owned", policy, sourceUserId, hash: contentHash } : { kind: "owned", policy, sourceUserId, hash: contentHash, photoHash };
}

/**
 * Content hashes: of mapped contact fields, sha256 over canonical JSON (object keys sorted at every
 * level, arrays in order — the same canonical form that digests policies); of a photo, sha256 over
 * its bytes. Both truncated to 16 bytes and base64url-encoded (22 characters): short because they
 * are stored in every contact's marker; 128 bits are ample to tell revisions apart.
 */
import { createHash } from "node:crypto";
import type { ContactFields } from "../model/contact";
import { canonicalJson } from "../json/canonical";

const short = (data: string | Uint8Array): string => createHash("sha256").update(data).digest().subarray(0, 16).toString("base64url");

/** Stable hash of contact fields (see module doc). */
export function contentHash(fields: ContactFields): string {
  return short(canonicalJson(fields));
}

/** Hash of a photo's bytes (see module doc): what the marker records and the planner compares. */
export function photoHash(bytes: Uint8Array): string {
  return short(bytes);
}

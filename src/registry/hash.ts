/**
 * Content hash of mapped contact fields: sha256 over canonical JSON (object keys sorted at every
 * level, arrays in order — the same canonical form that digests policies), truncated to 16 bytes and
 * base64url-encoded (22 characters). Short because it is stored in every contact's marker; 128 bits
 * are ample to tell revisions apart.
 */
import { createHash } from "node:crypto";
import type { ContactFields } from "../model/contact";
import { canonicalJson } from "../json/canonical";

/** Stable hash of contact fields (see module doc). */
export function contentHash(fields: ContactFields): string {
  return createHash("sha256").update(canonicalJson(fields)).digest().subarray(0, 16).toString("base64url");
}

/**
 * Content hash of mapped contact fields: sha256 over canonical JSON (object keys sorted at every
 * level, arrays in order), truncated to 16 bytes and base64url-encoded (22 characters). Short
 * because it is stored in every contact's marker; 128 bits are ample to tell revisions apart.
 */
import { createHash } from "node:crypto";
import type { ContactFields } from "../model/contact";

/** JSON with object keys sorted recursively, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}

/** Stable hash of contact fields (see module doc). */
export function contentHash(fields: ContactFields): string {
  return createHash("sha256").update(canonicalJson(fields)).digest().subarray(0, 16).toString("base64url");
}

/**
 * One canonical JSON for the whole engine — policy digests (src/policy/resolve.ts), contact content
 * hashes (src/registry/hash.ts), directory digests (src/engine/digest.ts) and policy comparison
 * (src/policy/overlap.ts): object keys sorted at every level, arrays in order, undefined members
 * dropped, so equal values serialise equally whatever their key order.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

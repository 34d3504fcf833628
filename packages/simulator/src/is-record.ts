/**
 * A JSON object (not null, not an array) — the simulator's one copy of this check, since it imports
 * nothing of cync's (docs/architecture.md#the-embedded-tenant).
 */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

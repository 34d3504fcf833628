/** True for a JSON object (not null, not an array): the shape every Graph body, state record and saved plan is checked against before its fields are read. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

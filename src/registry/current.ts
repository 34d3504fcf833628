/** Turns one Graph contact JSON object (read with `$expand=` expandQuery()) into the planner's {@link CurrentContact}. */
import type { CurrentContact } from "../model/contact";
import { contactFieldsFromGraph } from "../model/from-graph";
import { readOwnership } from "./ownership";

/**
 * `undefined` when the object has no string `id` (nothing can be planned against it).
 * `changeKey` is kept for the plan (docs/graph-behaviour.md#change-key).
 */
export function currentContactFromGraph(contact: Readonly<Record<string, unknown>>, policyName: string): CurrentContact | undefined {
  const { id, changeKey } = contact;
  if (typeof id !== "string" || id === "") return undefined;
  const base = { id, fields: contactFieldsFromGraph(contact), ownership: readOwnership(contact, policyName) };
  return typeof changeKey === "string" ? { ...base, changeKey } : base;
}

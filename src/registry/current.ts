/** Turns one Graph contact JSON object (read with `$expand=` expandQuery()) into the planner's {@link CurrentContact}. */
import type { CurrentContact } from "../model/contact";
import { contactFieldsFromGraph } from "../model/from-graph";
import { readOwnership } from "./ownership";

/**
 * The key under which the mailbox reader records, beside a contact as Graph returned it, the hash
 * of the photo it found on the contact (null: none) — not a Graph property (src/mailbox/read.ts).
 */
export const SEEN_PHOTO = "@cync.photoHash";

/**
 * `undefined` when the object has no string `id` (nothing can be planned against it).
 * `changeKey` is kept for the plan (docs/graph-behaviour.md#change-key). An owned contact's `photo`
 * is the photo the reader found on it, else the one its marker says cync wrote.
 */
export function currentContactFromGraph(contact: Readonly<Record<string, unknown>>, policyName: string): CurrentContact | undefined {
  const { id, changeKey } = contact;
  if (typeof id !== "string" || id === "") return undefined;
  const ownership = readOwnership(contact, policyName);
  const seen = contact[SEEN_PHOTO];
  const photo = typeof seen === "string" || seen === null ? seen : ownership.kind === "owned" ? (ownership.photoHash ?? null) : undefined;
  const base = { id, fields: contactFieldsFromGraph(contact), ownership, ...(photo === undefined ? {} : { photo }) };
  return typeof changeKey === "string" ? { ...base, changeKey } : base;
}

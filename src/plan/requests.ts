/**
 * Graph requests the applier sends for one planned change (src/apply/mailbox.ts), so the plan's
 * estimate (src/render/estimate.ts) counts what applying it costs: one request per change is the
 * floor (docs/architecture.md#performance-model), and a photo adds its own
 * (docs/architecture.md#photos).
 */
import type { DesiredContact } from "../model/contact";
import type { ContactUpdate } from "./types";

/** The POST, and the photo's PUT when the person has a photo. */
export const createRequests = (c: DesiredContact): number => (typeof c.photo === "string" ? 2 : 1);

/**
 * The PATCH of the changed fields, if any; a new photo's PUT and the marker PATCH recording it; a
 * photo to remove replaces the contact: a POST and a DELETE.
 */
export function updateRequests(u: ContactUpdate): number {
  if (u.photo === "removed") return 2;
  return (u.changed.length > 0 ? 1 : 0) + (u.photo === undefined ? 0 : 2);
}

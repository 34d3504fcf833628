/**
 * What an owned contact's photo needs (docs/architecture.md#photos): pure, like the rest of the
 * planner. The photo is compared by hash — the person's photo as scaled for phones against what
 * the contact was last seen to hold (its bytes when the reader looked, else what its marker says
 * cync wrote) — never by bytes.
 */
import type { PhotoChange } from "./types";

/**
 * `undefined` when nothing is to be done, including when the policy does not sync photos
 * (`want` undefined); `current` undefined means the contact was never seen with a photo.
 */
export function photoChange(current: string | null | undefined, want: string | null | undefined): PhotoChange | undefined {
  if (want === undefined) return undefined;
  const have = current ?? null;
  if (have === want) return undefined;
  if (want === null) return "removed";
  return have === null ? "added" : "changed";
}

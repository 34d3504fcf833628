/**
 * Modes are applied after the diff, as external-dns `plan/policy.go` does. Deduplication survives
 * every mode: duplicates are cync's own bug, never the administrator's data.
 */
import type { ContactDelete, ContactUpdate, Mode } from "./types";

export interface Writes {
  readonly update: readonly ContactUpdate[];
  readonly delete: readonly ContactDelete[];
}

const dedupeOnly = (deletes: readonly ContactDelete[]): ContactDelete[] => deletes.filter((d) => d.reason === "duplicate");

export const MODE_POLICIES: Readonly<Record<Mode, (w: Writes) => Writes>> = {
  // sync: everything the diff found.
  sync: (w) => w,
  // upsert-only strips deletions, except deduplication.
  "upsert-only": (w) => ({ update: w.update, delete: dedupeOnly(w.delete) }),
  // create-only strips updates and deletions, except deduplication.
  "create-only": (w) => ({ update: [], delete: dedupeOnly(w.delete) }),
};

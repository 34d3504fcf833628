/**
 * Pure merging of users delta rounds into a directory snapshot (docs/graph-behaviour.md#removed-users,
 * docs/graph-behaviour.md#delta-tracks-selected-properties):
 * - an item with `@removed` leaves the snapshot, whatever the reason: `changed` is a soft delete
 *   (restorable for 30 days) and a soft-deleted user is not a contact; `deleted` is permanent;
 * - a restored user comes back as an ordinary item and re-enters the snapshot;
 * - an object may repeat within a round: its parts are merged, later values winning;
 * - across rounds an item replaces the stored user, since each round repeats every selected
 *   property (we never send `Prefer: return=minimal`) and omits the ones without a value;
 * - a full round replaces the snapshot, so users removed while a token was expired disappear too.
 */
import type { DirectoryUser } from "../model/directory-user";

export interface RemovedUsers {
  /** `@removed` reason `changed`: soft-deleted, restorable. */
  readonly softDeleted: readonly string[];
  /** `@removed` reason `deleted`: permanently deleted. */
  readonly deleted: readonly string[];
}

type RoundEntry = { readonly removed: "changed" | "deleted" } | { readonly user: Record<string, unknown> };

/** Folds a round's items (in order) into one entry per id. */
export function foldRound(items: readonly Record<string, unknown>[]): Map<string, RoundEntry> {
  const entries = new Map<string, RoundEntry>();
  for (const item of items) {
    const id = item.id;
    if (typeof id !== "string" || id === "") continue;
    const removed = item["@removed"];
    if (removed !== undefined) {
      const reason = (removed as { reason?: unknown } | null)?.reason === "changed" ? "changed" : "deleted";
      entries.set(id, { removed: reason });
      continue;
    }
    const before = entries.get(id);
    const merged = before !== undefined && "user" in before ? { ...before.user, ...withoutAnnotations(item) } : withoutAnnotations(item);
    entries.set(id, { user: merged });
  }
  return entries;
}

export interface MergedDirectory {
  readonly users: Map<string, DirectoryUser>;
  readonly removed: RemovedUsers;
  /** Users added or changed by the round. */
  readonly changed: number;
}

/** Applies a folded round to a snapshot (undefined for a full round, which starts empty). */
export function mergeRound(snapshot: ReadonlyMap<string, DirectoryUser> | undefined, round: Map<string, RoundEntry>): MergedDirectory {
  const users = new Map(snapshot ?? []);
  const softDeleted: string[] = [];
  const deleted: string[] = [];
  let changed = 0;
  for (const [id, entry] of round) {
    if ("removed" in entry) {
      users.delete(id);
      (entry.removed === "changed" ? softDeleted : deleted).push(id);
    } else {
      users.set(id, entry.user as DirectoryUser);
      changed++;
    }
  }
  return { users, removed: { softDeleted: softDeleted.sort(), deleted: deleted.sort() }, changed };
}

/** Drops OData annotations (`@odata.type`, …): the snapshot holds user properties only. */
function withoutAnnotations(item: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!k.startsWith("@")) out[k] = v;
  return out;
}

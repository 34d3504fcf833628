/**
 * Ids kept in ascending order: the stable order in which the directory pages users and groups and
 * runs delta rounds, so a cursor ("the last id sent") is all a page token needs to carry.
 */

/** Index of the first id greater than `after` (binary search). */
export function firstAfter(ids: readonly string[], after: string): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid]! <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}


/** Insert a new `id` at its place. */
export function insertSorted(ids: string[], id: string): void {
  ids.splice(firstAfter(ids, id), 0, id);
}

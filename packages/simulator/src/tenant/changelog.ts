/**
 * The directory's change log: one monotonic sequence of stamps, and which object each stamp went
 * to. Records carry their own stamps (directory.ts); the log lets a later delta round look only at
 * objects changed since its token instead of the whole directory — Graph answers "no changes"
 * with one page however big the tenant is.
 */

type Kind = "user" | "group";

interface ChangeEntry {
  readonly seq: number;
  readonly id: string;
}

/** Serialized change log, persisted beside the tenant so delta tokens survive a restart. */
export interface ChangeLogState {
  seq: number;
  users: Record<string, [life: number, props: Record<string, number>] | [life: number, props: Record<string, number>, tombstone: 1]>;
  groups: Record<string, [life: number, props: Record<string, number>, members: Record<string, [seq: number, present: 0 | 1]>, tombstone?: 1]>;
}

export class ChangeLog {
  private seqNo = 0;
  private readonly entries: Record<Kind, ChangeEntry[]> = { user: [], group: [] };

  get seq(): number {
    return this.seqNo;
  }

  /** The next stamp, recorded against object `id`. */
  stamp(kind: Kind, id: string): number {
    const seq = ++this.seqNo;
    this.entries[kind].push({ seq, id });
    return seq;
  }

  /** Distinct ids stamped after `seq`, ascending (entries are in stamp order: binary search). */
  changedSince(kind: Kind, seq: number): string[] {
    const log = this.entries[kind];
    let lo = 0;
    let hi = log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (log[mid]!.seq <= seq) lo = mid + 1;
      else hi = mid;
    }
    const ids = new Set<string>();
    for (let i = lo; i < log.length; i++) ids.add(log[i]!.id);
    return [...ids].sort();
  }

  /** Continue numbering after a restored log's last stamp. */
  advanceTo(seq: number): void {
    this.seqNo = Math.max(this.seqNo, seq);
  }

  /** Replace a kind's entries by each record once, at its latest stamp (after a restore). */
  rebuild(kind: Kind, records: ReadonlyMap<string, { readonly maxSeq: number }>): void {
    const log = this.entries[kind];
    log.length = 0;
    for (const [id, r] of records) log.push({ seq: r.maxSeq, id });
    log.sort((a, b) => a.seq - b.seq);
  }
}

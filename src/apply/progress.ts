/**
 * A point-in-time view of an apply run, as `executeApply` reports it (execute.ts) and the command
 * line shows it (src/cli/progress.ts). Counts only — never a name, address or phone
 * (docs/architecture.md#personal-data).
 */
export interface ProgressSnapshot {
  readonly elapsedMs: number;
  readonly mailboxesDone: number;
  readonly mailboxesTotal: number;
  readonly mailboxesFailed: number;
  /** Planned writes (creates, updates, deletes) already sent and answered. */
  readonly writesDone: number;
  readonly writesTotal: number;
  /** Requests Graph answered 429 so far. */
  readonly throttled: number;
}

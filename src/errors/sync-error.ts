/**
 * The base of every error cync raises on purpose. Callers branch on the class (or on
 * `transient`), never on the message, which is written for people.
 *
 * `transient` marks a SoftError in external-dns's sense (docs/architecture.md#prior-art): the run
 * may carry on without this item and the next run is expected to converge; a hard error stops the
 * run.
 */
export abstract class SyncError extends Error {
  abstract readonly transient: boolean;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** True when `err` is a SyncError marked transient (a "soft" error). */
export function isSoftError(err: unknown): err is SyncError {
  return err instanceof SyncError && err.transient;
}

/**
 * One writer per state directory: an apply holds the tenant's state lock from planning to its
 * last write, so two runs on the same state (two schedules that overlap, an apply and a Pulumi
 * update) never interleave their writes to the same mailboxes or their records. The second is
 * refused at once with a clear message rather than queued: a scheduled reconcile runs again soon.
 *
 * proper-lockfile (https://github.com/moxystudio/node-proper-lockfile): an atomic `mkdir` of
 * `<dir>/apply.lock`, whose modification time the holder refreshes while it runs; a lock left by a
 * process that was killed (SIGKILL, a lost runner) stops being refreshed and counts as stale after
 * STALE_MS, when the next run takes it over. A lock directory restored from a CI cache is stale
 * from the start.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import lockfile from "proper-lockfile";
import { SyncError } from "../errors/sync-error";

/** Unrefreshed for this long, a lock is a dead process's (proper-lockfile's default). */
export const STALE_MS = 10_000;

/** Another run holds the state directory's lock. */
export class StateLockedError extends SyncError {
  readonly transient = false;

  constructor(readonly dir: string) {
    super(
      `another cync run is applying with the state directory ${dir}; wait for it to finish and run again ` +
        `(a lock left by a run that was killed frees itself ${STALE_MS / 1000} s after it died)`,
    );
  }
}

/** Releases a held lock; resolves once it is gone. */
export type ReleaseLock = () => Promise<void>;

/**
 * Takes the lock of `dir` (created 0700 if missing), or rejects with StateLockedError when a live
 * run holds it.
 */
export async function lockStateDir(dir: string): Promise<ReleaseLock> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  let release: ReleaseLock;
  try {
    release = await lockfile.lock(dir, {
      lockfilePath: path.join(dir, "apply.lock"),
      stale: STALE_MS,
      realpath: false,
      // A lock lost while running (the state directory deleted, which must stay safe, or refreshes
      // stalled past STALE_MS) must not crash the run, which proper-lockfile's default does: the
      // writes themselves stay safe (each mailbox is re-read before it is written).
      onCompromised: () => undefined,
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ELOCKED") throw new StateLockedError(dir);
    throw err;
  }
  // Releasing a lock that was lost meanwhile has nothing left to do.
  return () => release().catch(() => undefined);
}

import { SyncError } from "../errors/sync-error";

/** A policy condition that cannot be evaluated (policy validation normally catches these first). */
export class ConditionError extends SyncError {
  readonly transient = false;
}

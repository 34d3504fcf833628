import { SyncError } from "../../errors/sync-error";

/**
 * Graph answered a directory read with something that is not a complete delta page (no `value`
 * list, both or neither of nextLink/deltaLink, a nextLink loop). The read is abandoned rather than
 * trusted: a directory that looks emptier than it is would make the applier delete contacts.
 * Transient: the next run is expected to get a well-formed answer.
 */
export class DirectoryReadError extends SyncError {
  readonly transient = true;
}

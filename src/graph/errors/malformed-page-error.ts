import { SyncError } from "../../errors/sync-error";

/**
 * Graph answered a collection read with something that is not an OData page (no `value` list of
 * objects, or a delta page with both or neither of nextLink and deltaLink). The read is abandoned
 * rather than trusted: a directory or folder that looks emptier than it is would make the applier
 * delete or duplicate contacts. Transient: the next run is expected to get a well-formed answer.
 */
export class MalformedPageError extends SyncError {
  readonly transient = true;
}

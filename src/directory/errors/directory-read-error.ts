import { SyncError } from "../../errors/sync-error";

/**
 * Graph led a directory read in circles (a delta round sent the same nextLink twice), or a full read
 * came back emptier than it can be: no user at all, or a group without the members Graph still lists
 * for it (a page that is not a page at all is src/graph/errors/malformed-page-error.ts). The read is
 * abandoned rather than trusted: a directory that looks emptier than it is would make the applier
 * delete contacts.
 * Transient: the next run is expected to get a well-formed answer.
 */
export class DirectoryReadError extends SyncError {
  readonly transient = true;
}

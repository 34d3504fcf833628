import { SyncError } from "../../errors/sync-error";

/**
 * No usable Azure credential is configured. The message names the environment variables that are
 * missing or conflicting — never their values, which may be secrets.
 */
export class CredentialConfigError extends SyncError {
  readonly transient = false;
}

import { SyncError } from "../../errors/sync-error";

/**
 * No access token could be obtained, so the request was never sent. Not transient: a wrong secret,
 * an expired certificate or a missing federated credential needs a person. The message keeps the
 * identity library's text — Entra's AADSTS code and description, which name what is wrong and
 * contain no secret — and drops everything else.
 */
export class AuthenticationError extends SyncError {
  readonly transient = false;

  constructor(cause: unknown) {
    super(`Signing in to Microsoft Graph failed: ${firstLine(cause)}`, { cause });
  }
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split("\n", 1)[0]!.slice(0, 500);
}

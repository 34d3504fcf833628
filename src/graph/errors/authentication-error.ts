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
    const text = firstLine(cause);
    // msal says only "Endpoints cannot be resolved" when it cannot fetch the authority's metadata.
    const hint = text.includes("endpoints_resolution_error")
      ? " (the authority at AZURE_AUTHORITY_HOST could not be reached or its certificate is not trusted; a local tenant's CA must be in NODE_EXTRA_CA_CERTS when the process starts)"
      : "";
    super(`Signing in to Microsoft Graph failed: ${text}${hint}`, { cause });
  }
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split("\n", 1)[0]!.slice(0, 500);
}

/**
 * The lean Transport: Node's fetch (undici, keep-alive) with a bearer token from the same
 * @azure/identity credential, cached until shortly before it expires. It exists to measure the
 * Graph client's per-request overhead on the hot write path (bench/writer.ts); see index.ts for
 * which one cync uses and why.
 */
import type { AccessToken, TokenCredential } from "@azure/identity";
import { graphScope } from "./client";
import { AuthenticationError } from "./errors/authentication-error";
import { abandonedBeforeSending } from "./network-failure";
import { readBody, type Transport, type TransportRequest, type TransportResponse } from "./transport";

/** Refresh this long before expiry, so a token never lapses mid-request. */
const REFRESH_MARGIN_MS = 5 * 60_000;

export function fetchTransport(credential: TokenCredential, graphUrl: string): Transport {
  const token = cachedToken(credential, graphScope(graphUrl));
  return {
    baseUrl: `${graphUrl}/v1.0`,
    async send(req: TransportRequest): Promise<TransportResponse> {
      const bearer = await token().catch((err: unknown) => {
        throw new AuthenticationError(err);
      });
      if (req.signal.aborted) throw abandonedBeforeSending(req.signal.reason);
      const response = await fetch(`${graphUrl}/v1.0${req.path}`, {
        method: req.method,
        headers: { ...req.headers, authorization: `Bearer ${bearer}` },
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: req.signal,
      });
      const body = await readBody(response);
      return { status: response.status, header: (name) => response.headers.get(name), body };
    },
  };
}

/** One token request at a time; concurrent callers share it. */
function cachedToken(credential: TokenCredential, scope: string): () => Promise<string> {
  let current: AccessToken | undefined;
  let pending: Promise<AccessToken> | undefined;
  return async () => {
    if (current && current.expiresOnTimestamp - Date.now() > REFRESH_MARGIN_MS) return current.token;
    pending ??= credential.getToken(scope).then(
      (token) => {
        pending = undefined;
        if (!token) throw new Error("the credential returned no access token");
        current = token;
        return token;
      },
      (err: unknown) => {
        pending = undefined;
        throw err;
      },
    );
    return (await pending).token;
  };
}

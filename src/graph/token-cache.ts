/**
 * Hands every Graph request the access token already obtained, until shortly before it expires.
 * The Graph client's authentication handler asks its credential for a token on every request, and
 * @azure/identity answers from MSAL's cache each time — a cache lookup that costs more CPU than the
 * rest of cync's work for a contact write (measured by `npm run bench`, README "Performance"). A
 * token is requested again two minutes before it expires (or after `refreshAfterTimestamp` when the
 * service sets one), as @azure/core-rest-pipeline's bearer-token policy does; concurrent requests
 * share one acquisition, and a failed one is not remembered.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/identity";

const REFRESH_BEFORE_EXPIRY_MS = 2 * 60 * 1000;

export function cachingCredential(credential: TokenCredential, now: () => number = Date.now): TokenCredential {
  const tokens = new Map<string, AccessToken>();
  const pending = new Map<string, Promise<AccessToken | null>>();
  const fresh = (t: AccessToken): boolean => now() < Math.min(t.expiresOnTimestamp - REFRESH_BEFORE_EXPIRY_MS, t.refreshAfterTimestamp ?? Infinity);
  return {
    getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      const key = ([] as string[]).concat(scopes).join(" ");
      const held = tokens.get(key);
      if (held !== undefined && fresh(held)) return Promise.resolve(held);
      let acquiring = pending.get(key);
      if (acquiring === undefined) {
        acquiring = credential.getToken(scopes, options).then(
          (token) => {
            pending.delete(key);
            if (token) tokens.set(key, token);
            return token;
          },
          (err: unknown) => {
            pending.delete(key);
            throw err;
          },
        );
        pending.set(key, acquiring);
      }
      return acquiring;
    },
  };
}

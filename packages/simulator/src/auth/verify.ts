/**
 * Graph's gate: every Graph request carries `Authorization: Bearer <access token>`; a missing,
 * malformed, forged, expired, wrong-audience or wrong-tenant token is refused with 401
 * `InvalidAuthenticationToken` (docs/graph-behaviour.md#authentication-errors). Verified tokens are
 * cached by their text — an RS256 verification per request would cost more than the rest of a
 * simple GET.
 */
import { jwtVerify, errors as joseErrors } from "jose";
import type { Clock } from "../clock";
import type { Permission, Principal } from "../types";
import { GRAPH_AUDIENCE, GRAPH_APP_ID, accessTokenIssuer, type SigningKey } from "./tokens";

export type Verification = { ok: true; principal: Principal } | { ok: false; message: string };

const CACHE_LIMIT = 10_000;

export interface TokenVerifier {
  verify(authorization: string | undefined): Promise<Verification>;
}

export function createTokenVerifier(key: SigningKey, tenantId: string, clock: Clock): TokenVerifier {
  const cache = new Map<string, { principal: Principal; expMs: number; nbfMs: number }>();
  const expired: Verification = { ok: false, message: "Lifetime validation failed, the token is expired." };

  async function verifyFresh(token: string): Promise<Verification> {
    try {
      const { payload } = await jwtVerify(token, key.publicKey, {
        algorithms: ["RS256"],
        currentDate: new Date(clock.now()),
        clockTolerance: 0,
      });
      const aud = payload.aud;
      if (aud !== GRAPH_AUDIENCE && aud !== GRAPH_APP_ID) {
        return { ok: false, message: "Access token validation failure. Invalid audience." };
      }
      if (payload["tid"] !== tenantId || payload.iss !== accessTokenIssuer(tenantId)) {
        return { ok: false, message: "Access token validation failure. Invalid issuer or tenant." };
      }
      const appId = payload["appid"];
      if (typeof appId !== "string") return { ok: false, message: "Access token validation failure." };
      const roles = Array.isArray(payload["roles"]) ? (payload["roles"] as Permission[]) : [];
      const principal: Principal = { appId, tenantId, roles };
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(token, { principal, expMs: (payload.exp ?? 0) * 1000, nbfMs: (payload.nbf ?? 0) * 1000 });
      return { ok: true, principal };
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) return expired;
      if (err instanceof joseErrors.JWTClaimValidationFailed) {
        return { ok: false, message: "Access token validation failure. Token is not yet valid." };
      }
      if (err instanceof joseErrors.JWSSignatureVerificationFailed) {
        return { ok: false, message: "Access token validation failure. Invalid signature." };
      }
      return { ok: false, message: "IDX14100: JWT is not well formed." };
    }
  }

  return {
    async verify(authorization) {
      if (!authorization) return { ok: false, message: "Access token is empty." };
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match) return { ok: false, message: "Access token is empty." };
      const token = match[1]!;
      const hit = cache.get(token);
      if (hit) {
        const now = clock.now();
        if (now >= hit.expMs) return expired;
        if (now >= hit.nbfMs) return { ok: true, principal: hit.principal };
      }
      return verifyFresh(token);
    },
  };
}

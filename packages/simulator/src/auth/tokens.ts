/**
 * Token issuance: access tokens for Graph (shaped like Entra's v1.0 app-only tokens, which is what
 * Graph receives from login.microsoftonline.com) and client assertions from the simulator's own
 * OIDC issuer, standing in for GitHub Actions' token service in federated sign-in.
 */
import { generateKeyPair, randomUUID, type KeyObject } from "node:crypto";
import { promisify } from "node:util";
import { SignJWT, exportJWK, type JWK } from "jose";
import type { Clock } from "../clock";
import type { Permission } from "../types";
import { FEDERATION_AUDIENCE } from "./apps";

/** Graph's resource identifiers: its app id URI and its well-known app id. */
export const GRAPH_AUDIENCE = "https://graph.microsoft.com";
export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** An RS256 key, as Entra signs with; generated off the main thread (start-up time of tests). */
export async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await promisify(generateKeyPair)("rsa", { modulusLength: 2048 });
  return { kid: randomUUID().replace(/-/g, ""), privateKey, publicKey };
}

export async function publicJwks(keys: readonly SigningKey[]): Promise<{ keys: JWK[] }> {
  return {
    keys: await Promise.all(
      keys.map(async (k) => ({ ...(await exportJWK(k.publicKey)), kid: k.kid, use: "sig", alg: "RS256" })),
    ),
  };
}

/** Issuer of Graph access tokens for a tenant (Entra v1.0 token format). */
export const accessTokenIssuer = (tenantId: string): string => `https://sts.windows.net/${tenantId}/`;

export interface AccessTokenRequest {
  readonly tenantId: string;
  readonly clientId: string;
  readonly roles: readonly Permission[];
  /** "1" = client secret, "2" = certificate or client assertion (Entra's appidacr). */
  readonly authMethod: "1" | "2";
  readonly lifetimeSec: number;
}

/** Claims a test may override to forge a wrong-audience, wrong-tenant or expired token. */
export type ClaimOverrides = Partial<Record<"aud" | "iss" | "tid", string> & Record<"exp" | "nbf" | "iat", number>>;

export async function signAccessToken(
  key: SigningKey,
  clock: Clock,
  req: AccessTokenRequest,
  overrides: ClaimOverrides = {},
): Promise<{ token: string; expiresAt: number }> {
  const now = Math.floor(clock.now() / 1000);
  const exp = now + req.lifetimeSec;
  const claims = {
    aud: GRAPH_AUDIENCE,
    iss: accessTokenIssuer(req.tenantId),
    iat: now,
    nbf: now,
    exp,
    appid: req.clientId,
    appidacr: req.authMethod,
    idtyp: "app",
    oid: req.clientId,
    sub: req.clientId,
    roles: [...req.roles],
    tid: req.tenantId,
    uti: randomUUID().replace(/-/g, ""),
    ver: "1.0",
    ...overrides,
  };
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: key.kid })
    .sign(key.privateKey);
  return { token, expiresAt: claims.exp * 1000 };
}

/** A client assertion as GitHub's OIDC token service issues it for a workflow run. */
export async function signAssertion(
  key: SigningKey,
  clock: Clock,
  issuer: string,
  subject: string,
  audience: string = FEDERATION_AUDIENCE,
  lifetimeSec = 300,
): Promise<string> {
  const now = Math.floor(clock.now() / 1000);
  return new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: key.kid })
    .setIssuer(issuer)
    .setSubject(subject)
    .setAudience(audience)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + lifetimeSec)
    .sign(key.privateKey);
}

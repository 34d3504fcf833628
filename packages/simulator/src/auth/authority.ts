/**
 * The Entra-like authority and the federation issuer.
 *
 * Authority (what msal-node inside @azure/identity calls, with `authorityHost` set to the simulator
 * and `disableInstanceDiscovery: true` — msal sends instance discovery to the hard-coded
 * login.microsoftonline.com, which a local tenant cannot answer):
 *   GET  /{tenant}/v2.0/.well-known/openid-configuration
 *   GET  /{tenant}/discovery/v2.0/keys
 *   POST /{tenant}/oauth2/v2.0/token   grant_type=client_credentials with client_secret, or a
 *        client_assertion (jwt-bearer) signed with a registered certificate or federated,
 *        scope=https://graph.microsoft.com/.default
 * Errors follow Entra's token-endpoint shape ({error, error_description "AADSTSnnn: …", error_codes}).
 * Not modelled: delegated (user) flows.
 *
 * Federation issuer: the simulator stands in for GitHub Actions' OIDC token service and signs
 * assertions as `https://token.actions.githubusercontent.com`, so federated credentials read as in
 * production. Its keys: GET /_sim/oidc/.well-known/openid-configuration, /_sim/oidc/keys.
 * Assertions are minted in-process or through the control API (`POST /_sim/oidc/token`).
 */
import { createPublicKey, randomUUID, timingSafeEqual } from "node:crypto";
import { decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import type { Clock } from "../clock";
import type { AppRegistration } from "./apps";
import { GRAPH_AUDIENCE, GRAPH_APP_ID, publicJwks, signAccessToken, type SigningKey } from "./tokens";

export interface RawResponse {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

export interface AuthorityConfig {
  readonly tenantId: string;
  /** The tenant's initial domain, e.g. "contoso.onmicrosoft.com" (accepted in place of the id). */
  readonly domain: string;
  readonly clock: Clock;
  readonly accessKey: SigningKey;
  readonly federationKey: SigningKey;
  /** Access-token lifetime in simulated seconds. */
  readonly tokenLifetimeSec: number;
  readonly apps: () => readonly AppRegistration[];
}

const FEDERATION_PATH = "/_sim/oidc";
const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/** Scopes msal may add that carry no resource. */
const OIDC_SCOPES = new Set(["openid", "profile", "offline_access", "email"]);

function aadError(status: number, error: string, code: number, description: string): RawResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}

function json(body: unknown): RawResponse {
  return { status: 200, headers: { "content-type": "application/json; charset=utf-8" }, body };
}

function secretsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The issuer of GitHub Actions' OIDC tokens, which the simulator impersonates. */
export const FEDERATION_ISSUER = "https://token.actions.githubusercontent.com";

export function createAuthority(config: AuthorityConfig) {
  const { tenantId, domain, clock } = config;
  const knownTenant = (t: string): boolean => t.toLowerCase() === tenantId || t.toLowerCase() === domain.toLowerCase();

  function openidConfiguration(origin: string): RawResponse {
    const base = `${origin}/${tenantId}`;
    return json({
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ["query", "fragment", "form_post"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      issuer: `${base}/v2.0`,
      request_uri_parameter_supported: false,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      cloud_instance_name: "microsoftonline.com",
      msgraph_host: "graph.microsoft.com",
    });
  }

  /**
   * The one resource a client-credentials request may name: Graph, as `{resource}/.default` —
   * Microsoft's identifiers, or the simulator's own Graph origin.
   */
  function scopeIsGraph(scope: string | null, graphOrigin: string): boolean {
    const resources = (scope ?? "").split(/\s+/).filter((s) => s && !OIDC_SCOPES.has(s));
    if (resources.length !== 1) return false;
    const r = resources[0]!.replace(/\/?\.default$/, "");
    return r !== resources[0] && (r === GRAPH_AUDIENCE || r === GRAPH_APP_ID || r === graphOrigin);
  }

  /**
   * A client assertion: signed by the app itself with a registered certificate (iss = sub = the
   * client id, aud = the token endpoint, as msal builds it), or federated (another issuer vouches).
   */
  async function verifyAssertion(app: AppRegistration, assertion: string, origin: string): Promise<RawResponse | undefined> {
    let claims;
    try {
      claims = decodeJwt(assertion);
    } catch {
      return aadError(400, "invalid_client", 50027, "JWT token is invalid or malformed.");
    }
    if (claims.iss?.toLowerCase() === app.clientId && claims.sub?.toLowerCase() === app.clientId) {
      return verifyCertificateAssertion(app, assertion, `${origin}/${tenantId}/oauth2/v2.0/token`);
    }
    const audiences = typeof claims.aud === "string" ? [claims.aud] : (claims.aud ?? []);
    const match = app.federatedCredentials.find(
      (f) => f.issuer === claims.iss && f.subject === claims.sub && audiences.includes(f.audience),
    );
    if (!match) {
      return aadError(400, "invalid_client", 70021, "No matching federated identity record found for presented assertion.");
    }
    if (match.issuer !== FEDERATION_ISSUER) {
      // Only the simulator's own issuer has keys we can check; anything else cannot be trusted.
      return aadError(400, "invalid_client", 700211, "No matching federated identity record found for presented assertion issuer.");
    }
    try {
      await jwtVerify(assertion, config.federationKey.publicKey, { currentDate: new Date(clock.now()) });
    } catch {
      return aadError(400, "invalid_client", 700024, "Client assertion is not within its valid time range or its signature is invalid.");
    }
    return undefined;
  }

  async function verifyCertificateAssertion(app: AppRegistration, assertion: string, tokenEndpoint: string): Promise<RawResponse | undefined> {
    const header = decodeProtectedHeader(assertion);
    const cert = app.certificates?.find((c) => header["x5t#S256"] === c.x5tS256 || header.x5t === c.x5t);
    if (!cert) {
      return aadError(401, "invalid_client", 700027, "The certificate with identifier used to sign the client assertion is not registered on application.");
    }
    try {
      // The client signed with its own, real clock (msal), not the simulated one; Entra allows
      // five minutes of skew (msal may stamp nbf a second after iat).
      await jwtVerify(assertion, createPublicKey(cert.certPem), { audience: tokenEndpoint, clockTolerance: 300 });
    } catch {
      return aadError(401, "invalid_client", 700027, "Client assertion failed signature validation or is not within its valid time range.");
    }
    return undefined;
  }

  async function token(tenant: string, form: URLSearchParams, origin: string): Promise<RawResponse> {
    if (!knownTenant(tenant)) {
      return aadError(400, "invalid_request", 90002, `Tenant '${tenant}' not found.`);
    }
    if (form.get("grant_type") !== "client_credentials") {
      return aadError(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
    }
    const clientId = form.get("client_id") ?? "";
    const app = config.apps().find((a) => a.clientId === clientId.toLowerCase());
    if (!app) {
      return aadError(400, "unauthorized_client", 700016, `Application with identifier '${clientId}' was not found in the directory '${tenantId}'.`);
    }
    if (!scopeIsGraph(form.get("scope"), origin)) {
      return aadError(400, "invalid_scope", 1002012, "The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.");
    }
    const secret = form.get("client_secret");
    const assertion = form.get("client_assertion");
    let authMethod: "1" | "2";
    if (assertion !== null) {
      if (form.get("client_assertion_type") !== ASSERTION_TYPE) {
        return aadError(400, "invalid_request", 50012, "Invalid client_assertion_type.");
      }
      const refused = await verifyAssertion(app, assertion, origin);
      if (refused) return refused;
      authMethod = "2";
    } else if (secret !== null) {
      if (app.clientSecret === undefined || !secretsEqual(secret, app.clientSecret)) {
        return aadError(401, "invalid_client", 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`);
      }
      authMethod = "1";
    } else {
      return aadError(401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    }
    const lifetimeSec = config.tokenLifetimeSec;
    const { token: accessToken } = await signAccessToken(config.accessKey, clock, {
      tenantId,
      clientId: app.clientId,
      roles: app.roles,
      authMethod,
      lifetimeSec,
    });
    // expires_in is read against the client's real clock: scale it so clients renew in time.
    const expiresIn = Math.max(1, Math.floor(lifetimeSec / clock.timeScale));
    return json({ token_type: "Bearer", expires_in: expiresIn, ext_expires_in: expiresIn, access_token: accessToken });
  }

  return {
    /** Answer an authority or federation-issuer request, or undefined when the path is not ours. */
    async handle(method: string, path: string, rawBody: string, origin: string): Promise<RawResponse | undefined> {
      if (path === `${FEDERATION_PATH}/.well-known/openid-configuration` && method === "GET") {
        return json({ issuer: FEDERATION_ISSUER, jwks_uri: `${origin}${FEDERATION_PATH}/keys`, id_token_signing_alg_values_supported: ["RS256"], subject_types_supported: ["public", "pairwise"], response_types_supported: ["id_token"] });
      }
      if (path === `${FEDERATION_PATH}/keys` && method === "GET") return json(await publicJwks([config.federationKey]));
      const m = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys|oauth2\/v2\.0\/token)$/.exec(path);
      if (!m) return undefined;
      const [, tenant, endpoint] = m as unknown as [string, string, string];
      if (endpoint === "oauth2/v2.0/token") {
        if (method !== "POST") return aadError(405, "invalid_request", 900561, "The endpoint only accepts POST requests.");
        return token(tenant, new URLSearchParams(rawBody), origin);
      }
      if (method !== "GET") return aadError(405, "invalid_request", 900561, "The endpoint only accepts GET requests.");
      if (!knownTenant(tenant)) return aadError(400, "invalid_tenant", 90002, `Tenant '${tenant}' not found.`);
      return endpoint === "discovery/v2.0/keys" ? json(await publicJwks([config.accessKey])) : openidConfiguration(origin);
    },
  };
}

export type Authority = ReturnType<typeof createAuthority>;

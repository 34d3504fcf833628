/**
 * Where a request goes by path: `/v1.0/…` is Graph (authenticated, then the dispatch pipeline),
 * `/_sim/…` the control API (no authentication: a local test tenant), and `/{tenant}/…` plus
 * `/_sim/oidc/…` the authority and the federation issuer.
 */
import { randomUUID } from "node:crypto";
import type { Authority } from "./auth/authority";
import type { TokenVerifier } from "./auth/verify";
import { graphError } from "./errors";
import type { Dispatch } from "./pipeline";
import type { RawRequest } from "./server";
import type { Principal, SimRequest, SimResponse } from "./types";

const GRAPH_VERSION = "/v1.0";
export const CONTROL_PREFIX = "/_sim";

export interface AppDeps {
  readonly tenantId: string;
  readonly authority: Authority;
  readonly verifier: TokenVerifier;
  readonly graph: Dispatch;
  readonly control: Dispatch;
  readonly origin: () => string;
}

/** Parse a JSON request body as Graph does: 400 when it is not JSON. */
function parseBody(raw: RawRequest): { ok: true; body: unknown } | { ok: false } {
  if (raw.body.length === 0) return { ok: true, body: undefined };
  const type = raw.headers["content-type"] ?? "";
  if (/json/i.test(type) || type === "") {
    try {
      return { ok: true, body: JSON.parse(raw.body.toString("utf8")) };
    } catch {
      return { ok: false };
    }
  }
  return { ok: true, body: raw.body };
}

function simRequest(raw: RawRequest, path: string, principal: Principal, origin: string, body: unknown): SimRequest {
  return {
    method: raw.method,
    path,
    query: raw.url.searchParams,
    headers: raw.headers,
    body,
    principal,
    baseUrl: `${origin}${GRAPH_VERSION}`,
    requestId: randomUUID(),
    inBatch: false,
  };
}

export function createRequestHandler(deps: AppDeps): (raw: RawRequest) => Promise<SimResponse> {
  const controlPrincipal: Principal = { appId: "control", tenantId: deps.tenantId, roles: [] };
  const errorTarget = (raw: RawRequest) => ({ requestId: randomUUID(), headers: raw.headers });

  return async (raw) => {
    const origin = deps.origin();
    let pathname: string;
    try {
      pathname = decodeURIComponent(raw.url.pathname);
    } catch {
      return graphError(errorTarget(raw), 400, "BadRequest", "The request URI is not valid.");
    }
    if (pathname.startsWith(`${GRAPH_VERSION}/`)) {
      const verified = await deps.verifier.verify(raw.headers["authorization"]);
      if (!verified.ok) {
        return graphError(errorTarget(raw), 401, "InvalidAuthenticationToken", verified.message, {
          "www-authenticate": `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
        });
      }
      const parsed = parseBody(raw);
      if (!parsed.ok) {
        return graphError(errorTarget(raw), 400, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.");
      }
      const req = simRequest(raw, pathname.slice(GRAPH_VERSION.length), verified.principal, origin, parsed.body);
      const res = await deps.graph(req);
      // Graph echoes its request id and the client's (docs/graph-behaviour.md#request-ids), on
      // every answer.
      return { ...res, headers: { "request-id": req.requestId, "client-request-id": raw.headers["client-request-id"] ?? req.requestId, ...res.headers } };
    }
    const authority = await deps.authority.handle(raw.method, pathname, raw.body.toString("utf8"), origin);
    if (authority) return authority;
    if (pathname.startsWith(`${CONTROL_PREFIX}/`)) {
      const parsed = parseBody(raw);
      if (!parsed.ok) return graphError(errorTarget(raw), 400, "BadRequest", "The body is not valid JSON.");
      return deps.control(simRequest(raw, pathname, controlPrincipal, origin, parsed.body));
    }
    return graphError(errorTarget(raw), 400, "BadRequest", `Invalid version: '${pathname.split("/")[1] ?? ""}'.`);
  };
}

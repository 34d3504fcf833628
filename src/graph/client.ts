/**
 * Microsoft's Graph client, pointed at the cloud CYNC_GRAPH_URL names (Microsoft's by default, or
 * the embedded tenant), with a middleware chain that leaves retrying to cync's requester. The same
 * code talks to both; only URLs differ — plus, for the embedded tenant, its CA in
 * NODE_EXTRA_CA_CERTS, which Node reads only when the process starts
 * (docs/architecture.md#trusting-the-local-ca).
 *
 * The SDK's default chain is Authentication → Retry → Redirect → Telemetry → HTTPMessage
 * (MiddlewareFactory.getDefaultMiddlewareChain). Its RetryHandler retries 429/503/504 on its own —
 * up to 3 times, including POSTs, with no notion of a lost create — which would both double-count
 * against the mailbox's 4-request budget and break the "never re-send a create blindly" rule
 * (retry-policy.ts). So the chain here is Authentication → Telemetry → HTTPMessage: the requester is
 * the only place that decides to send again. Two probe middlewares around the chain record, per
 * request, the original failure and whether it happened before or after the request left
 * (graph-client-transport.ts).
 */
import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  TelemetryHandler,
  type Context,
  type Middleware,
  type MiddlewareOptions,
} from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";
import type { TokenCredential } from "@azure/identity";
import { CredentialConfigError } from "./errors/credential-config-error";
import { cachingCredential } from "./token-cache";

const defaultGraphUrl = "https://graph.microsoft.com";

/** Graph's root URL, without version or trailing slash: CYNC_GRAPH_URL or Microsoft's. */
export function graphUrlFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const raw = env.CYNC_GRAPH_URL?.trim() || defaultGraphUrl;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CredentialConfigError(`CYNC_GRAPH_URL is not a URL: "${raw}".`);
  }
  // Tokens travel in every request: the SDK's auth handler only adds them to https URLs anyway.
  if (url.protocol !== "https:") throw new CredentialConfigError(`CYNC_GRAPH_URL must use https: "${raw}".`);
  return url.origin + url.pathname.replace(/\/+$/, "");
}

/** The OAuth scope for app-only Graph access: `{graphUrl}/.default` (client credentials flow). */
export function graphScope(graphUrl: string): string {
  return `${graphUrl}/.default`;
}

export function createGraphClient(credential: TokenCredential, graphUrl: string): Client {
  const authProvider = new TokenCredentialAuthenticationProvider(cachingCredential(credential), { scopes: [graphScope(graphUrl)] });
  return Client.initWithMiddleware({
    middleware: [
      new ProbeFailures(),
      new AuthenticationHandler(authProvider),
      new TelemetryHandler(),
      new ProbeNetwork(),
      new HTTPMessageHandler(),
    ],
    baseUrl: graphUrl,
    defaultVersion: "v1.0",
    // The SDK attaches the token only to Microsoft's Graph hosts unless told about others.
    customHosts: new Set([new URL(graphUrl).hostname]),
  });
}

/** Per-request record of a failure inside the middleware chain (a Graph SDK middleware option). */
export class FailureProbe implements MiddlewareOptions {
  /** The error as thrown inside the chain, before the SDK wraps it in a GraphError. */
  error: unknown;
  /** True once the request was handed to fetch (after the token was obtained). */
  reachedNetwork = false;
  /** True when the requester's timeout had already fired by then: fetch sends nothing. */
  abortedBeforeSending = false;
}

function probeOf(context: Context): FailureProbe | undefined {
  return context.middlewareControl?.getMiddlewareOptions(FailureProbe) as FailureProbe | undefined;
}

/** First in the chain: keeps the unwrapped error of any later stage. */
class ProbeFailures implements Middleware {
  #next: Middleware | undefined;

  async execute(context: Context): Promise<void> {
    try {
      await this.#next!.execute(context);
    } catch (err) {
      const probe = probeOf(context);
      if (probe) probe.error = err;
      throw err;
    }
  }

  setNext(next: Middleware): void {
    this.#next = next;
  }
}

/** Just before fetch: marks that the request reached the network. */
class ProbeNetwork implements Middleware {
  #next: Middleware | undefined;

  async execute(context: Context): Promise<void> {
    const probe = probeOf(context);
    if (probe?.abortedBeforeSending === false) {
      if (context.options?.signal?.aborted) probe.abortedBeforeSending = true;
      else probe.reachedNetwork = true;
    }
    await this.#next!.execute(context);
  }

  setNext(next: Middleware): void {
    this.#next = next;
  }
}

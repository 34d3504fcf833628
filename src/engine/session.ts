/**
 * A run's connection to a tenant, built from the environment (docs/architecture.md#secrets): the
 * credential (src/graph/credentials.ts), Microsoft's Graph client for the cloud CYNC_GRAPH_URL
 * names, the throttled requester every request goes through, and the tenant's state directory. Shared
 * by `cync plan` and `cync apply` so both read and write exactly the same way.
 *
 * The requester paces the whole process to its share of the app's global window (CYNC_APP_WINDOW,
 * default Graph's 130,000 requests per 10 s): 1/N for shard i/N, so N shards of one app running at
 * once stay inside it together (README "Sharding").
 */
import { createGraphClient, graphUrlFromEnv } from "../graph/client";
import { credentialFromEnv } from "../graph/credentials";
import { graphClientTransport } from "../graph/graph-client-transport";
import { appWindowFromEnv, CONCURRENCY, EXCHANGE_APP_WINDOW, mailboxWindowFromEnv, windowShare } from "../graph/limits";
import { GraphRequester, type RequesterOptions } from "../graph/requester";
import { directoryGraphOver, mailboxGraphOver } from "../mailbox/requester-graph";
import { openStateStore, type StateStore } from "../state";
import { tenantIdentity } from "./digest";
import type { MailboxIo } from "./mailboxes";
import type { Shard } from "./partition";
import { defaultSteps } from "./steps-default";
import type { PlanSteps } from "./steps";

export interface SessionOptions {
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The state directory. @default ".cync" */
  readonly stateDir?: string;
  /** Mailboxes worked on at once. @default CONCURRENCY.mailboxes (src/graph/limits.ts) */
  readonly concurrency?: number;
  /** Requester tuning (pacing); the transport is the session's. */
  readonly requester?: Omit<RequesterOptions, "transport">;
  /** How long a person's checked photo is trusted (src/photos/read.ts). @default a day */
  readonly photoRefreshMs?: number;
  /** The shard this process works on (`--shard i/N`): its share of the app's window is 1/N unless `appShare` says. */
  readonly shard?: Shard;
  /** This process's share (0 < share ≤ 1) of the app's global window (`--app-share`). @default 1/N for shard i/N, else 1 */
  readonly appShare?: number;
}

export interface Session {
  readonly requester: GraphRequester;
  readonly state: StateStore;
  /** `tenant@graph-origin`, recorded in plans (digest.ts). */
  readonly tenant: string;
  readonly steps: PlanSteps;
  readonly io: MailboxIo;
}

/**
 * Opens a session. Throws CredentialConfigError (naming the missing variables, never values) when
 * the environment configures no credential or a malformed CYNC_GRAPH_URL.
 */
export function openSession(options: SessionOptions = {}): Session {
  const env = options.env ?? process.env;
  const graphUrl = graphUrlFromEnv(env);
  const { credential } = credentialFromEnv(env);
  const mailboxWindow = mailboxWindowFromEnv(env);
  const appWindow = windowShare(appWindowFromEnv(env) ?? EXCHANGE_APP_WINDOW, options.appShare ?? 1 / (options.shard?.count ?? 1));
  const pacing = { ...(mailboxWindow === undefined ? {} : { mailboxWindow }), appWindow, ...options.requester?.pacing };
  const requester = new GraphRequester({ ...options.requester, pacing, transport: graphClientTransport(createGraphClient(credential, graphUrl), graphUrl) });
  // A managed identity may run without AZURE_TENANT_ID: its home tenant is the only one it can read.
  const tenantId = env.AZURE_TENANT_ID?.trim() || "home";
  const state = openStateStore({ tenantId, graphUrl, ...(options.stateDir === undefined ? {} : { dir: options.stateDir }) });
  const mailboxGraph = mailboxGraphOver(requester);
  return {
    requester,
    state,
    tenant: tenantIdentity(tenantId, graphUrl),
    steps: defaultSteps({
      directoryGraph: directoryGraphOver(requester),
      mailboxGraph,
      state,
      ...(options.photoRefreshMs === undefined ? {} : { photos: { refreshMs: options.photoRefreshMs } }),
    }),
    io: { graph: mailboxGraph, state, concurrency: options.concurrency ?? CONCURRENCY.mailboxes },
  };
}

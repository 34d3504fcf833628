/**
 * The embedded Microsoft Graph tenant, in-process: `startSimulator(options)` composes the tenant
 * (generated, imported or loaded from `--data`), the authority, the Graph routes of the directory
 * and mailbox sides, the pipeline stages (statistics → faults → throttling) and the HTTPS transport,
 * and returns what clients need to connect. `cync sim` is a thin shell around it.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { APPLIER_ROLES, APPLIER_SUBJECT, FEDERATION_AUDIENCE, PLANNER_ROLES, PLANNER_SUBJECT, type AppRegistration } from "./auth/apps";
import { FEDERATION_ISSUER, createAuthority } from "./auth/authority";
import { createSigningKey, signAccessToken, signAssertion, type ClaimOverrides } from "./auth/tokens";
import { createTokenVerifier } from "./auth/verify";
import { createRequestHandler, CONTROL_PREFIX } from "./app";
import { batchRoute } from "./batch";
import { createClock, type Clock } from "./clock";
import { controlRoutes } from "./control";
import { createFaultStage, type FaultConfig } from "./faults";
import { createLatencyStage } from "./latency";
import { MailboxStore, mailboxControlRoutes, mailboxRoutes, type ContactLimits } from "./mailbox";
import { createCursorCodec } from "./odata/cursor";
import { createPipeline, type Dispatch } from "./pipeline";
import { DEFAULT_DIRECTORY_ROUTE_CONFIG, type DirectoryRouteConfig, type DirectoryRouteContext } from "./routes/context";
import { groupDeltaRoutes } from "./routes/delta-groups";
import { DirectoryFaults, directoryFaultRoutes } from "./routes/directory-faults";
import { userDeltaRoutes } from "./routes/delta-users";
import { groupRoutes } from "./routes/groups";
import { mailboxSettingsRoutes } from "./routes/mailbox-settings";
import { userPhotoRoutes } from "./routes/user-photos";
import { userRoutes } from "./routes/users";
import { startTransport } from "./server";
import { createStats, type Stats } from "./stats";
import { Directory } from "./tenant/directory";
import { UserPhotos } from "./tenant/photos";
import { generateTenant } from "./tenant/generator";
import type { TenantFile } from "./tenant/model";
import { createSaver, loadState, saveState, type PersistedState } from "./tenant/persist";
import { validateTenantFile } from "./tenant/validate";
import { DEFAULT_THROTTLE_CONFIG, createThrottleStage, directoryBudgetForTenantSize, type ThrottleConfig } from "./throttle";
import { issueServerCertificate, loadOrCreateCa } from "./tls";
import type { Route, Stage } from "./types";

export interface SimulatorOptions {
  /** @default "127.0.0.1" */
  readonly host?: string | undefined;
  /** @default 0 (a free port) */
  readonly port?: number | undefined;
  /** Generated tenant size (ignored with `tenant` or existing `dataDir` state). @default 50 */
  readonly users?: number | undefined;
  /** Users with a user mailbox in a generated tenant. @default every member */
  readonly mailboxes?: number | undefined;
  /** @default 1 */
  readonly seed?: number | undefined;
  /** A tenant file (path or parsed) to import instead of generating one. */
  readonly tenant?: string | TenantFile | undefined;
  /** Persist the tenant and mailboxes here; reload them at start. Also holds the CA. */
  readonly dataDir?: string | undefined;
  /** Where the local CA lives (created once). @default dataDir, else ".cync/sim" */
  readonly caDir?: string | undefined;
  /** 1 = real time, 60 = a simulated minute per real second. @default 1 */
  readonly timeScale?: number | undefined;
  /** Latency of each Graph request in real ms, plus uniform jitter, spent inside the request's mailbox concurrency slot (latency.ts). @default 0 */
  readonly latencyMs?: number | undefined;
  readonly jitterMs?: number | undefined;
  /** Access-token lifetime in simulated seconds. @default 3599 */
  readonly tokenLifetimeSec?: number | undefined;
  readonly directory?: Partial<DirectoryRouteConfig> | undefined;
  /** Throttling (Exchange Online and Graph limits); false turns it off. @default on, Microsoft's limits */
  readonly throttle?: Partial<ThrottleConfig> | false | undefined;
  /** Fault injection. @default none */
  readonly faults?: FaultConfig | undefined;
  /** Stricter contact limits than Exchange's inferred ones (mailbox/contact.ts). @default 255-unit text */
  readonly contactLimits?: ContactLimits | undefined;
  /** Debounce of `dataDir` saves, real ms. @default 500 */
  readonly saveDelayMs?: number | undefined;
}

export interface AppCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  /** The GitHub OIDC subject its federated credential trusts. */
  readonly federatedSubject: string;
}

/** What `cync sim` prints as its first line, and what a client needs to connect. */
export interface SimulatorInfo {
  /** Equivalent of https://graph.microsoft.com: requests go to `{graphUrl}/v1.0/…`. */
  readonly graphUrl: string;
  /** Equivalent of https://login.microsoftonline.com (use with disableInstanceDiscovery: true). */
  readonly authorityHost: string;
  readonly tenantId: string;
  readonly domain: string;
  /** The applier app (read + Contacts.ReadWrite). */
  readonly clientId: string;
  readonly clientSecret: string;
  readonly apps: { readonly applier: AppCredentials; readonly planner: AppCredentials };
  /** Federated credentials: issuer and audience the apps trust (subject per app). */
  readonly federation: { readonly issuer: string; readonly audience: string };
  /** The local CA (PEM file) to trust: NODE_EXTRA_CA_CERTS. */
  readonly caFile: string;
  readonly controlUrl: string;
}

export interface SimulatorHandle extends SimulatorInfo {
  readonly caPem: string;
  readonly directory: Directory;
  readonly store: MailboxStore;
  /** Users' profile photos (tenant/photos.ts). */
  readonly photos: UserPhotos;
  readonly clock: Clock;
  readonly stats: Stats;
  /** Run a request through the Graph pipeline without HTTP (benchmarks, white-box tests). */
  readonly dispatch: Dispatch;
  /** A client assertion as GitHub Actions would issue it for `subject`. */
  mintAssertion(subject: string, audience?: string): Promise<string>;
  /** Sign an access token directly — tests forge expired, wrong-audience or wrong-tenant ones. */
  issueToken(app: "applier" | "planner", overrides?: ClaimOverrides): Promise<string>;
  /** The tenant in the documented file format (apps included). */
  exportTenant(): TenantFile;
  /** Stop serving, save `dataDir` state. */
  close(): Promise<void>;
}

function defaultApps(): AppRegistration[] {
  const app = (displayName: string, subject: string, roles: AppRegistration["roles"]): AppRegistration => ({
    clientId: randomUUID(),
    displayName,
    clientSecret: randomBytes(30).toString("base64url"),
    federatedCredentials: [{ issuer: FEDERATION_ISSUER, subject, audience: FEDERATION_AUDIENCE }],
    roles,
  });
  return [app("cync applier", APPLIER_SUBJECT, APPLIER_ROLES), app("cync planner", PLANNER_SUBJECT, PLANNER_ROLES)];
}

interface Loaded {
  readonly tenant: TenantFile;
  readonly state: PersistedState | undefined;
}

function loadTenant(options: SimulatorOptions): Loaded {
  const state = options.dataDir ? loadState(options.dataDir) : undefined;
  if (state) return { tenant: state.tenant, state };
  if (options.tenant !== undefined) {
    const raw: unknown = typeof options.tenant === "string" ? JSON.parse(readFileSync(options.tenant, "utf8")) : options.tenant;
    return { tenant: validateTenantFile(raw), state: undefined };
  }
  return { tenant: generateTenant({ users: options.users ?? 50, mailboxes: options.mailboxes, seed: options.seed ?? 1 }), state: undefined };
}

function credentials(app: AppRegistration | undefined, role: string): AppCredentials {
  if (!app?.clientSecret) throw new Error(`the tenant's ${role} app needs a client secret`);
  return { clientId: app.clientId, clientSecret: app.clientSecret, federatedSubject: app.federatedCredentials[0]?.subject ?? "" };
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const clock = createClock(options.timeScale ?? 1);
  const { tenant, state } = loadTenant(options);
  const directory = Directory.fromFile(tenant);
  if (state) directory.restoreChangeLog(state.changeLog);
  const apps: AppRegistration[] = tenant.apps?.map((a) => ({ ...a, clientId: a.clientId.toLowerCase() })) ?? defaultApps();
  const cursorKey = state ? Buffer.from(state.cursorKey, "base64") : randomBytes(32);
  const store = state ? MailboxStore.fromJSON(state.mailboxes) : new MailboxStore();

  const ca = loadOrCreateCa(options.caDir ?? options.dataDir ?? join(".cync", "sim"));
  const [accessKey, federationKey, certificate] = await Promise.all([createSigningKey(), createSigningKey(), issueServerCertificate(ca)]);
  const stats = createStats();
  const photos = UserPhotos.fromJSON(state?.photos);

  const exportTenant = (): TenantFile => ({ ...directory.toFile(), apps });
  const dataDir = options.dataDir;
  const saver = createSaver(() => {
    if (dataDir) {
      saveState(dataDir, {
        version: 1,
        tenant: exportTenant(),
        changeLog: directory.changeLog(),
        cursorKey: cursorKey.toString("base64"),
        mailboxes: store.toJSON(),
        photos: photos.toJSON(),
      });
    }
  }, options.saveDelayMs ?? 500);
  directory.onChange((e) => {
    if (e.kind === "mailbox" && e.mailbox === undefined) store.dropMailbox(e.userId);
    if (dataDir) saver.schedule();
  });
  // A fresh data directory gets its first save at once: app secrets must outlive a crash.
  if (dataDir && !state) saver.schedule();

  const stages: Stage[] = [stats.stage];
  if (options.faults) {
    const faults = createFaultStage(options.faults);
    stats.attachFaults(faults);
    stages.push(faults);
  }
  if (options.throttle !== false) {
    const liveUsers = directory.userIds.filter((id) => directory.liveUser(id)).length;
    const throttle = createThrottleStage({ ...DEFAULT_THROTTLE_CONFIG, directoryResourceUnits: directoryBudgetForTenantSize(liveUsers), ...options.throttle }, clock);
    stats.attach(throttle);
    stages.push(throttle);
  }
  if (options.latencyMs || options.jitterMs) stages.push(createLatencyStage({ latencyMs: options.latencyMs ?? 0, jitterMs: options.jitterMs ?? 0 }));
  // Graph writes and control-API edits change mailboxes: save a moment after each successful one.
  const persistStages: Stage[] = dataDir
    ? [
        {
          async handle(ctx, next) {
            const res = await next();
            if (ctx.req.method !== "GET" && res.status < 400) saver.schedule();
            return res;
          },
        },
      ]
    : [];
  stages.push(...persistStages);

  const routeCtx: DirectoryRouteContext = {
    directory,
    cursors: createCursorCodec(cursorKey),
    clock,
    config: { ...DEFAULT_DIRECTORY_ROUTE_CONFIG, ...options.directory },
    faults: new DirectoryFaults(),
  };
  let dispatch: Dispatch = () => Promise.reject(new Error("pipeline not ready"));
  const routes: Route[] = [
    ...userDeltaRoutes(routeCtx),
    ...userRoutes(routeCtx),
    ...userPhotoRoutes(routeCtx, photos),
    ...groupDeltaRoutes(routeCtx),
    ...groupRoutes(routeCtx),
    ...mailboxSettingsRoutes({ dir: directory, store, clock }),
    ...mailboxRoutes(directory, store, clock, options.contactLimits),
    batchRoute((sub) => dispatch(sub)),
  ];
  dispatch = createPipeline({ routes, stages, directory }).dispatch;

  const mintAssertion = (subject: string, audience?: string): Promise<string> => signAssertion(federationKey, clock, FEDERATION_ISSUER, subject, audience);
  const control = createPipeline({
    routes: [
      ...controlRoutes({ directory, photos, apps, stats, clock, exportTenant, mintAssertion }),
      ...mailboxControlRoutes(directory, store, clock),
      ...directoryFaultRoutes(routeCtx.faults),
    ],
    stages: persistStages,
    directory,
  }).dispatch;

  const applier = credentials(apps[0], "applier");
  const planner = credentials(apps[1], "planner");
  const tokenLifetimeSec = options.tokenLifetimeSec ?? 3599;
  const authority = createAuthority({ tenantId: directory.tenantId, domain: directory.domain, clock, accessKey, federationKey, tokenLifetimeSec, apps: () => apps });
  const verifier = createTokenVerifier(accessKey, directory.tenantId, clock);
  let origin = "";
  const transport = await startTransport({
    host: options.host ?? "127.0.0.1",
    port: options.port ?? 0,
    certificate,
    handle: createRequestHandler({ tenantId: directory.tenantId, authority, verifier, graph: dispatch, control, origin: () => origin }),
  });
  origin = transport.origin;

  return {
    graphUrl: origin,
    authorityHost: origin,
    tenantId: directory.tenantId,
    domain: directory.domain,
    clientId: applier.clientId,
    clientSecret: applier.clientSecret,
    apps: { applier, planner },
    federation: { issuer: FEDERATION_ISSUER, audience: FEDERATION_AUDIENCE },
    caFile: ca.certFile,
    caPem: ca.certPem,
    controlUrl: `${origin}${CONTROL_PREFIX}`,
    directory,
    store,
    photos,
    clock,
    stats,
    dispatch,
    mintAssertion,
    async issueToken(which, overrides) {
      const app = which === "applier" ? apps[0]! : apps[1]!;
      const { token } = await signAccessToken(accessKey, clock, { tenantId: directory.tenantId, clientId: app.clientId, roles: app.roles, authMethod: "1", lifetimeSec: tokenLifetimeSec }, overrides);
      return token;
    },
    exportTenant,
    async close() {
      await transport.close();
      if (dataDir) {
        saver.schedule();
        saver.flush();
      }
    },
  };
}

/**
 * Integration-test access to the embedded tenant: `withSimulator(options)` starts one in-process
 * simulator for the calling test file (beforeAll/afterAll) and returns a live view of its
 * connection details. Real HTTPS, real tokens: clients trust the CA through NODE_EXTRA_CA_CERTS,
 * set by the vitest globalSetup (ca-setup.ts) before workers start.
 *
 *   const sim = withSimulator({ users: 30 });
 *   it("…", async () => { const credential = sim.credential("planner"); … sim.graphUrl … });
 */
import { ClientSecretCredential, type TokenCredential } from "@azure/identity";
import { afterAll, beforeAll } from "vitest";
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from "../../src/simulator";
import { TEST_CA_DIR } from "./ca-setup";

export interface TestSimulator {
  readonly handle: SimulatorHandle;
  readonly graphUrl: string;
  readonly authorityHost: string;
  readonly tenantId: string;
  readonly apps: SimulatorHandle["apps"];
  readonly caFile: string;
  readonly controlUrl: string;
  /** An unmodified ClientSecretCredential for one of the tenant's apps. */
  credential(app?: "applier" | "planner"): TokenCredential;
  /** Call the control API (`/_sim/…`): path relative to controlUrl, e.g. "/users". */
  control(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

export function withSimulator(options: SimulatorOptions = {}): TestSimulator {
  let handle: SimulatorHandle | undefined;
  beforeAll(async () => {
    handle = await startSimulator({ caDir: TEST_CA_DIR, users: 20, throttle: false, ...options });
  });
  afterAll(async () => {
    await handle?.close();
  });
  const h = (): SimulatorHandle => {
    if (!handle) throw new Error("the simulator starts in beforeAll: use it inside tests or hooks");
    return handle;
  };
  return {
    get handle() {
      return h();
    },
    get graphUrl() {
      return h().graphUrl;
    },
    get authorityHost() {
      return h().authorityHost;
    },
    get tenantId() {
      return h().tenantId;
    },
    get apps() {
      return h().apps;
    },
    get caFile() {
      return h().caFile;
    },
    get controlUrl() {
      return h().controlUrl;
    },
    credential(app = "applier") {
      const { clientId, clientSecret } = h().apps[app];
      // disableInstanceDiscovery: msal sends instance discovery to login.microsoftonline.com.
      return new ClientSecretCredential(h().tenantId, clientId, clientSecret, { authorityHost: h().authorityHost, disableInstanceDiscovery: true });
    },
    async control(method, path, body) {
      const res = await fetch(`${h().controlUrl}${path}`, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
  };
}

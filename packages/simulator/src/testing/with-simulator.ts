/**
 * Integration-test access to the embedded tenant: `withSimulator(options)` starts one in-process
 * simulator for the calling test file (beforeAll/afterAll) and returns a live view of its
 * connection details. Real HTTPS, real tokens: clients trust the CA through NODE_EXTRA_CA_CERTS,
 * set by the vitest globalSetup (setupTestCa, ca.ts) before workers start.
 *
 *   const sim = withSimulator({ users: 30 });
 *   it("…", async () => { const credential = sim.credential("planner"); … sim.graphUrl … });
 */
import { ClientSecretCredential, type TokenCredential } from "@azure/identity";
import { afterAll, beforeAll } from "vitest";
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from "../start";
import { TEST_CA_DIR } from "./ca";

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
  /**
   * Call Graph as an app (token signed directly: fast; the credential flow has its own tests).
   * `path` is below `/v1.0` ("/users?$top=5") or an absolute link the simulator returned.
   */
  graph(method: string, path: string, init?: GraphCallOptions): Promise<HttpAnswer>;
  /** Call the control API (`/_sim/…`): path relative to controlUrl, e.g. "/users". */
  control(method: string, path: string, body?: unknown): Promise<HttpAnswer>;
}

export interface GraphCallOptions {
  readonly app?: "applier" | "planner";
  readonly body?: unknown;
  readonly headers?: Record<string, string> | undefined;
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test assertions index freely
}

async function call(url: string, method: string, headers: Record<string, string>, body: unknown): Promise<HttpAnswer> {
  const res = await fetch(url, {
    method,
    ...(body === undefined ? { headers } : { headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
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
    async graph(method, path, init = {}) {
      // A fresh token per call: tests move the simulated clock past token lifetimes.
      const token = await h().issueToken(init.app ?? "applier");
      const url = path.startsWith("https://") ? path : `${h().graphUrl}/v1.0${path}`;
      return call(url, method, { authorization: `Bearer ${token}`, ...init.headers }, init.body);
    },
    control(method, path, body) {
      return call(`${h().controlUrl}${path}`, method, {}, body);
    },
  };
}

/**
 * The environment that points cync at an embedded tenant: the same variables a CI job sets for
 * Microsoft (credentials from the standard AZURE_* names, CYNC_GRAPH_URL for the cloud) plus the
 * local CA for Node. `cync sim` prints it; the demo, tests and benchmarks start cync with it.
 */
import type { SimulatorInfo } from "./start";

export type SimulatorApp = "applier" | "planner";

export function simulatorEnv(
  sim: Pick<SimulatorInfo, "tenantId" | "apps" | "authorityHost" | "graphUrl" | "caFile">,
  app: SimulatorApp = "applier",
): Record<string, string> {
  return {
    AZURE_TENANT_ID: sim.tenantId,
    AZURE_CLIENT_ID: sim.apps[app].clientId,
    AZURE_CLIENT_SECRET: sim.apps[app].clientSecret,
    AZURE_AUTHORITY_HOST: sim.authorityHost,
    CYNC_GRAPH_URL: sim.graphUrl,
    // Read by Node at process start only: it matters to a cync started with this environment.
    NODE_EXTRA_CA_CERTS: sim.caFile,
  };
}

/**
 * vitest globalSetup: the simulator's local CA must exist, and be trusted, before any test worker
 * starts — Node reads NODE_EXTRA_CA_CERTS only at process start, and @azure/identity and the Graph
 * client use Node's default trust store. Workers inherit this process's environment.
 */
import { join } from "node:path";
import { loadOrCreateCa } from "../../src/simulator/tls";

/** Where every test's simulator finds the CA (created once, reused across runs). */
export const TEST_CA_DIR = join(__dirname, "..", "..", ".cync", "test-ca");

export default function setup(): void {
  const ca = loadOrCreateCa(TEST_CA_DIR);
  process.env["NODE_EXTRA_CA_CERTS"] = ca.certFile;
}

/**
 * vitest globalSetup: the simulator's local CA must exist, and be trusted, before any test worker
 * starts — Node reads NODE_EXTRA_CA_CERTS only at process start, and @azure/identity and the Graph
 * client use Node's default trust store. Workers inherit this process's environment.
 */
import { resolve } from "node:path";
import { loadOrCreateCa } from "../tls";

/**
 * Where every test's simulator finds the CA (created once, reused across runs): under the directory
 * the tests run from, which the globalSetup process and its workers share.
 */
export const TEST_CA_DIR = resolve(".cync", "test-ca");

export function setupTestCa(): void {
  const ca = loadOrCreateCa(TEST_CA_DIR);
  process.env["NODE_EXTRA_CA_CERTS"] = ca.certFile;
}

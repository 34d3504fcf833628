/**
 * vitest globalSetup for cync's suites: the embedded tenant's CA is created and trusted
 * (NODE_EXTRA_CA_CERTS) before any test worker starts (@cync/simulator/testing, setupTestCa).
 */
export { setupTestCa as default } from "@cync/simulator/testing";

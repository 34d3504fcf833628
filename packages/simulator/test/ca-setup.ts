/** vitest globalSetup: the CA exists and is trusted before any worker starts (packages/simulator/src/testing/ca.ts). */
export { setupTestCa as default } from "../src/testing";

/**
 * @cync/simulator/testing: vitest helpers for suites that run against the embedded tenant — this
 * package's own and cync's. Kept apart from the main entry so that running the simulator never
 * loads vitest.
 */
export { TEST_CA_DIR, setupTestCa } from "./ca";
export { withSimulator, type GraphCallOptions, type HttpAnswer, type TestSimulator } from "./with-simulator";
export { expectFixtureShape, loadFixture, shapeDifferences, type Fixture } from "./fixture-shape";

/**
 * @cync/simulator, the embedded Microsoft Graph tenant: its one public entry. cync (`cync sim`,
 * `cync demo`), its tests and benchmarks import only what is exported here (and the test helpers
 * of `@cync/simulator/testing`); everything else in this package is private to it
 * (docs/architecture.md#the-embedded-tenant).
 */
export { startSimulator, type AppCredentials, type SimulatorHandle, type SimulatorInfo, type SimulatorOptions } from "./start";
export { simulatorEnv, type SimulatorApp } from "./env";
export { loadOrCreateCa, type CertificateAuthority } from "./tls";
export { generateTenant, type GeneratorOptions } from "./tenant/generator";
export type { TenantFile, TenantGroup, TenantUser } from "./tenant/model";
export { seededRandom, type FaultConfig, type FaultCounts, type FaultKind } from "./faults";
// What benchmarks drive the pipeline and the store with, in-process (handle.dispatch, handle.store).
export { APPLIER_ROLES, PLANNER_ROLES } from "./auth/apps";
export { MailboxStore } from "./mailbox";
export type { ContactLimits, ContactProps } from "./mailbox/contact";
export type { SimRequest, SimResponse } from "./types";

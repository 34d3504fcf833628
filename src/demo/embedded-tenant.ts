/**
 * The embedded tenant (@cync/simulator), loaded only by the commands that run it — `cync sim` and
 * `cync demo` — so every other command starts without it and its TLS and JOSE libraries.
 */
export type EmbeddedTenant = typeof import("@cync/simulator");

export const loadEmbeddedTenant = (): Promise<EmbeddedTenant> => import("@cync/simulator");

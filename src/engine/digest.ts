/**
 * Digests that let `cync apply --plan FILE` tell whether a saved plan is stale: the directory
 * content a plan used, and the tenant it was computed against. Never a deltaLink (which changes on
 * every run and says nothing about content) and never a secret.
 */
import { createHash } from "node:crypto";
import type { DirectoryUser } from "../conditions";
import { canonicalJson } from "../registry/hash";

/** sha256 (hex) of the users' selected attributes, independent of read order. */
export function directoryDigest(users: readonly DirectoryUser[]): string {
  const hash = createHash("sha256");
  const sorted = [...users].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const user of sorted) hash.update(canonicalJson(user)).update("\n");
  return hash.digest("hex");
}

/** The tenant a plan is about: tenant id and Graph origin, e.g. `contoso.onmicrosoft.com@https://graph.microsoft.com`. */
export function tenantIdentity(tenantId: string, graphUrl: string): string {
  return `${tenantId.toLowerCase()}@${new URL(graphUrl).origin.toLowerCase()}`;
}

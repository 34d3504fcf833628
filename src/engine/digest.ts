/**
 * Digests that let `cync apply --plan FILE` tell whether a saved plan is stale: the directory
 * content a plan used, and the tenant it was computed against. Never a deltaLink (which changes on
 * every run and says nothing about content) and never a secret.
 */
import { createHash } from "node:crypto";
import type { DirectoryUser } from "../model/directory-user";
import { canonicalJson } from "../json/canonical";

/** sha256 (hex) of the users' selected attributes, independent of read order. */
export function directoryDigest(users: ReadonlyMap<string, DirectoryUser>): string {
  const hash = createHash("sha256");
  for (const id of [...users.keys()].sort()) hash.update(canonicalJson(users.get(id))).update("\n");
  return hash.digest("hex");
}

/** The tenant a plan is about: tenant id and Graph origin, e.g. `contoso.onmicrosoft.com@https://graph.microsoft.com`. */
export function tenantIdentity(tenantId: string, graphUrl: string): string {
  return `${tenantId.toLowerCase()}@${new URL(graphUrl).origin.toLowerCase()}`;
}

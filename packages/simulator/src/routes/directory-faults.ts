/**
 * The directory on a bad day, switched on and off through the control API (no Graph permission):
 *
 *   POST   /_sim/directory/expireDeltaTokens  {"as"?: "400" | "410"}: every users and groups delta
 *                                             token (deltaLinks and nextLinks) issued so far is
 *                                             refused from now on, the way named (default: the
 *                                             tenant's `deltaExpiry`), as Graph refuses an expired
 *                                             one (docs/graph-behaviour.md#delta-token-expiry)
 *   PUT    /_sim/directory/outage             {"resource": "users" | "groups", "fault", …}: an outage
 *                                             of that delta read (below); replaces its previous one
 *   DELETE /_sim/directory/outage             every outage ends
 *
 * Outage faults, on `/users/delta` or `/groups/delta` requests:
 * - `"503"`: after `afterPages` answered requests (default 0), every request answers 503
 *   `serviceNotAvailable` with `Retry-After: retryAfterSeconds` (default 1) — a page that keeps
 *   failing beyond any client's retries;
 * - `"404"`: likewise, 404 `Request_ResourceNotFound`;
 * - `"reset"`: likewise, the connection is reset before an answer; with `times`, only that many
 *   requests are reset (a dropped connection a client's retry gets past);
 * - `"empty"`: every full round (an initial request, no token) answers as if the objects were
 *   empty: users delta sends no user, groups delta sends each group without members. Later
 *   (incremental) rounds are untouched: "nothing changed" is their normal answer.
 */
import { graphError } from "../errors";
import { noContent } from "../mailbox/context";
import type { Route, SimRequest, SimResponse } from "../types";

export type DirectoryResource = "users" | "groups";
export type DeltaRefusal = "400" | "410";
type FailingFault = "503" | "404" | "reset";

type Outage =
  | { readonly fault: FailingFault; readonly afterPages: number; readonly times: number; readonly retryAfterSeconds: number }
  | { readonly fault: "empty" };

/** What a delta request meets: nothing, a failure to answer with, or an empty full round. */
export type OutageEffect = { readonly kind: "none" } | { readonly kind: "answer"; readonly response: SimResponse } | { readonly kind: "empty" };

export class DirectoryFaults {
  /** Tokens stamped with a lower generation are expired (see {@link expireDeltaTokens}). */
  private gen = 0;
  private refusal: DeltaRefusal | undefined;
  private readonly outages = new Map<DirectoryResource, { outage: Outage; requests: number; faulted: number }>();

  get generation(): number {
    return this.gen;
  }

  /** How the last expiry asked expired tokens to be refused, if it named a way. */
  get expiredAs(): DeltaRefusal | undefined {
    return this.refusal;
  }

  expireDeltaTokens(as: DeltaRefusal | undefined): void {
    this.gen++;
    this.refusal = as;
  }

  setOutage(resource: DirectoryResource, outage: Outage): void {
    this.outages.set(resource, { outage, requests: 0, faulted: 0 });
  }

  clearOutages(): void {
    this.outages.clear();
  }

  /** The outage's effect on this delta request (counted); `fresh`: it starts an initial round (no token). */
  effect(resource: DirectoryResource, req: SimRequest, fresh: boolean): OutageEffect {
    const entry = this.outages.get(resource);
    if (entry === undefined) return { kind: "none" };
    const { outage } = entry;
    if (outage.fault === "empty") return fresh ? { kind: "empty" } : { kind: "none" };
    entry.requests++;
    if (entry.requests <= outage.afterPages || entry.faulted >= outage.times) return { kind: "none" };
    entry.faulted++;
    switch (outage.fault) {
      case "reset":
        return { kind: "answer", response: { status: 0, drop: "reset-before" } };
      case "404":
        return { kind: "answer", response: graphError(req, 404, "Request_ResourceNotFound", `Resource '${resource}' does not exist or one of its queried reference-property objects are not present.`) };
      case "503":
        return {
          kind: "answer",
          response: graphError(req, 503, "serviceNotAvailable", "The service is temporarily unavailable. You may repeat the request after a delay.", { "retry-after": String(outage.retryAfterSeconds) }),
        };
    }
  }
}

const RESOURCES: ReadonlySet<string> = new Set<DirectoryResource>(["users", "groups"]);
const FAULTS: ReadonlySet<string> = new Set(["503", "404", "reset", "empty"]);

const count = (v: unknown, fallback: number): number | undefined => (v === undefined ? fallback : typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : undefined);

/** The outage a PUT body describes, or the message of the 400 to answer. */
function parseOutage(body: unknown): { resource: DirectoryResource; outage: Outage } | string {
  const usage = 'Body must be {"resource": "users" | "groups", "fault": "503" | "404" | "reset" | "empty", "afterPages"?: n, "times"?: n, "retryAfterSeconds"?: s}.';
  if (typeof body !== "object" || body === null) return usage;
  const b = body as Record<string, unknown>;
  if (typeof b["resource"] !== "string" || !RESOURCES.has(b["resource"]) || typeof b["fault"] !== "string" || !FAULTS.has(b["fault"])) return usage;
  const resource = b["resource"] as DirectoryResource;
  if (b["fault"] === "empty") return { resource, outage: { fault: "empty" } };
  const afterPages = count(b["afterPages"], 0);
  const times = count(b["times"], Number.POSITIVE_INFINITY);
  const retryAfter = b["retryAfterSeconds"] ?? 1;
  if (afterPages === undefined || times === undefined || typeof retryAfter !== "number" || !(retryAfter >= 0)) return usage;
  return { resource, outage: { fault: b["fault"] as FailingFault, afterPages, times, retryAfterSeconds: retryAfter } };
}

export function directoryFaultRoutes(faults: DirectoryFaults): Route[] {
  const route = (method: string, pattern: string, handler: Route["handler"]): Route => ({ method, pattern: `/_sim/directory${pattern}`, anyOf: [], handler });
  return [
    route("POST", "/expireDeltaTokens", (req) => {
      const as = (req.body as { as?: unknown } | undefined)?.as;
      if (as !== undefined && as !== "400" && as !== "410") return graphError(req, 400, "BadRequest", 'Body must be {"as"?: "400" | "410"}.');
      faults.expireDeltaTokens(as);
      return noContent();
    }),
    route("PUT", "/outage", (req) => {
      const parsed = parseOutage(req.body);
      if (typeof parsed === "string") return graphError(req, 400, "BadRequest", parsed);
      faults.setOutage(parsed.resource, parsed.outage);
      return noContent();
    }),
    route("DELETE", "/outage", () => {
      faults.clearOutages();
      return noContent();
    }),
  ];
}

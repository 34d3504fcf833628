/**
 * What user and group delta share (docs/graph-behaviour.md#delta-rounds-and-links): the token
 * lifecycle (initial request → `$skiptoken` nextLinks → a `$deltatoken` deltaLink on the last page
 * only), `$deltatoken=latest`, the id-only `$filter`, page size and token expiry.
 *
 * A round is defined by `from` (changes with a stamp above it are returned; −1 = initial round)
 * and `end`, the sequence when the round started: the deltaLink continues from `end`, so a change
 * made while the client pages is sent again in the next round (Graph allows replays).
 */
import { graphError } from "../errors";
import { parseIdFilter } from "../odata/filter";
import type { SimRequest, SimResponse } from "../types";
import type { DirectoryRouteContext } from "./context";
import type { DeltaRefusal, DirectoryResource } from "./directory-faults";

/** The state a delta token carries; query parameters are only read on the first call. */
export interface DeltaState {
  /** "users" | "groups", so a user token cannot drive a group round. */
  readonly k: string;
  readonly from: number;
  readonly end: number;
  /** Paging cursor: the last object id sent (skiptokens only). */
  readonly after?: string;
  /** Last member id sent of a group split across pages. */
  readonly afterMember?: string;
  readonly sel: readonly string[] | null;
  readonly ids: readonly string[] | null;
  /** Group delta: membership is tracked ($select=members or $expand=members). */
  readonly members?: boolean;
  /** When the token's chain began (simulated ms), for expiry. */
  readonly t: number;
  /** The expiry generation the token was issued in (directory-faults.ts); absent: 0. */
  readonly g?: number;
  /** A full round answered as if every object were empty (an outage, directory-faults.ts). */
  readonly empty?: boolean;
}

export type DeltaStart =
  | { kind: "round"; state: DeltaState }
  | { kind: "latest"; state: DeltaState }
  | { kind: "answer"; response: SimResponse };

const MAX_FILTER_IDS = 50;
const MAX_PAGE = 999;

/**
 * Decode the request into a delta state: a fresh round from the query parameters, the state in a
 * skip/delta token, or an answer (bad token, expired token, bad parameter).
 */
export function startDelta(
  ctx: DirectoryRouteContext,
  req: SimRequest,
  kind: DirectoryResource,
  fresh: () => { sel: readonly string[] | null; members?: boolean } | SimResponse,
): DeltaStart {
  const now = ctx.clock.now();
  const skip = req.query.get("$skiptoken");
  const delta = req.query.get("$deltatoken");
  const token = skip ?? delta;
  const initial = token === null || token === "" || token === "latest";
  const outage = ctx.faults.effect(kind, req, initial);
  if (outage.kind === "answer") return outage;
  if (!initial) {
    const state = ctx.cursors.decode<DeltaState>(token);
    if (!state || state.k !== kind) {
      return { kind: "answer", response: graphError(req, 400, "Request_BadRequest", "Invalid delta token or skip token.") };
    }
    if ((state.g ?? 0) < ctx.faults.generation) return { kind: "answer", response: expired(req, kind, state, ctx.faults.expiredAs ?? ctx.config.deltaExpiry) };
    if (now - state.t > ctx.config.deltaTokenTtlMs) return { kind: "answer", response: expired(req, kind, state, ctx.config.deltaExpiry) };
    // A deltaLink opens a new round that ends where the directory is now; a skiptoken continues one.
    return { kind: "round", state: skip !== null ? state : { ...state, end: ctx.directory.seq } };
  }
  const params = fresh();
  if ("status" in params) return { kind: "answer", response: params };
  let ids: string[] | null = null;
  const filter = req.query.get("$filter");
  if (filter !== null) {
    const parsed = parseIdFilter(filter);
    if (!parsed) {
      return { kind: "answer", response: graphError(req, 400, "Request_UnsupportedQuery", "Unsupported query: $filter on delta supports only 'id eq' clauses joined by 'or'.") };
    }
    if (parsed.length > MAX_FILTER_IDS) {
      return { kind: "answer", response: graphError(req, 400, "Request_UnsupportedQuery", `Unsupported query: at most ${MAX_FILTER_IDS} ids may be filtered.`) };
    }
    ids = [...new Set(parsed)].sort();
  }
  const state: DeltaState = {
    k: kind,
    from: -1,
    end: ctx.directory.seq,
    sel: params.sel,
    ids,
    t: now,
    ...(params.members !== undefined ? { members: params.members } : {}),
    ...(outage.kind === "empty" && delta !== "latest" ? { empty: true } : {}),
  };
  if (delta === "latest") return { kind: "latest", state: { ...state, from: ctx.directory.seq } };
  return { kind: "round", state };
}

/**
 * Expired token: 400 `syncStateNotFound`, or 410 Gone with a Location whose empty `$deltatoken`
 * asks for a full resync (docs/graph-behaviour.md#delta-token-expiry).
 */
function expired(req: SimRequest, kind: string, state: DeltaState, as: DeltaRefusal): SimResponse {
  if (as === "410") {
    const params: string[] = [];
    if (state.sel) params.push(`$select=${state.sel.join(",")}`);
    if (state.ids) params.push(`$filter=${encodeURIComponent(state.ids.map((id) => `id eq '${id}'`).join(" or "))}`);
    params.push("$deltatoken=");
    return graphError(req, 410, "resyncRequired", "Resync required. Replace any local state with the data returned by the next request.", {
      location: `${req.baseUrl}/${kind}/delta?${params.join("&")}`,
    });
  }
  return graphError(req, 400, "syncStateNotFound", "The sync state generation is not found. The delta token is expired and data must be synchronized again.");
}

/**
 * The ids a page of this round walks, ascending: every object in the initial round, else only the
 * objects changed since the token (the directory's change log), within the id filter if any.
 */
export function roundCandidates(state: DeltaState, all: readonly string[], changedSince: (seq: number) => string[]): readonly string[] {
  if (state.from < 0) return state.ids ?? all;
  const changed = changedSince(state.from);
  return state.ids ? changed.filter((id) => state.ids!.includes(id)) : changed;
}

/** Page size: `Prefer: odata.maxpagesize=N` (or `$top`), else the configured size. */
export function deltaPageSize(ctx: DirectoryRouteContext, req: SimRequest): number {
  const prefer = /odata\.maxpagesize=(\d+)/i.exec(req.headers["prefer"] ?? "");
  const requested = Number(prefer?.[1] ?? req.query.get("$top") ?? ctx.config.deltaPageSize);
  return Math.min(MAX_PAGE, Math.max(1, Number.isFinite(requested) ? Math.floor(requested) : ctx.config.deltaPageSize));
}

export const wantsMinimal = (req: SimRequest): boolean => /return=minimal/i.test(req.headers["prefer"] ?? "");

/** The link closing a page: nextLink while objects remain, else the round's deltaLink. */
export function pageLinks(
  ctx: DirectoryRouteContext,
  req: SimRequest,
  kind: string,
  state: DeltaState,
  next: { after: string; afterMember?: string } | undefined,
): Record<string, string> {
  const base = `${req.baseUrl}/${kind}/delta`;
  if (next) {
    const { afterMember: _drop, ...rest } = state;
    const token = ctx.cursors.encode({ ...rest, g: ctx.faults.generation, after: next.after, ...(next.afterMember !== undefined ? { afterMember: next.afterMember } : {}) });
    return { "@odata.nextLink": `${base}?$skiptoken=${token}` };
  }
  // An empty round's emptiness ends with it: later rounds report changes as usual.
  const { after: _a, afterMember: _m, empty: _e, ...rest } = state;
  return { "@odata.deltaLink": `${base}?$deltatoken=${ctx.cursors.encode({ ...rest, g: ctx.faults.generation, from: state.end, end: 0, t: ctx.clock.now() })}` };
}

/**
 * `GET /users/delta` (docs/graph-behaviour.md#delta-tracks-selected-properties,
 * docs/graph-behaviour.md#removed-users):
 * - only `$select`ed properties are tracked: a change to another property does not surface the user;
 * - soft-deleted users come as `{"id","@removed":{"reason":"changed"}}`, hard-deleted as "deleted",
 *   in the initial round too; a restored user is sent again in full;
 * - never-set properties are omitted; `Prefer: return=minimal` sends only changed ones (nulls for
 *   cleared ones) in later rounds;
 * - a later round walks only the users changed since its token; a page looks at a bounded number
 *   of them, so when most changes concern unselected properties a page may come back empty with
 *   a nextLink, as Graph's do.
 */
import { graphError } from "../errors";
import { collectionContext, parseSelect, project } from "../odata/select";
import type { UserRecord } from "../tenant/directory";
import { firstAfter } from "../tenant/sorted-ids";
import { DEFAULT_USER_PROPERTIES, OUTSIDE_STORE_USER_PROPERTIES, USER_PROPERTIES } from "../tenant/model";
import type { Route, SimRequest, SimResponse } from "../types";
import type { DirectoryRouteContext } from "./context";
import { deltaPageSize, pageLinks, roundCandidates, startDelta, wantsMinimal, type DeltaState } from "./delta-common";
import { json } from "../mailbox/context";

/** How many candidates a page may look at per object it can return: bounds the work of one request. */
const SCAN_FACTOR = 10;

/** Stamp of the newest change relevant to a client tracking `sel` (all properties when null). */
function relevantSeq(rec: UserRecord, sel: readonly string[] | null): number {
  if (!sel || !rec.user) return rec.maxSeq;
  let seq = rec.lifeSeq;
  for (const p of sel) seq = Math.max(seq, rec.propSeq.get(p) ?? 0);
  return seq;
}

function render(rec: UserRecord, id: string, state: DeltaState, minimal: boolean): Record<string, unknown> {
  if (!rec.user) return { id, "@removed": { reason: "deleted" } };
  if (rec.user.deletedDateTime) return { id, "@removed": { reason: "changed" } };
  const props = state.sel ?? DEFAULT_USER_PROPERTIES;
  if (minimal && state.from >= 0 && rec.lifeSeq <= state.from) {
    const changed = props.filter((p) => (rec.propSeq.get(p) ?? 0) > state.from);
    const src = rec.user as unknown as Record<string, unknown>;
    return { ...Object.fromEntries(changed.map((p) => [p, src[p] ?? null])), id };
  }
  return project(rec.user, props, true);
}

function usersDelta(ctx: DirectoryRouteContext, req: SimRequest): SimResponse {
  const start = startDelta(ctx, req, "users", () => {
    if (req.query.has("$expand") || req.query.has("$orderby")) {
      return graphError(req, 400, "Request_UnsupportedQuery", "Unsupported Query.");
    }
    const select = parseSelect(req.query.get("$select"), USER_PROPERTIES, "Microsoft.DirectoryServices.User", OUTSIDE_STORE_USER_PROPERTIES);
    if (!select.ok) return graphError(req, select.status, select.code, select.message);
    return { sel: select.props ?? null };
  });
  if (start.kind === "answer") return start.response;
  const context = collectionContext(req.baseUrl, "users", req.query.has("$select") ? (start.state.sel ?? undefined) : undefined);
  if (start.kind === "latest") {
    return json(200, { "@odata.context": context, ...pageLinks(ctx, req, "users", start.state, undefined), value: [] });
  }
  const { state } = start;
  const pageSize = deltaPageSize(ctx, req);
  const minimal = wantsMinimal(req);
  const ids = state.empty === true ? [] : roundCandidates(state, ctx.directory.userIds, (seq) => ctx.directory.usersChangedSince(seq));
  let i = state.after === undefined ? 0 : firstAfter(ids, state.after);
  const scanEnd = Math.min(ids.length, i + pageSize * SCAN_FACTOR);
  const value: Record<string, unknown>[] = [];
  for (; i < scanEnd && value.length < pageSize; i++) {
    const id = ids[i]!;
    const rec = ctx.directory.userRecord(id);
    if (!rec) continue;
    if (state.from >= 0 ? relevantSeq(rec, state.sel) > state.from : true) value.push(render(rec, id, state, minimal));
  }
  const next = i < ids.length ? { after: ids[i - 1]! } : undefined;
  return json(200, { "@odata.context": context, ...pageLinks(ctx, req, "users", state, next), value });
}

export function userDeltaRoutes(ctx: DirectoryRouteContext): Route[] {
  return [{ method: "GET", pattern: "/users/delta", anyOf: ["User.Read.All"], resourceUnits: 1, handler: (req) => usersDelta(ctx, req) }];
}

/**
 * Users: https://learn.microsoft.com/graph/api/user-list?view=graph-rest-1.0,
 * https://learn.microsoft.com/graph/api/user-get?view=graph-rest-1.0.
 *
 *   GET /users                     $select, $filter (odata/filter.ts), $top ≤ 999, @odata.nextLink
 *   GET /users/$count              $filter; text/plain (needs ConsistencyLevel: eventual)
 *   GET /users/{id | upn}          $select
 */
import { graphError } from "../errors";
import type { Predicate } from "../odata/filter";
import { collectionContext, parseSelect, project } from "../odata/select";
import {
  DEFAULT_USER_PROPERTIES,
  OUTSIDE_STORE_USER_PROPERTIES,
  USER_COLLECTION_PROPERTIES,
  USER_PROPERTIES,
  type GraphUser,
} from "../tenant/model";
import type { Route, SimRequest, SimResponse } from "../types";
import { isResponse, json } from "../mailbox/context";
import { countRefused, directoryFilter, page } from "./collection";
import type { DirectoryRouteContext } from "./context";

const USER_TYPE = "Microsoft.DirectoryServices.User";

/** The live user with this id if the filter keeps it (soft-deleted users are not listed). */
function kept(ctx: DirectoryRouteContext, filter: Predicate | undefined): (id: string) => GraphUser | undefined {
  return (id) => {
    const user = ctx.directory.liveUser(id);
    return user && (!filter || filter(user as unknown as Record<string, unknown>)) ? user : undefined;
  };
}

function listUsers(ctx: DirectoryRouteContext, req: SimRequest): SimResponse {
  const select = parseSelect(req.query.get("$select"), USER_PROPERTIES, USER_TYPE, OUTSIDE_STORE_USER_PROPERTIES);
  if (!select.ok) return graphError(req, select.status, select.code, select.message);
  const filter = directoryFilter(req, USER_PROPERTIES);
  if (isResponse(filter)) return filter;
  if (req.query.has("$orderby") || req.query.has("$search")) {
    return graphError(req, 400, "Request_UnsupportedQuery", "Unsupported Query.");
  }
  const props = select.props ?? DEFAULT_USER_PROPERTIES;
  const keep = kept(ctx, filter);
  return page(ctx, req, "/users", "users", ctx.directory.userIds, (id) => {
    const user = keep(id);
    return user && project(user, props, false, USER_COLLECTION_PROPERTIES);
  }, collectionContext(req.baseUrl, "users", select.props));
}

function countUsers(ctx: DirectoryRouteContext, req: SimRequest): SimResponse {
  const refused = countRefused(req);
  if (refused) return refused;
  const filter = directoryFilter(req, USER_PROPERTIES);
  if (isResponse(filter)) return filter;
  const keep = kept(ctx, filter);
  const n = ctx.directory.userIds.reduce((count, id) => (keep(id) ? count + 1 : count), 0);
  return { status: 200, headers: { "content-type": "text/plain" }, body: Buffer.from(String(n)) };
}

function getUser(ctx: DirectoryRouteContext, req: SimRequest, idOrUpn: string): SimResponse {
  const select = parseSelect(req.query.get("$select"), USER_PROPERTIES, USER_TYPE);
  if (!select.ok) return graphError(req, select.status, select.code, select.message);
  const user: GraphUser | undefined = ctx.directory.liveUser(idOrUpn);
  if (!user) {
    return graphError(req, 404, "Request_ResourceNotFound", `Resource '${idOrUpn}' does not exist or one of its queried reference-property objects are not present.`);
  }
  return json(200, {
    "@odata.context": `${collectionContext(req.baseUrl, "users", select.props)}/$entity`,
    ...project(user, select.props ?? DEFAULT_USER_PROPERTIES, false, USER_COLLECTION_PROPERTIES),
  });
}

export function userRoutes(ctx: DirectoryRouteContext): Route[] {
  return [
    // Resource units (docs/graph-behaviour.md#directory-resource-units): GET users = 2, other
    // GETs 1.
    { method: "GET", pattern: "/users", anyOf: ["User.Read.All"], resourceUnits: 2, handler: (req) => listUsers(ctx, req) },
    { method: "GET", pattern: "/users/$count", anyOf: ["User.Read.All"], resourceUnits: 1, handler: (req) => countUsers(ctx, req) },
    { method: "GET", pattern: "/users/{userId}", anyOf: ["User.Read.All"], resourceUnits: 1, handler: (req, p) => getUser(ctx, req, p["userId"]!) },
  ];
}

/**
 * Users (A:user-list.md, A:user-get.md).
 *
 *   GET /users                     $select, $filter (odata/filter.ts), $top ≤ 999, @odata.nextLink
 *   GET /users/{id | upn}          $select
 */
import { graphError } from "../errors";
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
import { directoryFilter, page } from "./collection";
import type { DirectoryRouteContext } from "./context";

const USER_TYPE = "Microsoft.DirectoryServices.User";

function listUsers(ctx: DirectoryRouteContext, req: SimRequest): SimResponse {
  const select = parseSelect(req.query.get("$select"), USER_PROPERTIES, USER_TYPE, OUTSIDE_STORE_USER_PROPERTIES);
  if (!select.ok) return graphError(req, select.status, select.code, select.message);
  const filter = directoryFilter(req, USER_PROPERTIES);
  if (isResponse(filter)) return filter;
  if (req.query.has("$orderby") || req.query.has("$search")) {
    return graphError(req, 400, "Request_UnsupportedQuery", "Unsupported Query.");
  }
  const props = select.props ?? DEFAULT_USER_PROPERTIES;
  return page(ctx, req, "/users", "users", ctx.directory.userIds, (id) => {
    const user = ctx.directory.liveUser(id);
    return user && (!filter || filter(user as unknown as Record<string, unknown>))
      ? project(user, props, false, USER_COLLECTION_PROPERTIES)
      : undefined;
  }, collectionContext(req.baseUrl, "users", select.props));
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
    // Resource units per graph-facts §1: GET users = 2, other GETs 1.
    { method: "GET", pattern: "/users", anyOf: ["User.Read.All"], resourceUnits: 2, handler: (req) => listUsers(ctx, req) },
    { method: "GET", pattern: "/users/{userId}", anyOf: ["User.Read.All"], resourceUnits: 1, handler: (req, p) => getUser(ctx, req, p["userId"]!) },
  ];
}

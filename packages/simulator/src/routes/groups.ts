/**
 * Groups:
 * https://learn.microsoft.com/graph/api/group-list?view=graph-rest-1.0,
 * https://learn.microsoft.com/graph/api/group-list-members?view=graph-rest-1.0,
 * https://learn.microsoft.com/graph/api/group-list-transitivemembers?view=graph-rest-1.0.
 *
 *   GET /groups                        $select, $filter, $top, nextLink
 *   GET /groups/{id}                   $select
 *   GET /groups/{id}/members           direct members, users and groups, with @odata.type
 *   GET /groups/{id}/transitiveMembers nested groups flattened (the groups themselves included)
 */
import { graphError } from "../errors";
import { collectionContext, parseSelect, project } from "../odata/select";
import type { Predicate } from "../odata/filter";
import type { Directory } from "../tenant/directory";
import { transitiveMembers } from "../tenant/membership";
import { DEFAULT_USER_PROPERTIES, GROUP_PROPERTIES, USER_COLLECTION_PROPERTIES, USER_PROPERTIES } from "../tenant/model";
import type { Route, SimRequest, SimResponse } from "../types";
import type { DirectoryRouteContext } from "./context";
import { isResponse, json } from "../mailbox/context";
import { directoryFilter, page } from "./collection";

const GROUP_TYPE = "Microsoft.DirectoryServices.Group";

function notFound(req: SimRequest, id: string): SimResponse {
  return graphError(req, 404, "Request_ResourceNotFound", `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
}

/** A directory object as members lists show it: typed, users with their default properties. */
function memberObject(dir: Directory, id: string, userProps: readonly string[]): Record<string, unknown> | undefined {
  const user = dir.liveUser(id);
  if (user) return { "@odata.type": "#microsoft.graph.user", ...project(user, userProps, false, USER_COLLECTION_PROPERTIES) };
  const group = dir.liveGroup(id);
  if (group) return { "@odata.type": "#microsoft.graph.group", ...project(group, ["id", "displayName", "description", "mail", "mailEnabled", "securityEnabled"], false) };
  return undefined;
}

function listGroups(ctx: DirectoryRouteContext, req: SimRequest): SimResponse {
  const select = parseSelect(req.query.get("$select"), GROUP_PROPERTIES, GROUP_TYPE);
  if (!select.ok) return graphError(req, select.status, select.code, select.message);
  const filter: Predicate | undefined | SimResponse = directoryFilter(req, GROUP_PROPERTIES);
  if (isResponse(filter)) return filter;
  const props = select.props ?? GROUP_PROPERTIES;
  return page(ctx, req, "/groups", "groups", ctx.directory.groupIds, (id) => {
    const g = ctx.directory.liveGroup(id);
    return g && (!filter || filter(g as unknown as Record<string, unknown>)) ? project(g, props, false, new Set(["groupTypes"])) : undefined;
  }, collectionContext(req.baseUrl, "groups", select.props));
}

function getGroup(ctx: DirectoryRouteContext, req: SimRequest, id: string): SimResponse {
  const select = parseSelect(req.query.get("$select"), GROUP_PROPERTIES, GROUP_TYPE);
  if (!select.ok) return graphError(req, select.status, select.code, select.message);
  const g = ctx.directory.liveGroup(id);
  if (!g) return notFound(req, id);
  return json(200, { "@odata.context": `${collectionContext(req.baseUrl, "groups", select.props)}/$entity`, ...project(g, select.props ?? GROUP_PROPERTIES, false, new Set(["groupTypes"])) });
}

function listMembers(ctx: DirectoryRouteContext, req: SimRequest, id: string, transitive: boolean): SimResponse {
  if (!ctx.directory.liveGroup(id)) return notFound(req, id);
  const select = parseSelect(req.query.get("$select"), USER_PROPERTIES, "Microsoft.DirectoryServices.DirectoryObject");
  if (!select.ok) return graphError(req, select.status, select.code, select.message);
  const ids = (transitive ? transitiveMembers(ctx.directory, id) : ctx.directory.members(id)).sort();
  const props = select.props ?? DEFAULT_USER_PROPERTIES;
  return page(ctx, req, `/groups/${id}/${transitive ? "transitiveMembers" : "members"}`, transitive ? "tmembers" : "members", ids,
    (m) => memberObject(ctx.directory, m, props), `${req.baseUrl}/$metadata#directoryObjects`);
}

export function groupRoutes(ctx: DirectoryRouteContext): Route[] {
  const read = ["GroupMember.Read.All"] as const;
  return [
    { method: "GET", pattern: "/groups", anyOf: read, resourceUnits: 2, handler: (req) => listGroups(ctx, req) },
    { method: "GET", pattern: "/groups/{groupId}", anyOf: read, resourceUnits: 1, handler: (req, p) => getGroup(ctx, req, p["groupId"]!) },
    // Resource units (docs/graph-behaviour.md#directory-resource-units): members = 3,
    // transitiveMembers = 5.
    { method: "GET", pattern: "/groups/{groupId}/members", anyOf: read, resourceUnits: 3, handler: (req, p) => listMembers(ctx, req, p["groupId"]!, false) },
    { method: "GET", pattern: "/groups/{groupId}/transitiveMembers", anyOf: read, resourceUnits: 5, handler: (req, p) => listMembers(ctx, req, p["groupId"]!, true) },
  ];
}

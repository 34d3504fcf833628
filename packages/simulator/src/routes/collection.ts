/**
 * What directory collections share: `$top` (≤ 999), `$filter` and `$count` with Graph's
 * advanced-query rule (`ConsistencyLevel: eventual`, docs/graph-behaviour.md#advanced-queries), and
 * paging by id with an opaque `$skiptoken` in an `@odata.nextLink` that repeats the query.
 */
import { graphError } from "../errors";
import { FilterError, parseFilter, type Predicate } from "../odata/filter";
import { firstAfter } from "../tenant/sorted-ids";
import type { SimRequest, SimResponse } from "../types";
import { isResponse, json } from "../mailbox/context";
import type { DirectoryRouteContext } from "./context";

const MAX_TOP = 999;

/** Parse `$top` for a directory collection; an answer when it is out of range. */
function parseTop(req: SimRequest, fallback: number): number | SimResponse {
  const raw = req.query.get("$top");
  if (raw === null) return fallback;
  const top = Number(raw);
  if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) {
    return graphError(req, 400, "Request_BadRequest", `Invalid page size specified: '${raw}'. Must be between 1 and ${MAX_TOP} inclusive.`);
  }
  return top;
}

const isEventual = (req: SimRequest): boolean => req.headers["consistencylevel"]?.toLowerCase() === "eventual";

/** `$count` without `ConsistencyLevel: eventual`: Graph's refusal. */
export function countRefused(req: SimRequest): SimResponse | undefined {
  return isEventual(req) ? undefined : graphError(req, 400, "Request_BadRequest", "$count is not currently supported.");
}

/** `$filter` on a directory collection, with Graph's advanced-query rule. */
export function directoryFilter(req: SimRequest, known: readonly string[]): Predicate | undefined | SimResponse {
  const raw = req.query.get("$filter");
  if (raw === null) return undefined;
  try {
    const { predicate, advanced } = parseFilter(raw, known);
    if (advanced && !isEventual(req)) {
      return graphError(req, 400, "Request_UnsupportedQuery", "Unsupported Query.");
    }
    return predicate;
  } catch (err) {
    if (err instanceof FilterError) return graphError(req, 400, "Request_UnsupportedQuery", `Invalid filter clause: ${err.message}`);
    throw err;
  }
}

/**
 * One page of `ids` (ascending; `render` gives an item or skips the id) after the request's
 * `$skiptoken`, with a nextLink when more remain and, with `$count=true`, the total.
 */
export function page(
  ctx: DirectoryRouteContext,
  req: SimRequest,
  path: string,
  kind: string,
  ids: readonly string[],
  render: (id: string) => Record<string, unknown> | undefined,
  context: string,
): SimResponse {
  const top = parseTop(req, ctx.config.userPageSize);
  if (isResponse(top)) return top;
  const skip = req.query.get("$skiptoken");
  let i = 0;
  if (skip !== null) {
    const cursor = ctx.cursors.decode<{ k: string; after: string }>(skip);
    if (cursor?.k !== kind) return graphError(req, 400, "Request_BadRequest", "The specified page token value has expired and can no longer be included in your request.");
    i = firstAfter(ids, cursor.after);
  }
  const value: Record<string, unknown>[] = [];
  let last: string | undefined;
  let more = false;
  for (; i < ids.length; i++) {
    const item = render(ids[i]!);
    if (!item) continue;
    if (value.length === top) {
      more = true;
      break;
    }
    value.push(item);
    last = ids[i];
  }
  const body: Record<string, unknown> = { "@odata.context": context };
  if (req.query.get("$count")?.toLowerCase() === "true") {
    const refused = countRefused(req);
    if (refused) return refused;
    body["@odata.count"] = ids.reduce((n, id) => (render(id) ? n + 1 : n), 0);
  }
  if (more && last !== undefined) {
    const params = [...req.query].filter(([k]) => k !== "$skiptoken").map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
    params.push(`$skiptoken=${ctx.cursors.encode({ k: kind, after: last })}`);
    body["@odata.nextLink"] = `${req.baseUrl}${path}?${params.join("&")}`;
  }
  body["value"] = value;
  return json(200, body);
}


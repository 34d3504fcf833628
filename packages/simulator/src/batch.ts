/**
 * `POST /$batch` (docs/graph-behaviour.md#batch-requests; fixtures/graph/batch-request-response.json):
 * ≤ 20 requests with unique ids, run in parallel unless chained by `dependsOn`; a request whose
 * dependency failed gets 424; every item answers with its own status, headers and body, and the
 * envelope is 200 whenever it parses — throttled items are 429 items inside it
 * (docs/graph-behaviour.md#batch-item-throttling).
 *
 * Items are dispatched through the whole pipeline (faults, throttling, router) as `inBatch`
 * requests, so a batch of 20 requests to one mailbox trips MailboxConcurrency from the 5th parallel
 * item on, as Exchange does (docs/graph-behaviour.md#mailbox-concurrency). A connection fault on
 * any item takes the envelope with it: a batch travels on one connection.
 */
import { graphError } from "./errors";
import { isRecord } from "./is-record";
import type { Drop, Route, SimRequest, SimResponse } from "./types";

/** Graph's batch size limit (docs/graph-behaviour.md#batch-requests). */
const MAX_BATCH_REQUESTS = 20;

interface BatchItem {
  readonly id: string;
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  readonly dependsOn: readonly string[];
}

interface ItemResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

/** Validates the envelope; a malformed one is a 400 for the whole batch. */
function parseItems(body: unknown): BatchItem[] | string {
  if (!isRecord(body) || !Array.isArray(body["requests"])) return "The batch request body must hold a 'requests' array.";
  const raw = body["requests"];
  if (raw.length === 0) return "The batch request must contain at least one request.";
  if (raw.length > MAX_BATCH_REQUESTS) return `The number of requests in a batch cannot exceed ${MAX_BATCH_REQUESTS}.`;
  const items: BatchItem[] = [];
  const seen = new Set<string>();
  for (const r of raw) {
    if (!isRecord(r) || typeof r["id"] !== "string" || typeof r["method"] !== "string" || typeof r["url"] !== "string") {
      return "Each batch request needs string 'id', 'method' and 'url' properties.";
    }
    // Ids are compared case-insensitively and must be unique (docs/graph-behaviour.md#batch-requests).
    const key = r["id"].toLowerCase();
    if (seen.has(key)) return `The batch request id '${r["id"]}' is duplicated.`;
    seen.add(key);
    const headers = isRecord(r["headers"]) ? Object.fromEntries(Object.entries(r["headers"]).map(([k, v]) => [k.toLowerCase(), String(v)])) : {};
    const dependsOn = Array.isArray(r["dependsOn"]) ? r["dependsOn"].map(String) : [];
    items.push({ id: r["id"], method: r["method"].toUpperCase(), url: r["url"], headers, body: r["body"], dependsOn });
  }
  for (const item of items) {
    for (const dep of item.dependsOn) {
      if (!seen.has(dep.toLowerCase())) return `The batch request '${item.id}' depends on unknown request '${dep}'.`;
    }
  }
  return items;
}

/** A relative item URL ("/users/x?$top=1" or "users/x") as path + query. */
function splitUrl(url: string): { path: string; query: URLSearchParams } | undefined {
  if (/^[a-z]+:\/\//i.test(url)) return undefined;
  const parsed = new URL(url.startsWith("/") ? url : `/${url}`, "https://batch.invalid");
  return { path: decodeURIComponent(parsed.pathname), query: parsed.searchParams };
}

/** The item body as the route expects it: JSON as is, other content types base64-decoded. */
function itemBody(item: BatchItem): unknown {
  if (item.body === undefined || item.body === null) return undefined;
  const type = item.headers["content-type"] ?? "";
  if (!type.includes("json") && typeof item.body === "string") return Buffer.from(item.body, "base64");
  return item.body;
}

function toItemResponse(id: string, res: SimResponse): ItemResponse {
  const out: ItemResponse = { id, status: res.status, headers: { ...res.headers } };
  if (Buffer.isBuffer(res.body)) out.body = res.body.toString("base64");
  else if (res.body !== undefined) out.body = res.body;
  return out;
}

export function batchRoute(dispatch: (sub: SimRequest) => Promise<SimResponse>): Route {
  return {
    method: "POST",
    pattern: "/$batch",
    anyOf: [],
    async handler(req) {
      const items = parseItems(req.body);
      if (typeof items === "string") return graphError(req, 400, "BadRequest", items);
      let drop: Drop | undefined;
      const results = new Map<string, Promise<ItemResponse>>();

      const run = async (item: BatchItem): Promise<ItemResponse> => {
        const deps = await Promise.all(item.dependsOn.map((d) => results.get(d.toLowerCase())!));
        if (deps.some((d) => d.status < 200 || d.status > 299)) {
          return toItemResponse(item.id, graphError(req, 424, "FailedDependency", "The request depends on a request that failed."));
        }
        const target = splitUrl(item.url);
        if (!target || target.path.toLowerCase() === "/$batch") {
          return toItemResponse(item.id, graphError(req, 400, "BadRequest", `Invalid batch request URL '${item.url}'.`));
        }
        if (item.body !== undefined && item.headers["content-type"] === undefined) {
          // A request with a body must give its Content-Type (docs/graph-behaviour.md#batch-requests).
          return toItemResponse(item.id, graphError(req, 400, "BadRequest", "A batch request with a body must have a Content-Type header."));
        }
        const res = await dispatch({
          method: item.method,
          path: target.path,
          query: target.query,
          headers: { ...item.headers, "client-request-id": req.headers["client-request-id"] },
          body: itemBody(item),
          principal: req.principal,
          baseUrl: req.baseUrl,
          requestId: req.requestId,
          inBatch: true,
        });
        // Other items may have committed already, so any connection fault loses the whole answer.
        if (res.drop) drop = "drop-after";
        return toItemResponse(item.id, res);
      };

      // Dependencies always come first in a valid batch, so each item can await the ones before it;
      // a cycle or a forward reference is resolved by refusing it as a failed dependency.
      for (const item of items) {
        const forward = item.dependsOn.some((d) => !results.has(d.toLowerCase()));
        results.set(
          item.id.toLowerCase(),
          forward
            ? Promise.resolve(toItemResponse(item.id, graphError(req, 424, "FailedDependency", "The request depends on a request that comes after it.")))
            : run(item),
        );
      }
      const responses = await Promise.all(results.values());
      return { status: 200, headers: { "content-type": "application/json" }, body: { responses }, ...(drop ? { drop } : {}) };
    },
  };
}

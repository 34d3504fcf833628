/**
 * The mailbox reader's Graph port over src/graph's throttled writer, so folder reads share each
 * mailbox's 4 concurrent slots and the retry policy with the applier's writes (graph-facts §1).
 */
import type { GraphWriter } from "../graph/writer";
import type { GraphCallOptions, MailboxGraph } from "./graph";

/** A create whose response was lost: the folder may or may not exist (ensureFolder looks it up). */
export class LostResponseError extends Error {
  constructor(operation: string) {
    super(`${operation}: the response was lost; the write may have taken effect`);
    this.name = "LostResponseError";
  }
}

/**
 * nextLink/deltaLink are absolute URLs on the same service (K:delta-query-overview.md: apply them
 * as returned); the writer takes paths below the version root, so drop origin and version segment.
 */
export function pathBelowVersion(pathOrUrl: string): string {
  if (pathOrUrl.startsWith("/")) return pathOrUrl;
  const url = new URL(pathOrUrl);
  return url.pathname.replace(/^\/(v1\.0|beta)(?=\/)/, "") + url.search;
}

export function mailboxGraphOver(writer: Pick<GraphWriter, "request">): MailboxGraph {
  const headers = (opts: GraphCallOptions) => (opts.headers === undefined ? {} : { headers: opts.headers });
  return {
    async get(pathOrUrl, opts) {
      const result = await writer.request({
        mailboxId: opts.mailboxId,
        method: "GET",
        path: pathBelowVersion(pathOrUrl),
        operation: "read contacts",
        ...headers(opts),
      });
      // GETs are idempotent: the writer retries them and only ever resolves "done".
      return result.outcome === "unknown" ? undefined : result.body;
    },
    async post(path, body, opts) {
      const result = await writer.request({
        mailboxId: opts.mailboxId,
        method: "POST",
        path,
        body,
        operation: "create contact folder",
        ...headers(opts),
      });
      if (result.outcome === "unknown") throw new LostResponseError("create contact folder");
      return result.body;
    },
  };
}

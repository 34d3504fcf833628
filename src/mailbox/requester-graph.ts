/**
 * The readers' Graph ports over src/graph's throttled requester, so folder reads share each
 * mailbox's 4 concurrent slots and the retry policy with the applier's writes
 * (docs/graph-behaviour.md#outlook-mailbox-limits), and directory
 * reads share the requester's global pacing.
 */
import type { GraphRequester } from "../graph/requester";
import type { DirectoryGraph } from "../directory/graph";
import type { MailboxGraph } from "./graph";

/** A create whose response was lost: the folder may or may not exist (createFolder looks it up). */
class LostResponseError extends Error {
  constructor(operation: string) {
    super(`${operation}: the response was lost; the write may have taken effect`);
    this.name = "LostResponseError";
  }
}

/**
 * nextLink/deltaLink are absolute URLs on the same service (apply them as returned:
 * docs/graph-behaviour.md#delta-rounds-and-links); the requester takes paths below the version root,
 * so drop origin and version segment.
 */
function pathBelowVersion(pathOrUrl: string): string {
  if (pathOrUrl.startsWith("/")) return pathOrUrl;
  const url = new URL(pathOrUrl);
  return url.pathname.replace(/^\/(v1\.0|beta)(?=\/)/, "") + url.search;
}

/** GET through the requester; GETs are idempotent, so it retries them and resolves "done". */
async function getVia(
  requester: Pick<GraphRequester, "request">,
  mailboxId: string | undefined,
  pathOrUrl: string,
  operation: string,
  headers: Readonly<Record<string, string>> | undefined,
): Promise<unknown> {
  const result = await requester.request({
    mailboxId,
    method: "GET",
    path: pathBelowVersion(pathOrUrl),
    operation,
    ...(headers === undefined ? {} : { headers }),
  });
  return result.outcome === "unknown" ? undefined : result.body;
}

export function mailboxGraphOver(requester: Pick<GraphRequester, "request">): MailboxGraph {
  return {
    get: (pathOrUrl, opts) => getVia(requester, opts.mailboxId, pathOrUrl, "read mailbox", opts.headers),
    async post(path, body, opts) {
      const result = await requester.request({
        mailboxId: opts.mailboxId,
        method: "POST",
        path,
        body,
        operation: "create contact folder",
        ...(opts.headers === undefined ? {} : { headers: opts.headers }),
      });
      if (result.outcome === "unknown") throw new LostResponseError("create contact folder");
      return result.body;
    },
  };
}

/** The directory reader's port (src/directory/graph.ts) over the same requester, outside any mailbox. */
export function directoryGraphOver(requester: Pick<GraphRequester, "request">): DirectoryGraph {
  return { get: (pathOrUrl, opts) => getVia(requester, undefined, pathOrUrl, "read directory", opts?.headers) };
}

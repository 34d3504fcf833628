/** What an error says about the request that failed: enough to find it, nothing personal. */
export interface RequestDescription {
  /** What cync was doing, in words: "create contact", "delete contact", "list folders". */
  readonly operation: string;
  readonly method: string;
  /**
   * The request URL. The query is dropped when the message is built because `$filter` values may
   * carry e-mail addresses (docs/graph-behaviour.md#contact-list-and-paging).
   */
  readonly url: string;
}

/** `GET https://graph.microsoft.com/v1.0/users/…/contacts` — method and URL without its query. */
export function describeRequest(req: RequestDescription): string {
  const queryAt = req.url.indexOf("?");
  return `${req.method} ${queryAt === -1 ? req.url : req.url.slice(0, queryAt)}`;
}

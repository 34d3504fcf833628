/**
 * What the directory reader needs from Microsoft Graph: GET a path or an absolute nextLink /
 * deltaLink. The same contract as the mailbox reader's `MailboxGraph.get` (src/mailbox/graph.ts)
 * without a mailbox, so one adapter over src/graph serves both: resolve with the parsed JSON body,
 * reject with an error carrying `status` (or `statusCode`) and Graph's `code` for any non-2xx
 * (src/graph/failure.ts reads them).
 */
export interface DirectoryGraph {
  get(pathOrUrl: string, opts?: { readonly headers?: Readonly<Record<string, string>> }): Promise<unknown>;
}

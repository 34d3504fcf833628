/**
 * What the directory reader needs from Microsoft Graph: GET a path or an absolute nextLink /
 * deltaLink. The same contract as the mailbox reader's `MailboxGraph.get` (src/mailbox/graph.ts)
 * without a mailbox, so one adapter over src/graph serves both: resolve with the parsed JSON body,
 * reject with an error carrying `status` (or `statusCode`) and Graph's `code` for any non-2xx.
 */
import { graphFailure } from "../mailbox/graph";
import { DirectoryReadError } from "./errors/directory-read-error";

export interface DirectoryGraph {
  get(pathOrUrl: string, opts?: { readonly headers?: Readonly<Record<string, string>> }): Promise<unknown>;
}

/** One page of a delta round, checked: a directory read must never mistake garbage for "no users". */
export interface DeltaPage {
  readonly value: readonly Record<string, unknown>[];
  readonly nextLink: string | undefined;
  readonly deltaLink: string | undefined;
}

export function parseDeltaPage(body: unknown, operation: string): DeltaPage {
  if (!isRecord(body) || !Array.isArray(body.value) || !(body.value as unknown[]).every(isRecord)) {
    throw new DirectoryReadError(`${operation}: Graph answered with a page that has no "value" list`);
  }
  const link = (k: string): string | undefined => (typeof body[k] === "string" ? (body[k] as string) : undefined);
  const page = { value: body.value as Record<string, unknown>[], nextLink: link("@odata.nextLink"), deltaLink: link("@odata.deltaLink") };
  // A page carries exactly one of the two (docs/graph-behaviour.md#delta-rounds-and-links); anything
  // else would end the round early.
  if ((page.nextLink === undefined) === (page.deltaLink === undefined)) {
    throw new DirectoryReadError(`${operation}: a delta page must carry exactly one of @odata.nextLink and @odata.deltaLink`);
  }
  return page;
}

/**
 * True when Graph says the delta token is no longer usable and a full round is needed:
 * 400 `syncStateNotFound` (directory tokens expire after 7 days) or 410 Gone, whose `Location` is
 * the initial request with an empty token (docs/graph-behaviour.md#delta-token-expiry). Codes
 * compare without case: the directory spells it `syncStateNotFound`, Outlook `SyncStateNotFound`.
 */
export function isResyncRequired(err: unknown): boolean {
  const failure = graphFailure(err);
  if (failure === undefined) return false;
  const code = failure.code.toLowerCase();
  return failure.status === 410 || (failure.status === 400 && (code === "syncstatenotfound" || code === "resyncrequired"));
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

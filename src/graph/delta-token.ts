/**
 * When a delta token must be started over — one rule for every delta cync reads: users and groups
 * (directory) and a folder's contacts (Outlook). docs/graph-behaviour.md#delta-token-expiry.
 *
 * Microsoft documents two answers (https://learn.microsoft.com/en-us/graph/delta-query-overview,
 * "Synchronization reset" and "Token duration"):
 * - 410 Gone, with a `Location` naming the initial request: start over, whatever the code. Outlook
 *   answers an expired contacts token this way, 410 `SyncStateNotFound`
 *   (fixtures/graph/error-delta-token-expired-outlook-410.json;
 *   https://learn.microsoft.com/en-us/graph/api/contact-delta);
 * - an expired token: "a 40X-series error with error codes such as `syncStateNotFound`" — the
 *   directory answers 400 `syncStateNotFound` after 7 days. The code list of
 *   https://learn.microsoft.com/en-us/graph/errors names `syncStateNotFound` and `resyncRequired`;
 *   Outlook also spells `syncStateInvalid`.
 * Codes compare without case (the directory writes `syncStateNotFound`, Outlook
 * `SyncStateNotFound`). A 5xx is the service's trouble, never a verdict on the token.
 */
import { graphFailure } from "./failure";

const RESYNC_CODES: ReadonlySet<string> = new Set(["syncstatenotfound", "syncstateinvalid", "resyncrequired"]);

/** True when Graph says the delta token is no longer usable and a full round must be read. */
export function isDeltaTokenExpired(err: unknown): boolean {
  const f = graphFailure(err);
  if (f === undefined) return false;
  return f.status === 410 || (f.status < 500 && RESYNC_CODES.has(f.code.toLowerCase()));
}

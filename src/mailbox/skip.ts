/**
 * Mailboxes cync cannot read are skipped and reported, never a failed run. Each reason maps to the
 * Graph error code Exchange answers with: docs/graph-behaviour.md#mailbox-not-enabled-for-rest,
 * docs/graph-behaviour.md#unknown-user-in-exchange, docs/graph-behaviour.md#mailbox-out-of-scope.
 */
import { graphFailure } from "../graph/failure";

export type MailboxSkipReason =
  /** 404 MailboxNotEnabledForRESTAPI: unlicensed, guest, inactive, soft-deleted or on-premises mailbox. */
  | "no-exchange-mailbox"
  /** 404 ErrorInvalidUser: Exchange does not know the user (just created, or deleted meanwhile). */
  | "unknown-to-exchange"
  /** 403 ErrorAccessDenied: an application access policy or RBAC for Applications scope excludes it. */
  | "not-in-scope";

export const skipReasonText: Readonly<Record<MailboxSkipReason, string>> = {
  "no-exchange-mailbox": "no Exchange Online mailbox",
  "unknown-to-exchange": "user unknown to Exchange Online",
  "not-in-scope": "not in cync's mailbox scope (application access policy or RBAC for Applications)",
};

/** The skip reason a failed mailbox call means, or undefined when the error must fail the run. */
export function mailboxSkipReason(err: unknown): MailboxSkipReason | undefined {
  const f = graphFailure(err);
  if (f === undefined) return undefined;
  if (f.status === 404 && f.code === "MailboxNotEnabledForRESTAPI") return "no-exchange-mailbox";
  if (f.status === 404 && f.code === "ErrorInvalidUser") return "unknown-to-exchange";
  // The access-policy doc gives the code but not the status (fixture
  // error-application-access-policy-denied.json); Exchange answers 403 in practice.
  if (f.code === "ErrorAccessDenied") return "not-in-scope";
  return undefined;
}

/** Thrown by the mailbox reader so callers can tell "skip this mailbox" from a real failure. */
export class MailboxSkipped extends Error {
  constructor(
    readonly mailboxId: string,
    readonly reason: MailboxSkipReason,
  ) {
    super(`mailbox ${mailboxId} skipped: ${skipReasonText[reason]}`);
    this.name = "MailboxSkipped";
  }
}

/** Runs a mailbox call, turning a skip-worthy Graph failure into {@link MailboxSkipped}. */
export async function orSkip<T>(mailboxId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const reason = mailboxSkipReason(err);
    if (reason !== undefined) throw new MailboxSkipped(mailboxId, reason);
    throw err;
  }
}

/**
 * Contacts Exchange refused: a create answered 400 is a verdict on its body, not on the moment —
 * sending it again, here or in another mailbox, earns the same 400 (docs/graph-behaviour.md#multi-value-limits,
 * #text-length-limits, #invalid-characters). A user's contact body is the same in every mailbox of
 * a policy (the desired set is built once per policy), so once one mailbox's create of it is
 * refused, the run's other mailboxes leave it unsent: one user with data Exchange will not take
 * costs a few 400s (as many as were already in flight), not one per mailbox. Their other contacts
 * are written as usual; the user is reported by object id with the refusal's status and code.
 */
import { graphFailure } from "../graph/failure";
import type { DesiredContact } from "../model/contact";

/** The refusal of one user's contact: Graph's status and error code, never its message (it may quote the value). */
export interface Refusal {
  readonly sourceUserId: string;
  readonly error: string;
}

/** A write answered 400: the body is refused, whatever the mailbox or the moment. */
export function refusalOf(err: unknown): string | undefined {
  const failure = graphFailure(err);
  return failure?.status === 400 ? `${failure.status}${failure.code === "" ? "" : ` ${failure.code}`}` : undefined;
}

/** Refused create bodies of one run, by policy, source user and content hash. */
export class RefusedContacts {
  private readonly refused = new Map<string, string>();

  private static key(policy: string, c: DesiredContact): string {
    return `${policy}\u0000${c.sourceUserId}\u0000${c.hash}`;
  }

  /** The refusal already met by this body, if any. */
  get(policy: string, c: DesiredContact): string | undefined {
    return this.refused.get(RefusedContacts.key(policy, c));
  }

  add(policy: string, c: DesiredContact, error: string): void {
    this.refused.set(RefusedContacts.key(policy, c), error);
  }
}

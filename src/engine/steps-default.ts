/**
 * The real stages behind computePlan: src/directory for the directory, src/targets for source
 * users, target mailboxes and mailbox kinds, src/mapping for contacts.
 */
import type { DirectoryUser } from "../model/directory-user";
import { groupUses, readDirectory, type DirectoryGraph } from "../directory";
import type { MailboxGraph } from "../mailbox/graph";
import { mapUser } from "../mapping/map-user";
import type { MailboxRef } from "../model/mailbox";
import { requiredUserAttributes } from "../policy";
import type { StateStore } from "../state";
import { needsMailboxKinds, openMailboxKinds, selectSourceUsers, selectTargets, type MailboxKinds } from "../targets";
import type { PlanSteps } from "./steps";

export interface DefaultStepsOptions {
  readonly directoryGraph: DirectoryGraph;
  readonly mailboxGraph: MailboxGraph;
  readonly state: StateStore;
}

/** A mailbox named by its owner: UPN and display name from the directory, the id when the owner is not in it. */
export function mailboxRef(id: string, user: DirectoryUser | undefined): MailboxRef {
  const upn = user?.userPrincipalName;
  const displayName = user?.displayName;
  const ref = { id, upn: typeof upn === "string" ? upn : id };
  return typeof displayName === "string" ? { ...ref, displayName } : ref;
}

export function defaultSteps(options: DefaultStepsOptions): PlanSteps {
  const { directoryGraph, mailboxGraph, state } = options;
  let kinds: Promise<MailboxKinds> | undefined;
  return {
    readDirectory: (policies) =>
      readDirectory({ graph: directoryGraph, state, attributes: requiredUserAttributes(policies), groups: groupUses(policies) }),
    sourceUsers: (policy, directory) => selectSourceUsers(policy, directory),
    async targets(policy, directory) {
      // Mailbox kinds cost one request per user (docs/graph-behaviour.md#mailbox-kind): opened only
      // when a policy asks.
      const k = needsMailboxKinds(policy) ? await (kinds ??= openMailboxKinds({ graph: mailboxGraph, state })) : undefined;
      const selection = await selectTargets(policy, directory, k);
      await k?.save();
      return {
        mailboxes: selection.mailboxes.map((m) => mailboxRef(m.id, directory.users.get(m.id))),
        skipped: selection.skipped.map((s) => ({ mailbox: mailboxRef(s.userId, directory.users.get(s.userId)), code: s.reason })),
        nonTargets: selection.nonTargets.map((n) => ({ mailbox: mailboxRef(n.userId, directory.users.get(n.userId)), code: n.reason })),
      };
    },
    mapUser(user, policy) {
      const result = mapUser(user, policy);
      if (result.ok) return { contact: result.contact, warnings: result.warnings };
      return { contact: undefined, warnings: [{ code: "unmappable", message: result.reason, sourceUserId: result.sourceUserId ?? user.id }] };
    },
  };
}

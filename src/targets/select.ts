/**
 * Target selection: the mailboxes that receive a policy's contacts (`spec.targets`).
 *
 * A user's mailbox is a target when the user matches `where`, is not excluded (by user or group)
 * and is not in the opt-out group, and its mailbox passes the kind rules:
 *
 * | mailbox kind      | enabledOnly            | requireExchangeLicense              |
 * |-------------------|------------------------|-------------------------------------|
 * | user              | account must be enabled| an enabled Exchange plan, else skipped (counted) |
 * | shared/room/equipment | not applied (these accounts are disabled by design) | not applied (no license needed) |
 *
 * Knowing the kind costs one mailboxSettings request per user
 * (docs/graph-behaviour.md#mailbox-kind), so it is read only when a policy accepts a kind other
 * than `user`, and then only for users that could be such a mailbox: an enabled account with an
 * enabled Exchange plan is a person's mailbox (shared, room and equipment mailboxes are disabled
 * and unlicensed — Microsoft's defaults for them), anything else is looked up (and cached,
 * kinds.ts). With the default `[user]`, no request is made: the kind is presumed from those two
 * properties.
 *
 * Users the directory says have no Exchange mailbox (no enabled plan; or mailboxSettings answered
 * MailboxNotEnabledForRESTAPI) are skipped and counted, never a failed run. `includeSelf` is the
 * planner's: every target carries its owner's id.
 */
import { compileCondition } from "../conditions";
import type { DirectoryUser } from "../model/directory-user";
import type { MailboxKind, ResolvedPolicy } from "../policy";
import type { MailboxKinds } from "./kinds";
import { byId, type DirectoryView } from "./source";
import { groupListMatcher, hasExchangeLicense, isEnabled, userListMatcher } from "./user-filters";

export interface TargetMailbox {
  /** The mailbox owner's object id (also the mailbox id for Graph paths). */
  readonly id: string;
  readonly userPrincipalName: string | undefined;
  readonly kind: MailboxKind;
}

export type TargetSkipReason =
  /** A user mailbox's owner has no enabled Exchange Online plan. */
  | "no-exchange-license"
  /** mailboxSettings answered that Exchange Online serves no mailbox for the user. */
  | "no-exchange-mailbox";

export interface TargetSkip {
  readonly userId: string;
  readonly reason: TargetSkipReason;
}

export interface TargetSelection {
  /** Ordered by owner id. */
  readonly mailboxes: readonly TargetMailbox[];
  /** Users the policy targets but whose mailbox cync cannot write to, ordered by id. */
  readonly skipped: readonly TargetSkip[];
}

export function needsMailboxKinds(policy: ResolvedPolicy): boolean {
  return policy.targets.mailboxKinds.some((k) => k !== "user");
}

export async function selectTargets(
  policy: ResolvedPolicy,
  directory: DirectoryView,
  kinds?: MailboxKinds,
): Promise<TargetSelection> {
  const t = policy.targets;
  const where = t.where === null ? undefined : compileCondition(t.where);
  const excludedUser = userListMatcher(t.exclude.users);
  const excludedGroup = groupListMatcher([...t.exclude.groups, ...(t.optOutGroup === null ? [] : [t.optOutGroup])]);
  const accepts = new Set<MailboxKind>(t.mailboxKinds);

  const candidates = [...directory.users.values()]
    .filter((u) => (where === undefined || where(u, directory.membership)) && !excludedUser(u) && !excludedGroup(u, directory.membership))
    .sort(byId);

  const presumedPerson = (u: DirectoryUser): boolean => isEnabled(u) && hasExchangeLicense(u);
  let kindOf: (u: DirectoryUser) => MailboxKind | "none" | "other" = () => "user";
  if (needsMailboxKinds(policy)) {
    if (kinds === undefined) throw new Error(`policy "${policy.name}" accepts ${t.mailboxKinds.join(", ")} mailboxes: mailbox kinds are needed`);
    const fetched = await kinds.kindsOf(candidates.filter((u) => !presumedPerson(u)).map((u) => u.id));
    kindOf = (u) => (presumedPerson(u) ? "user" : fetched.get(u.id) ?? "none");
  }

  const mailboxes: TargetMailbox[] = [];
  const skipped: TargetSkip[] = [];
  for (const user of candidates) {
    const kind = kindOf(user);
    if (kind === "none") {
      skipped.push({ userId: user.id, reason: "no-exchange-mailbox" });
      continue;
    }
    if (kind === "other" || !accepts.has(kind)) continue;
    if (kind === "user") {
      if (t.enabledOnly && !isEnabled(user)) continue;
      if (t.requireExchangeLicense && !hasExchangeLicense(user)) {
        skipped.push({ userId: user.id, reason: "no-exchange-license" });
        continue;
      }
    }
    const upn = typeof user.userPrincipalName === "string" ? user.userPrincipalName : undefined;
    mailboxes.push({ id: user.id, userPrincipalName: upn, kind });
  }
  return { mailboxes, skipped };
}

/** Counts per skip reason, for reports. */
export function countSkips(skipped: readonly TargetSkip[]): Partial<Record<TargetSkipReason, number>> {
  const counts: Partial<Record<TargetSkipReason, number>> = {};
  for (const s of skipped) counts[s.reason] = (counts[s.reason] ?? 0) + 1;
  return counts;
}

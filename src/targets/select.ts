/**
 * Target selection: the mailboxes that receive a policy's contacts (`spec.targets`).
 *
 * A user's mailbox is a target when the user matches `where`, is not excluded (by user or group)
 * and is not in the opt-out group, and its mailbox passes the kind rules:
 *
 * | mailbox kind      | enabledOnly            | requireExchangeLicense              |
 * |-------------------|------------------------|-------------------------------------|
 * | user              | account must be enabled| an enabled Exchange plan, else not a target (counted) |
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
 * Users a rule leaves out are *non-targets*, each with the first rule that left them out (excluded,
 * opted out, mailbox kind not targeted, account disabled, no Exchange Online license): the plan
 * counts them per reason and never lists them — on a real tenant most accounts are unlicensed, and
 * listing them would bury the mailboxes that matter. A *skipped* target is one cync should write to
 * but cannot: a licensed user whose mailboxSettings answered MailboxNotEnabledForRESTAPI (kind
 * "none"); an unlicensed user without a mailbox is a non-target. Users not matching `where` are
 * outside the policy altogether and not counted. `includeSelf` is the planner's: every target
 * carries its owner's id.
 */
import { compileCondition } from "../conditions";
import type { DirectoryUser } from "../model/directory-user";
import type { NonTargetReason } from "../plan/reasons";
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
  /** mailboxSettings answered that Exchange Online serves no mailbox for a licensed user. */
  "no-exchange-mailbox";

export interface TargetSkip {
  readonly userId: string;
  readonly reason: TargetSkipReason;
}

/** A user the policy's targets leave out, with the first rule that did. */
export interface NonTarget {
  readonly userId: string;
  readonly reason: NonTargetReason;
}

export interface TargetSelection {
  /** Ordered by owner id. */
  readonly mailboxes: readonly TargetMailbox[];
  /** Users the policy targets but whose mailbox cync cannot write to, ordered by id. */
  readonly skipped: readonly TargetSkip[];
  /** Users matching `where` that the other rules leave out, ordered by id. */
  readonly nonTargets: readonly NonTarget[];
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
  const excludedGroup = groupListMatcher(t.exclude.groups);
  const optedOut = groupListMatcher(t.optOutGroup === null ? [] : [t.optOutGroup]);
  const accepts = new Set<MailboxKind>(t.mailboxKinds);

  const mailboxes: TargetMailbox[] = [];
  const skipped: TargetSkip[] = [];
  const nonTargets: NonTarget[] = [];
  const candidates: DirectoryUser[] = [];
  for (const u of [...directory.users.values()].sort(byId)) {
    if (where !== undefined && !where(u, directory.membership)) continue;
    if (excludedUser(u) || excludedGroup(u, directory.membership)) nonTargets.push({ userId: u.id, reason: "excluded" });
    else if (optedOut(u, directory.membership)) nonTargets.push({ userId: u.id, reason: "opted-out" });
    else candidates.push(u);
  }

  const presumedPerson = (u: DirectoryUser): boolean => isEnabled(u) && hasExchangeLicense(u);
  let kindOf: (u: DirectoryUser) => MailboxKind | "none" | "other" = () => "user";
  if (needsMailboxKinds(policy)) {
    if (kinds === undefined) throw new Error(`policy "${policy.name}" accepts ${t.mailboxKinds.join(", ")} mailboxes: mailbox kinds are needed`);
    const fetched = await kinds.kindsOf(candidates.filter((u) => !presumedPerson(u)).map((u) => u.id));
    kindOf = (u) => (presumedPerson(u) ? "user" : fetched.get(u.id) ?? "none");
  }

  for (const user of candidates) {
    const kind = kindOf(user);
    if (kind === "none") {
      if (hasExchangeLicense(user)) skipped.push({ userId: user.id, reason: "no-exchange-mailbox" });
      else nonTargets.push({ userId: user.id, reason: "no-exchange-license" });
      continue;
    }
    if (kind === "other" || !accepts.has(kind)) {
      nonTargets.push({ userId: user.id, reason: "mailbox-kind-not-targeted" });
      continue;
    }
    if (kind === "user") {
      if (t.enabledOnly && !isEnabled(user)) {
        nonTargets.push({ userId: user.id, reason: "account-disabled" });
        continue;
      }
      if (t.requireExchangeLicense && !hasExchangeLicense(user)) {
        nonTargets.push({ userId: user.id, reason: "no-exchange-license" });
        continue;
      }
    }
    const upn = typeof user.userPrincipalName === "string" ? user.userPrincipalName : undefined;
    mailboxes.push({ id: user.id, userPrincipalName: upn, kind });
  }
  return { mailboxes, skipped, nonTargets };
}

/** Counts per reason (skips or non-targets), for reports and tests. */
export function countReasons<R extends string>(entries: readonly { readonly reason: R }[]): Partial<Record<R, number>> {
  const counts: Partial<Record<R, number>> = {};
  for (const e of entries) counts[e.reason] = (counts[e.reason] ?? 0) + 1;
  return counts;
}

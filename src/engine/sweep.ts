/**
 * `--sweep`: finds cync's contacts that are no longer declared in every mailbox of the tenant,
 * without the removal record — to recover from a lost record, or to adopt a deployment from before
 * it. Each mailbox is searched (mailbox/sweep.ts) and each (folder, policy) it holds classified:
 *
 * | the contacts' policy                                   | in a mailbox that…            | result                         |
 * |--------------------------------------------------------|-------------------------------|--------------------------------|
 * | not declared                                           | any                           | removal, `policy-removed`      |
 * | declared, planned in this run, `sync`, in its folder   | left its targets (removal.ts) | removal, `mailbox-left-targets`|
 * | declared, planned in this run, in its folder           | is still targeted             | found: recorded again          |
 * | declared, but not planned, not `sync` or another folder| any                           | left alone                     |
 *
 * A sweep never removes a folder: without the record, cync cannot know it created one. A mailbox
 * that cannot be read is counted, not reported one by one: in a tenant most accounts have no
 * mailbox.
 */
import pLimit from "p-limit";
import { sameFolderSpec, type FolderSpec } from "../mailbox/folder";
import { MailboxSkipped } from "../mailbox/skip";
import { findMarked } from "../mailbox/sweep";
import type { MailboxRef } from "../model/mailbox";
import type { DeclaredPolicy } from "./declared";
import { counting, type MailboxIo } from "./mailboxes";
import { leftTargets, type Removal, type RemovalReason } from "./removal";
import type { TargetSet } from "./steps";

export interface SweepResult {
  readonly removals: readonly Removal[];
  /** Declared policies' mailboxes still targeted that hold their contacts: policy → mailbox ids. */
  readonly found: ReadonlyMap<string, readonly string[]>;
  /** Mailboxes searched, those Exchange did not serve, and the Graph requests it took. */
  readonly mailboxes: number;
  readonly unreadable: number;
  readonly requests: number;
}

/** Searches `mailboxes` and classifies what they hold (see the module's table); `scope`: the policy `--policy` names. */
export async function sweep(
  io: MailboxIo,
  mailboxes: readonly MailboxRef[],
  declared: readonly DeclaredPolicy[],
  planned: ReadonlyMap<string, TargetSet>,
  scope?: string,
): Promise<SweepResult> {
  const stats = { requests: 0, fullReads: 0, memoHits: 0 };
  const graph = counting(io.graph, stats);
  const limit = pLimit(Math.max(1, io.concurrency));
  const groups = new Map<string, { policy: string; folder: FolderSpec; reason: RemovalReason; mailboxes: MailboxRef[] }>();
  const found = new Map<string, string[]>();
  let unreadable = 0;
  const one = async (mailbox: MailboxRef): Promise<void> => {
    let marked;
    try {
      marked = await findMarked(graph, mailbox.id);
    } catch (err) {
      if (!(err instanceof MailboxSkipped)) throw err;
      unreadable++;
      return;
    }
    for (const { folder, policies } of marked) {
      for (const name of policies.keys()) {
        if (scope !== undefined && scope !== name) continue;
        const policy = declared.find((d) => d.name === name);
        let reason: RemovalReason;
        if (policy === undefined) reason = "policy-removed";
        else {
          const targets = planned.get(name);
          if (targets === undefined || !sameFolderSpec(policy.folder, folder)) continue;
          if (leftTargets([mailbox.id], targets).length === 0) {
            found.set(name, [...(found.get(name) ?? []), mailbox.id]);
            continue;
          }
          if (policy.mode !== "sync") continue;
          reason = "mailbox-left-targets";
        }
        const key = JSON.stringify([name, folder, reason]);
        const group = groups.get(key) ?? { policy: name, folder, reason, mailboxes: [] };
        group.mailboxes.push(mailbox);
        groups.set(key, group);
      }
    }
  };
  try {
    await Promise.all(mailboxes.map((m) => limit(() => one(m))));
  } catch (err) {
    limit.clearQueue();
    throw err;
  }
  const byId = (a: MailboxRef, b: MailboxRef): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const removals = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, g]) => ({ ...g, mailboxes: [...g.mailboxes].sort(byId), removeFolderIfCreated: false }));
  return { removals, found: new Map([...found].map(([k, v]) => [k, [...v].sort()])), mailboxes: mailboxes.length, unreadable, requests: stats.requests };
}

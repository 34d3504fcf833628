/**
 * One policy's target mailboxes, planned in parallel under a bound and streamed: each mailbox's
 * current contacts live only while that mailbox is planned, so memory grows with the directory, not
 * with directory × mailboxes (docs/architecture.md#performance-model). The desired set is shared by
 * all.
 */
import pLimit, { type LimitFunction } from "p-limit";
import type { FolderSpec } from "../mailbox/folder";
import type { MailboxGraph } from "../mailbox/graph";
import { readPolicyFolder } from "../mailbox/policy-folder";
import { MailboxSkipped } from "../mailbox/skip";
import type { DesiredContact } from "../model/contact";
import type { MailboxRef } from "../model/mailbox";
import type { PolicyPlanBuilder } from "../plan/aggregate";
import { planMailbox } from "../plan/mailbox";
import type { DeleteDetail } from "../plan/reasons";
import type { Mode } from "../plan/types";
import type { StateStore } from "../state";
import { PlanMemos } from "./memo";

export interface MailboxIo {
  readonly graph: MailboxGraph;
  readonly state: StateStore;
  /**
   * Mailboxes read at once. Exchange allows 4 concurrent requests per mailbox, not per app
   * (docs/graph-behaviour.md#outlook-mailbox-limits).
   */
  readonly concurrency: number;
  /** Clock for the plan memo's age (memo.ts). @default Date.now */
  readonly now?: () => number;
}

/** What one policy wants in each of its mailboxes. */
export interface PolicyDesire {
  readonly policy: string;
  readonly folder: FolderSpec;
  readonly mode: Mode;
  /** When false, a mailbox owner's own contact is not wanted in their mailbox. */
  readonly includeSelf: boolean;
  /** Source user id → desired contact. */
  readonly desired: ReadonlyMap<string, DesiredContact>;
  /** memo.ts `desireKey` of this policy and desired set. */
  readonly desireKey: string;
  /** Why a user whose contact goes (`source-gone`) is no longer desired; without it deletions carry no detail. */
  readonly goneDetail?: (sourceUserId: string) => DeleteDetail;
}

/** What reading the mailboxes cost. */
export interface ReadStats {
  /** Graph requests spent on mailboxes (folder lookups and folder reads). */
  requests: number;
  /** Folders read in full (first run, state deleted or token expired) rather than by delta. */
  fullReads: number;
  /** Mailboxes whose plan came from the memo: folder and desire unchanged since a no-change plan. */
  memoHits: number;
}

/**
 * Plans `desire` into every mailbox, adding each result (or skip) to `builder`, at most
 * `io.concurrency` mailboxes at once — or under `limit`, when several policies share one bound.
 * A mailbox that cannot be read (no Exchange mailbox, not in scope) is skipped; any other failure
 * stops the run — a partial plan would read as "no changes" where it knows nothing.
 */
export async function planMailboxes(
  io: MailboxIo,
  desire: PolicyDesire,
  mailboxes: readonly MailboxRef[],
  builder: PolicyPlanBuilder,
  limit: LimitFunction = pLimit(Math.max(1, io.concurrency)),
): Promise<ReadStats> {
  const stats: ReadStats = { requests: 0, fullReads: 0, memoHits: 0 };
  const graph = counting(io.graph, stats);
  const memos = new PlanMemos(io.state, io.now);
  const one = async (mailbox: MailboxRef): Promise<void> => {
    try {
      const memo = await memos.recall(desire.policy, mailbox.id, desire.desireKey);
      const read = await readPolicyFolder(graph, io.state, mailbox.id, desire.folder, desire.policy, memo && { unchangedSince: memo.folderVersion });
      if (read.unchanged && memo !== undefined) {
        stats.memoHits += 1;
        builder.add({ mailbox, create: [], update: [], delete: [], ...memo.counts });
        return;
      }
      if (read.full && read.folder !== undefined) stats.fullReads += 1;
      if (read.ignoredDuplicates.length > 0) {
        builder.warn({
          code: "duplicate-folder",
          message: `${read.ignoredDuplicates.length + 1} contact folders share the policy's folder name; cync uses one and leaves the others alone`,
          mailboxId: mailbox.id,
          userPrincipalName: mailbox.upn,
          ...(mailbox.displayName === undefined ? {} : { displayName: mailbox.displayName }),
        });
      }
      const planned = planMailbox({
        mailbox,
        policy: desire.policy,
        desired: desire.desired,
        current: read.contacts,
        mode: desire.mode,
        ...(desire.includeSelf ? {} : { selfUserId: mailbox.id }),
      });
      const detail = desire.goneDetail;
      const changes =
        detail === undefined || planned.delete.length === 0
          ? planned
          : { ...planned, delete: planned.delete.map((d) => (d.reason === "source-gone" ? { ...d, detail: detail(d.sourceUserId) } : d)) };
      await memos.record(desire.policy, mailbox.id, desire.desireKey, read.version, changes);
      builder.add(changes);
    } catch (err) {
      if (!(err instanceof MailboxSkipped)) throw err;
      builder.skip(mailbox, err.reason);
    }
  };
  try {
    await Promise.all(mailboxes.map((m) => limit(() => one(m))));
  } catch (err) {
    // The run fails: start no further mailbox (of any policy sharing the bound).
    limit.clearQueue();
    throw err;
  }
  return stats;
}

/** `graph`, counting its calls into `stats.requests`. */
export function counting(graph: MailboxGraph, stats: ReadStats): MailboxGraph {
  return {
    get: (url, opts) => {
      stats.requests += 1;
      return graph.get(url, opts);
    },
    post: (path, body, opts) => {
      stats.requests += 1;
      return graph.post(path, body, opts);
    },
  };
}

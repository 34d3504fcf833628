/**
 * The plan memo: a mailbox planned with NO changes is remembered with the folder content version
 * and the desire it was planned against. While neither changed, the next plan of that mailbox needs
 * its folder's delta round only — no contacts loaded, classified or compared — which keeps the
 * steady state (nothing changed anywhere) at one request and almost no work per mailbox.
 *
 * Only "no changes" is remembered: a mailbox with changes is planned from its contacts every time.
 * The desire key covers everything the outcome depends on besides the folder's content: the
 * resolved policy (its digest: mapping, mode, includeSelf, folder) and every desired contact's
 * content hash. A memo older than MEMO_TTL_MS is not used, so a new cync version whose planner
 * rules differ re-plans every mailbox within a day even if nothing else changed; deleting the
 * state directory only costs time, as always.
 */
import { createHash } from "node:crypto";
import type { DesiredContact } from "../model/contact";
import { hasChanges } from "../plan/mailbox";
import type { MailboxChanges } from "../plan/types";
import { planMemoKey, type StateStore } from "../state";

export const MEMO_TTL_MS = 24 * 60 * 60 * 1000;
const MEMO_VERSION = 1;

type Counts = Pick<MailboxChanges, "unchanged" | "owned" | "foreign" | "unmarked">;

interface PlanMemo {
  readonly desireKey: string;
  /** FolderRead.version the mailbox was planned from. */
  readonly folderVersion: string;
  /** When the mailbox was last planned from its contacts (ms since epoch). */
  readonly at: number;
  readonly counts: Counts;
}

/** Digest of what a policy wants, independent of any mailbox. */
export function desireKey(policyDigest: string, desired: ReadonlyMap<string, DesiredContact>): string {
  const hash = createHash("sha256").update(policyDigest).update("\n");
  for (const id of [...desired.keys()].sort()) {
    const { hash: fields, photo } = desired.get(id)!;
    // The photo only when the policy syncs photos, so the keys of other policies stay as they were.
    hash.update(photo === undefined ? `${id} ${fields}\n` : `${id} ${fields} ${photo ?? "-"}\n`);
  }
  return hash.digest("hex");
}

export class PlanMemos {
  constructor(
    private readonly state: StateStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** The folder version a still-valid memo vouches for, with its counts; undefined when none. */
  async recall(policy: string, mailboxId: string, key: string): Promise<{ folderVersion: string; counts: Counts } | undefined> {
    const memo = await this.state.read<PlanMemo>(planMemoKey(policy, mailboxId), MEMO_VERSION);
    if (memo === undefined || memo.desireKey !== key) return undefined;
    const age = this.now() - memo.at;
    return age >= 0 && age < MEMO_TTL_MS ? { folderVersion: memo.folderVersion, counts: memo.counts } : undefined;
  }

  /** Remembers a mailbox planned from its contacts: as "no changes" when it had none, else forgets it. */
  async record(policy: string, mailboxId: string, key: string, folderVersion: string | undefined, changes: MailboxChanges): Promise<void> {
    const at = planMemoKey(policy, mailboxId);
    if (hasChanges(changes) || folderVersion === undefined) return this.state.remove(at);
    const { unchanged, owned, foreign, unmarked } = changes;
    const memo: PlanMemo = { desireKey: key, folderVersion, at: this.now(), counts: { unchanged, owned, foreign, unmarked } };
    await this.state.write(at, memo, MEMO_VERSION);
  }
}

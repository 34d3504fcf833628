/**
 * What the removal record (src/record) implies must go, given the declared policies and this run's
 * target selections: a recorded policy no longer declared loses its contacts from every mailbox it
 * wrote to (`policy-removed`); a declared policy loses them from the recorded mailboxes that left its
 * targets (`mailbox-left-targets`, removal.ts `leftTargets`). Pure.
 *
 * A declared policy's left mailboxes are removed only when
 * - it was planned in this run (`--policy` narrows removals to the policy it names — a removed
 *   policy included — so an operator can apply one policy without touching others);
 * - its mode is `sync` (`upsert-only` and `create-only` never delete, removals included);
 * - its folder is the recorded one: after a folder change, the record's mailboxes hold the old
 *   folder, which the policy no longer reads; those contacts are left where they are (the sweep
 *   does not see them either, as a declared policy in a targeted mailbox is not stray).
 *
 * The guards of a removed policy are the limits it last applied with, as recorded: the same as if
 * it still existed, so deleting a policy with more contacts than its `maxDeletes` needs
 * `--allow-deletes` once (a removal deletes 100% of what it owns).
 */
import { sameFolderSpec, type FolderSpec } from "../mailbox/folder";
import type { Mode } from "../plan/types";
import type { ResolvedSafety } from "../policy";
import type { TenantRecord } from "../record/record";
import { leftTargets, type RemovalReason } from "./removal";
import type { TargetSet } from "./steps";

export interface DeclaredPolicy {
  readonly name: string;
  readonly folder: FolderSpec;
  readonly mode: Mode;
}

/** A removal by mailbox id (removal.ts `Removal` once the ids are named). */
export interface RecordedRemoval {
  readonly policy: string;
  readonly folder: FolderSpec;
  readonly reason: RemovalReason;
  readonly mailboxIds: readonly string[];
  readonly removeFolderIfCreated: boolean;
}

/**
 * The removals `record` implies. `planned`: target selections of the policies planned in this run;
 * `scope`: the policy `--policy` names, if any.
 */
export function recordedRemovals(
  record: TenantRecord,
  declared: readonly DeclaredPolicy[],
  planned: ReadonlyMap<string, TargetSet>,
  scope?: string,
): RecordedRemoval[] {
  const out: RecordedRemoval[] = [];
  for (const [name, recorded] of Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (scope !== undefined && scope !== name) continue;
    const policy = declared.find((d) => d.name === name);
    const ids = Object.keys(recorded.mailboxes).sort();
    let reason: RemovalReason;
    let gone: string[];
    if (policy === undefined) {
      reason = "policy-removed";
      gone = ids;
    } else {
      const targets = planned.get(name);
      if (targets === undefined || policy.mode !== "sync" || !sameFolderSpec(policy.folder, recorded.folder)) continue;
      reason = "mailbox-left-targets";
      gone = leftTargets(ids, targets);
    }
    // A folder cync created may go with the contacts, unless another declared policy writes to a
    // folder of that name (a rename keeping its folder): its writes in this run would race the
    // removal's emptiness check. Any other folder stays. So, up to two removals.
    const shared = declared.some((d) => d.name !== name && sameFolderSpec(d.folder, recorded.folder));
    for (const created of [true, false]) {
      const mailboxIds = gone.filter((id) => recorded.mailboxes[id]!.folderCreated === created);
      if (mailboxIds.length > 0) out.push({ policy: name, folder: recorded.folder, reason, mailboxIds, removeFolderIfCreated: created && !shared });
    }
  }
  return out;
}

/** Limits and folders of the recorded policies no longer declared, for the guards and the applier. */
export function removedPolicies(record: TenantRecord, declared: readonly { readonly name: string }[]): { name: string; folder: FolderSpec; safety: ResolvedSafety }[] {
  return Object.entries(record)
    .filter(([name]) => !declared.some((d) => d.name === name))
    .map(([name, r]) => ({ name, folder: r.folder, safety: r.safety }));
}

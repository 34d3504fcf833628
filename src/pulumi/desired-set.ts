/**
 * A policy's desired contact set, written by the program into the state directory under its own
 * digest and read back by the provider at apply time (docs/architecture.md#pulumi): Pulumi's state
 * carries only the digest, so no contact data reaches it. The state directory is a disposable cache
 * (docs/architecture.md#state-is-a-disposable-cache): every `pulumi up` runs the program, which
 * writes the set again before any resource is applied.
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "../json/canonical";
import type { FolderSpec } from "../mailbox/folder";
import type { DesiredContact } from "../model/contact";
import type { PolicyDesire } from "../engine/mailboxes";
import { desireKey } from "../engine/memo";
import type { Mode } from "../plan/types";
import { desiredSetKey, type StateStore } from "../state";

/** Everything the provider needs to plan a policy's mailboxes, besides the mailboxes. */
export interface DesiredSet {
  readonly policy: string;
  readonly policyDigest: string;
  readonly folder: FolderSpec;
  readonly mode: Mode;
  readonly includeSelf: boolean;
  /** The policy syncs photos (`mapping.photo`); absent when it does not, so such sets keep their digests. */
  readonly photos?: true;
  /** Sorted by source user id. */
  readonly contacts: readonly DesiredContact[];
}

const RECORD_VERSION = 1;

function desiredDigest(set: DesiredSet): string {
  return createHash("sha256").update(canonicalJson(set)).digest("hex");
}

/** Writes `set` under its digest (once: the same digest is the same content) and returns the digest. */
export async function saveDesiredSet(state: StateStore, set: DesiredSet): Promise<string> {
  const sorted = { ...set, contacts: [...set.contacts].sort((a, b) => (a.sourceUserId < b.sourceUserId ? -1 : a.sourceUserId > b.sourceUserId ? 1 : 0)) };
  const digest = desiredDigest(sorted);
  if ((await state.read(desiredSetKey(digest), RECORD_VERSION)) === undefined) await state.write(desiredSetKey(digest), sorted, RECORD_VERSION);
  return digest;
}

/** The set stored under `digest`, or undefined when it is missing or does not match its digest. */
export async function loadDesiredSet(state: StateStore, digest: string): Promise<DesiredSet | undefined> {
  const set = await state.read<DesiredSet>(desiredSetKey(digest), RECORD_VERSION);
  return set !== undefined && desiredDigest(set) === digest ? set : undefined;
}

/** The engine's view of the set (src/engine/mailboxes.ts), with the same memo key as the plan that wrote it. */
export function desireOf(set: DesiredSet): PolicyDesire {
  const desired = new Map(set.contacts.map((c) => [c.sourceUserId, c]));
  return { policy: set.policy, folder: set.folder, mode: set.mode, includeSelf: set.includeSelf, desired, desireKey: desireKey(set.policyDigest, desired), ...(set.photos === true && { photos: true }) };
}

/**
 * The tenant's own view of the mailboxes (`GET /_sim/mailboxes/{id}`), judged against the oracle
 * (oracle.ts): what cync's folder holds for its policy, and a fingerprint of everything else — every
 * contact cync does not own (another policy's, another tool's, the owner's own, in any folder),
 * every other folder, Deleted Items — to compare byte for byte before and after a run.
 */
import { nameMatches, type DesiredContact } from "./oracle";

export interface ViewContact {
  readonly id: string;
  readonly displayName?: string;
  readonly emailAddresses?: readonly { readonly address?: string }[];
  readonly extensions: readonly Record<string, unknown>[];
}

export interface ViewFolder {
  readonly id: string;
  readonly displayName: string;
  readonly contacts: readonly ViewContact[];
}

export interface MailboxView {
  readonly folders: readonly ViewFolder[];
  readonly deletedItems: unknown;
}

const POLICY = "staff";
export const FOLDER = "CYNC";
const MARKER_ID = /\.io\.cync\.owner$/i;

/** The source user of a contact owned by `policy`, or undefined. */
function ownedSource(c: ViewContact, policy = POLICY): string | undefined {
  const m = c.extensions.find((e) => typeof e["id"] === "string" && MARKER_ID.test(e["id"]));
  return m?.["policy"] === policy && typeof m["sourceUserId"] === "string" ? m["sourceUserId"] : undefined;
}

export interface Verdict {
  /** Desired contacts absent from cync's folder. */
  readonly missing: number;
  /** Owned copies beyond the first, per source user. */
  readonly duplicates: number;
  /** Owned contacts for users that should not be there. */
  readonly surplus: number;
  /** Owned contacts whose key fields differ from the oracle's. */
  readonly wrong: number;
  /** Folders named like cync's (1 once it exists). */
  readonly folders: number;
}

export const converged = (v: Verdict): boolean => v.missing + v.duplicates + v.surplus + v.wrong === 0 && v.folders === 1;

/** `folder`: the name cync's folder goes by in this mailbox (its owner may have renamed it). */
export function judge(view: MailboxView, desired: ReadonlyMap<string, DesiredContact>, folder = FOLDER): Verdict {
  const ours = view.folders.filter((f) => f.displayName.toLowerCase() === folder.toLowerCase());
  const bySource = new Map<string, ViewContact[]>();
  for (const c of ours.flatMap((f) => f.contacts)) {
    const source = ownedSource(c);
    if (source !== undefined) bySource.set(source, [...(bySource.get(source) ?? []), c]);
  }
  let duplicates = 0;
  let surplus = 0;
  let wrong = 0;
  for (const [source, copies] of bySource) {
    const want = desired.get(source);
    if (want === undefined) {
      surplus += copies.length;
      continue;
    }
    duplicates += copies.length - 1;
    if (copies.some((c) => !nameMatches(c.displayName, want.displayName) || c.emailAddresses?.[0]?.address !== want.mail)) wrong++;
  }
  const missing = [...desired.keys()].filter((s) => !bySource.has(s)).length;
  return { missing, duplicates, surplus, wrong, folders: ours.length };
}

/**
 * Everything in the mailbox cync must not touch, as canonical JSON by key: contacts not owned by
 * the policy (by id, whole rendering: fields, changeKey, extensions), folders other than cync's
 * (id, name), and Deleted Items.
 */
export function foreignPrint(view: MailboxView, folder = FOLDER): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of view.folders) {
    if (f.displayName.toLowerCase() !== folder.toLowerCase()) out.set(`folder:${f.id}`, f.displayName);
    for (const c of f.contacts) if (ownedSource(c) === undefined) out.set(`contact:${c.id}`, JSON.stringify({ folder: f.id, ...c }));
  }
  out.set("deletedItems", JSON.stringify(view.deletedItems));
  return out;
}

/** Keys whose value changed, appeared or vanished between two prints. */
export function foreignChanges(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}

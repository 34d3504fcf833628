/**
 * What the applier needs from the outside world, as narrow as it gets, so its ordering and safety
 * rules are unit-tested against an in-memory mailbox (test/apply/fake-mailbox.ts) and wired to
 * Microsoft Graph in io.ts.
 */
import type { FolderSpec, MailboxFolder } from "../mailbox/folder";
import type { CurrentContact } from "../model/contact";

/** One contact write to a mailbox, as the applier asks for it. */
export interface MailboxWrite {
  /** The mailbox whose Exchange limits the write counts against (docs/graph-behaviour.md#outlook-mailbox-limits). */
  readonly mailboxId: string;
  readonly method: "POST" | "PATCH" | "DELETE";
  /** Path below the version segment. */
  readonly path: string;
  readonly body?: unknown;
  /**
   * False for creates only: sending a create twice makes two contacts, so a create whose response
   * was lost is reported as `unknown` instead of being sent again blindly
   * (docs/graph-behaviour.md#lost-responses).
   */
  readonly idempotent: boolean;
  /** What cync is doing, in words, for error messages ("create contact"). */
  readonly operation: string;
}

/** `unknown`: the write may or may not have been committed (its response was lost). */
export type MailboxWriteResult = { readonly kind: "done"; readonly body: unknown } | { readonly kind: "unknown" };

export interface ApplyIO {
  /**
   * The policy's folder in the mailbox — found, or, with `create`, created when missing, never
   * duplicated (mailbox/folder.ts) — and every contact it holds now, classified for `policy`.
   * Undefined when the folder is missing and `create` is false.
   * @throws MailboxSkipped when the mailbox has no Exchange mailbox or is out of scope.
   */
  openFolder(mailboxId: string, spec: FolderSpec, policy: string, create: boolean): Promise<OpenFolder | undefined>;
  /**
   * Removes `folder` when it holds nothing at all — no contact, no child folder — as checked just
   * before; `permanent` skips Deleted Items. Never called for the default Contacts folder.
   */
  removeFolderIfEmpty(mailboxId: string, folder: MailboxFolder, permanent: boolean): Promise<"removed" | "not-empty">;
  /** Every contact in the folder as it is now, classified for `policy` (mailbox/read.ts). */
  readFolder(mailboxId: string, folder: MailboxFolder, policy: string): Promise<readonly CurrentContact[]>;
  /** One write, paced and retried by the throttled requester; rejects when it failed for good. */
  write(request: MailboxWrite): Promise<MailboxWriteResult>;
}

export interface OpenFolder {
  readonly folder: MailboxFolder;
  readonly contacts: readonly CurrentContact[];
  /** cync created the folder just now (recorded, so a removal may remove it: src/record). */
  readonly created: boolean;
}

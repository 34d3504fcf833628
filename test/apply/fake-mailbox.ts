/**
 * An in-memory ApplyIO for the applier's unit tests: mailboxes holding one folder of contacts as
 * Graph would return them, a request log, and hooks that play the tenant's part between two
 * requests (a mailbox owner deleting a contact, a lost response after commit, a failing write).
 */
import { folderAt, type FolderSpec, type MailboxFolder } from "../../src/mailbox/folder";
import { MailboxSkipped, type MailboxSkipReason } from "../../src/mailbox/skip";
import type { ContactFields, CurrentContact } from "../../src/model/contact";
import { contactFieldsFromGraph } from "../../src/model/from-graph";
import type { ApplyIO, OpenFolder, MailboxWrite, MailboxWriteResult } from "../../src/apply/ports";
import { readOwnership } from "../../src/registry/ownership";

export interface StoredContact {
  id: string;
  body: Record<string, unknown>;
}

/** A Graph-like error carrying status and code (what src/graph/failure.ts graphFailure reads). */
export class FakeGraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`fake Graph error ${status} ${code}`);
  }
}

/**
 * A hook's verdict: `lose-response` commits the write and loses its answer (the simulator's
 * commit-then-drop), `lose-request` loses it before it reached the mailbox; both answer `unknown`.
 */
export type Hook = (request: MailboxWrite, mailbox: FakeMailbox) => "lose-response" | "lose-request" | Error | undefined;

class FakeMailbox {
  readonly contacts = new Map<string, StoredContact>();
  folderId: string | undefined;
  skip: MailboxSkipReason | undefined;
  private seq = 0;

  constructor(readonly id: string) {}

  nextId(): string {
    return `${this.id}-c${String(++this.seq).padStart(4, "0")}`;
  }

  /** Puts a contact in the folder: `marker` as [policy, sourceUserId] or none for a user's own. */
  seed(fields: ContactFields, marker?: readonly [string, string]): string {
    const id = this.nextId();
    const extensions = marker
      ? [{ id: "Microsoft.OutlookServices.OpenTypeExtension.io.cync.owner", formatVersion: 1, policy: marker[0], sourceUserId: marker[1], contentHash: "h" }]
      : [];
    this.contacts.set(id, { id, body: { id, ...fields, extensions } });
    this.folderId ??= "folder-1";
    return id;
  }

  read(policy: string): CurrentContact[] {
    return [...this.contacts.values()]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((c) => ({ id: c.id, fields: contactFieldsFromGraph(c.body), ownership: readOwnership(c.body as { extensions?: unknown }, policy) }));
  }

  /** Contacts owned by `policy`, as sourceUserId → count. */
  ownedCounts(policy: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const c of this.read(policy)) if (c.ownership.kind === "owned") out[c.ownership.sourceUserId] = (out[c.ownership.sourceUserId] ?? 0) + 1;
    return out;
  }
}

export class FakeTenant implements ApplyIO {
  readonly mailboxes = new Map<string, FakeMailbox>();
  readonly log: string[] = [];
  /** Runs before each write is executed; may ask to lose the response (after commit) or fail it. */
  hooks: Hook[] = [];

  mailbox(id: string): FakeMailbox {
    let m = this.mailboxes.get(id);
    if (m === undefined) {
      m = new FakeMailbox(id);
      this.mailboxes.set(id, m);
    }
    return m;
  }

  async openFolder(mailboxId: string, _spec: FolderSpec, policy: string, create: boolean): Promise<OpenFolder | undefined> {
    const m = this.mailbox(mailboxId);
    if (m.skip !== undefined) throw new MailboxSkipped(mailboxId, m.skip);
    const created = m.folderId === undefined;
    if (m.folderId === undefined) {
      if (!create) return undefined;
      m.folderId = "folder-1";
      this.log.push(`POST folder ${mailboxId}`);
    }
    const folder = folderAt(mailboxId, m.folderId);
    return { folder, contacts: await this.readFolder(mailboxId, folder, policy), created };
  }

  async removeFolderIfEmpty(mailboxId: string): Promise<"removed" | "not-empty"> {
    const m = this.mailbox(mailboxId);
    if (m.contacts.size > 0) return "not-empty";
    m.folderId = undefined;
    this.log.push(`DELETE folder ${mailboxId}`);
    return "removed";
  }

  async readFolder(mailboxId: string, _folder: MailboxFolder, policy: string): Promise<readonly CurrentContact[]> {
    const m = this.mailbox(mailboxId);
    this.log.push(`READ ${mailboxId}`);
    return m.read(policy);
  }

  async write(request: MailboxWrite): Promise<MailboxWriteResult> {
    const m = this.mailbox(request.mailboxId);
    let lose = false;
    for (const hook of this.hooks) {
      const verdict = hook(request, m);
      if (verdict instanceof Error) throw verdict;
      if (verdict === "lose-request") return { kind: "unknown" };
      if (verdict === "lose-response") lose = true;
    }
    const body = this.execute(m, request);
    return lose ? { kind: "unknown" } : { kind: "done", body };
  }

  private execute(m: FakeMailbox, r: MailboxWrite): unknown {
    const segments = r.path.split("/");
    const afterContacts = segments.slice(segments.indexOf("contacts") + 1).map(decodeURIComponent);
    const [contactId, sub] = afterContacts;
    this.log.push(`${r.method} ${r.mailboxId}${contactId ? ` ${contactId}` : ""}${sub ? ` ${sub}` : ""}`);
    if (r.method === "POST" && contactId === undefined) {
      const id = m.nextId();
      const body = { id, ...(r.body as Record<string, unknown>) };
      m.contacts.set(id, { id, body });
      return body;
    }
    const existing = contactId === undefined ? undefined : m.contacts.get(contactId);
    if (existing === undefined) throw new FakeGraphError(404, "ErrorItemNotFound");
    if (r.method === "DELETE" || sub === "permanentDelete") {
      m.contacts.delete(existing.id);
      return undefined;
    }
    if (sub === "extensions") {
      const ext = { id: "Microsoft.OutlookServices.OpenTypeExtension.io.cync.owner", ...(r.body as Record<string, unknown>) };
      existing.body = { ...existing.body, extensions: [ext] };
      return ext;
    }
    existing.body = { ...existing.body, ...(r.body as Record<string, unknown>) };
    return existing.body;
  }
}

/** A hook that loses the first `n` creates, after (`lose-response`) or before (`lose-request`) commit. */
export function loseCreates(n: number, how: "lose-response" | "lose-request" = "lose-response"): Hook {
  let left = n;
  return (r) => {
    if (r.method === "POST" && r.operation === "create contact" && left > 0) {
      left--;
      return how;
    }
    return undefined;
  };
}

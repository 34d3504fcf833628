/**
 * An in-memory fake of the few Graph calls the mailbox reader makes, for unit tests only (the
 * integration tests use the embedded tenant over HTTPS). It keeps folders, contacts and a change
 * log, answers delta rounds from the log, and records every URL it was asked for.
 */
import type { GraphCallOptions, MailboxGraph } from "../../src/mailbox/graph";
import { EXTENSION_NAME } from "../../src/registry/ownership";

type Raw = Record<string, unknown>;

export class FakeGraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`${status} ${code}`);
  }
}

export class FakeMailbox implements MailboxGraph {
  readonly calls: string[] = [];
  readonly folders: { id: string; displayName: string }[] = [];
  private readonly contacts = new Map<string, Map<string, Raw>>([["contacts", new Map()]]);
  private readonly log: { folderId: string; id: string }[] = [];
  private nextId = 1;
  /** Delta page size (the reader asks for 1000). */
  pageSize = 1000;
  /** Tokens made before this change-log position answer 410 SyncStateNotFound. */
  private expiredBefore = 0;
  /** Every call answers this error (e.g. 404 MailboxNotEnabledForRESTAPI). */
  failAll: FakeGraphError | undefined;

  constructor(readonly mailboxId = "m1") {}

  addFolder(displayName: string, id = `F${this.nextId++}`): string {
    this.folders.push({ id, displayName });
    this.contacts.set(id, new Map());
    return id;
  }

  /** Adds or replaces a contact; `owner` writes a cync marker for that policy. */
  put(folderId: string, contact: Raw, owner?: { policy: string; sourceUserId: string; hash?: string }): string {
    const id = typeof contact.id === "string" ? contact.id : `C${this.nextId++}`;
    const extensions = owner
      ? [
          {
            id: `Microsoft.OutlookServices.OpenTypeExtension.${EXTENSION_NAME}`,
            extensionName: EXTENSION_NAME,
            formatVersion: 1,
            policy: owner.policy,
            sourceUserId: owner.sourceUserId,
            contentHash: owner.hash ?? "h",
          },
        ]
      : [];
    this.folder(folderId).set(id, { ...contact, id, changeKey: `ck${this.log.length}`, extensions });
    this.log.push({ folderId, id });
    return id;
  }

  remove(folderId: string, id: string): void {
    this.folder(folderId).delete(id);
    this.log.push({ folderId, id });
  }

  /** Forgets a folder and its contacts (as if deleted and purged). */
  dropFolder(id: string): void {
    this.contacts.delete(id);
  }

  /** Every token handed out so far answers 410 SyncStateNotFound from now on. */
  expireAllTokens(): void {
    this.expiredBefore = this.log.length + 1;
    this.log.push({ folderId: "", id: "" });
  }

  async get(url: string, opts: GraphCallOptions): Promise<unknown> {
    this.calls.push(url);
    if (this.failAll) throw this.failAll;
    const u = new URL(url, "https://graph.test/v1.0");
    const path = decodeURIComponent(u.pathname.replace(/^\/v1\.0/, ""));
    const q = u.searchParams;
    if (path === `/users/${opts.mailboxId}/contactFolders`) {
      const name = /^displayName eq '(.*)'$/.exec(q.get("$filter") ?? "")?.[1]?.replace(/''/g, "'");
      return { value: this.folders.filter((f) => name === undefined || f.displayName.toLowerCase() === name.toLowerCase()) };
    }
    const m = /^\/users\/[^/]+\/(?:contactFolders\/([^/]+)\/)?contacts(?:\/(delta|[^/]+))?$/.exec(path);
    if (!m) throw new FakeGraphError(400, "BadRequest");
    const folderId = m[1] ?? "contacts";
    if (m[2] === "delta") return this.delta(folderId, q);
    if (m[2] !== undefined) {
      const c = this.folder(folderId).get(m[2]);
      if (!c) throw new FakeGraphError(404, "ErrorItemNotFound");
      return this.shape(c, q);
    }
    return this.list(folderId, q);
  }

  async post(path: string, body: unknown, _opts: GraphCallOptions): Promise<unknown> {
    this.calls.push(`POST ${path}`);
    if (this.failAll) throw this.failAll;
    const name = (body as { displayName: string }).displayName;
    if (this.folders.some((f) => f.displayName.toLowerCase() === name.toLowerCase())) throw new FakeGraphError(409, "ErrorFolderExists");
    return { id: this.addFolder(name), displayName: name };
  }

  private folder(id: string): Map<string, Raw> {
    const f = this.contacts.get(id);
    if (!f) throw new FakeGraphError(404, "ErrorItemNotFound");
    return f;
  }

  private shape(c: Raw, q: URLSearchParams): Raw {
    const select = q.get("$select")?.split(",");
    const out: Raw = { id: c.id };
    for (const [k, v] of Object.entries(c)) if (k !== "extensions" && (!select || select.includes(k))) out[k] = v;
    if (q.has("$expand")) out.extensions = c.extensions;
    return out;
  }

  private list(folderId: string, q: URLSearchParams): unknown {
    let items = [...this.folder(folderId).values()];
    if (q.get("$filter")?.startsWith("Extensions/any")) items = items.filter((c) => (c.extensions as unknown[]).length > 0);
    const top = Number(q.get("$top") ?? "10");
    return { value: items.slice(0, top).map((c) => this.shape(c, q)) };
  }

  /**
   * Tokens are "<round>|<offset>|<logPosition>|<select>": round "i" lists the folder, round "d"
   * replays the change log from logPosition; offset pages through either. `$expand` fails as
   * Outlook's delta does (500, microsoft-graph-docs#1993).
   */
  private delta(folderId: string, q: URLSearchParams): unknown {
    if (q.has("$expand")) throw new FakeGraphError(500, "InternalServerError");
    this.folder(folderId);
    const token = q.get("$deltatoken") ?? q.get("$skiptoken");
    const [round, offset, logPos, select] = token?.split("|") ?? ["i", "0", String(this.log.length), q.get("$select") ?? ""];
    if (Number(logPos) < this.expiredBefore) throw new FakeGraphError(410, "SyncStateNotFound");
    const shapeQ = new URLSearchParams(select ? { $select: select } : {});
    const entries =
      round === "i"
        ? [...this.folder(folderId).values()].map((c) => this.shape(c, shapeQ))
        : this.log
            .slice(Number(logPos))
            .filter((e) => e.folderId === folderId)
            .map((e) => {
              const c = this.folder(folderId).get(e.id);
              return c ? this.shape(c, shapeQ) : { id: e.id, "@removed": { reason: "deleted" } };
            });
    const start = Number(offset);
    const link = (kind: string, t: string): string =>
      `https://graph.test/v1.0/users/${this.mailboxId}/contactFolders/${folderId}/contacts/delta?${kind}=${encodeURIComponent(t)}`;
    const value = entries.slice(start, start + this.pageSize);
    if (start + this.pageSize < entries.length) {
      return { value, "@odata.nextLink": link("$skiptoken", [round, start + this.pageSize, logPos, select].join("|")) };
    }
    return { value, "@odata.deltaLink": link("$deltatoken", ["d", 0, this.log.length, select].join("|")) };
  }
}

/** Routes each call to the fake mailbox it names. */
export class FakeTenant implements MailboxGraph {
  readonly mailboxes = new Map<string, FakeMailbox>();
  mailbox(id: string): FakeMailbox {
    let m = this.mailboxes.get(id);
    if (!m) this.mailboxes.set(id, (m = new FakeMailbox(id)));
    return m;
  }
  get(url: string, opts: GraphCallOptions): Promise<unknown> {
    return this.mailbox(opts.mailboxId).get(url, opts);
  }
  post(path: string, body: unknown, opts: GraphCallOptions): Promise<unknown> {
    return this.mailbox(opts.mailboxId).post(path, body, opts);
  }
}

/**
 * The tenant's directory: users, groups and memberships, with a change log for delta queries.
 *
 * Every mutation takes the next value of one monotonic sequence number and stamps it on what
 * changed: per user, the lifecycle (created, soft-deleted, restored, hard-deleted) and each
 * property; per group, the lifecycle, each property and each membership. A delta round from
 * sequence S returns the objects with a relevant stamp above S, in their current state — so a
 * change to a property the client did not `$select` never surfaces the user
 * (docs/graph-behaviour.md#delta-tracks-selected-properties). Hard-deleted objects stay as
 * tombstones (no data) so their removal can be reported.
 */
import { randomUUID } from "node:crypto";
import type { DirectoryView, MailboxKind } from "../types";
import type { GraphGroup, GraphUser, TenantFile, TenantGroup, TenantUser } from "./model";
import { ChangeLog, type ChangeLogState } from "./changelog";
import { insertSorted } from "./sorted-ids";

export type { ChangeLogState } from "./changelog";

export interface UserRecord {
  /** Undefined once hard-deleted (a tombstone). */
  user: GraphUser | undefined;
  mailbox: MailboxKind | undefined;
  lifeSeq: number;
  /** Highest stamp of any property or lifecycle event. */
  maxSeq: number;
  readonly propSeq: Map<string, number>;
}

export interface Membership {
  seq: number;
  present: boolean;
}

export interface GroupRecord {
  group: GraphGroup | undefined;
  lifeSeq: number;
  maxSeq: number;
  readonly propSeq: Map<string, number>;
  readonly members: Map<string, Membership>;
}

export type DirectoryEvent =
  | { readonly kind: "mailbox"; readonly userId: string; readonly mailbox: MailboxKind | undefined }
  | { readonly kind: "changed" };

export class DirectoryError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

const sameValue = (a: unknown, b: unknown): boolean =>
  a === b || ((a ?? null) === null && (b ?? null) === null) || JSON.stringify(a) === JSON.stringify(b);

export class Directory implements DirectoryView {
  private readonly log = new ChangeLog();
  private readonly users = new Map<string, UserRecord>();
  private readonly upnIndex = new Map<string, string>();
  private readonly groups = new Map<string, GroupRecord>();
  /** Ids in ascending order (tombstones included): the stable order of paging and delta rounds. */
  readonly userIds: string[] = [];
  readonly groupIds: string[] = [];
  private readonly listeners: ((e: DirectoryEvent) => void)[] = [];

  constructor(
    readonly tenantId: string,
    readonly domain: string,
  ) {}

  get seq(): number {
    return this.log.seq;
  }

  onChange(listener: (e: DirectoryEvent) => void): void {
    this.listeners.push(listener);
  }

  private emit(e: DirectoryEvent): void {
    for (const l of this.listeners) l(e);
  }

  /** Users changed (any way) after stamp `seq`, ids ascending. */
  usersChangedSince(seq: number): string[] {
    return this.log.changedSince("user", seq);
  }

  groupsChangedSince(seq: number): string[] {
    return this.log.changedSince("group", seq);
  }

  // ---- reads ------------------------------------------------------------------------------

  resolveUser(idOrUpn: string): { id: string; mailboxKind: MailboxKind | undefined } | undefined {
    const rec = this.userRecord(idOrUpn);
    if (!rec?.user) return undefined;
    // Exchange treats a soft-deleted user's mailbox as inactive (MailboxNotEnabledForRESTAPI).
    return { id: rec.user.id, mailboxKind: rec.user.deletedDateTime ? undefined : rec.mailbox };
  }

  /** A user by id or UPN (case-insensitive), live or soft-deleted; tombstones included. */
  userRecord(idOrUpn: string): UserRecord | undefined {
    const key = idOrUpn.toLowerCase();
    return this.users.get(key) ?? this.users.get(this.upnIndex.get(key) ?? "");
  }

  /** A live (not deleted) user. */
  liveUser(idOrUpn: string): GraphUser | undefined {
    const user = this.userRecord(idOrUpn)?.user;
    return user && !user.deletedDateTime ? user : undefined;
  }

  groupRecord(id: string): GroupRecord | undefined {
    return this.groups.get(id.toLowerCase());
  }

  liveGroup(id: string): GraphGroup | undefined {
    return this.groupRecord(id)?.group;
  }

  isGroup(id: string): boolean {
    return this.groups.get(id)?.group !== undefined;
  }

  /** Direct members that exist (live users and groups). */
  members(groupId: string): string[] {
    const rec = this.groupRecord(groupId);
    if (!rec?.group) return [];
    const out: string[] = [];
    for (const [id, m] of rec.members) if (m.present && (this.liveUser(id) || this.liveGroup(id))) out.push(id);
    return out;
  }

  // ---- user mutations ------------------------------------------------------------------------

  addUser(input: Omit<TenantUser, "id"> & { id?: string }): GraphUser {
    const id = (input.id ?? randomUUID()).toLowerCase();
    if (this.users.get(id)?.user) throw new DirectoryError(409, `A user with id '${id}' already exists.`);
    const upn = input.userPrincipalName.toLowerCase();
    if (this.upnIndex.has(upn)) {
      throw new DirectoryError(409, `Another object with the same value for property userPrincipalName already exists.`);
    }
    const { mailbox, ...props } = input;
    const user: GraphUser = { ...props, id };
    user.createdDateTime ??= new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    const seq = this.log.stamp("user", id);
    const propSeq = new Map(Object.keys(user).map((k) => [k, seq]));
    if (!this.users.has(id)) insertSorted(this.userIds, id);
    this.users.set(id, { user, mailbox: mailbox ?? undefined, lifeSeq: seq, maxSeq: seq, propSeq });
    this.upnIndex.set(upn, id);
    if (mailbox && !user.deletedDateTime) this.emit({ kind: "mailbox", userId: id, mailbox });
    this.emit({ kind: "changed" });
    return user;
  }

  private requireUser(idOrUpn: string): UserRecord & { user: GraphUser } {
    const rec = this.userRecord(idOrUpn);
    if (!rec?.user) throw new DirectoryError(404, `Resource '${idOrUpn}' does not exist or one of its queried reference-property objects are not present.`);
    return rec as UserRecord & { user: GraphUser };
  }

  /** Change properties; returns the names that actually changed (each stamped). */
  updateUser(idOrUpn: string, patch: Partial<Omit<GraphUser, "id">>): string[] {
    const rec = this.requireUser(idOrUpn);
    const upn = patch.userPrincipalName?.toLowerCase();
    if (upn !== undefined && upn !== rec.user.userPrincipalName.toLowerCase()) {
      if (this.upnIndex.has(upn)) {
        throw new DirectoryError(409, "Another object with the same value for property userPrincipalName already exists.");
      }
      this.upnIndex.delete(rec.user.userPrincipalName.toLowerCase());
      this.upnIndex.set(upn, rec.user.id);
    }
    return this.applyPatch("user", rec.user.id, rec.user, rec, patch);
  }

  /** Write the properties that differ, all under one new stamp. */
  private applyPatch(kind: "user" | "group", id: string, target: object, rec: { propSeq: Map<string, number>; maxSeq: number }, patch: object): string[] {
    const t = target as Record<string, unknown>;
    const p = patch as Record<string, unknown>;
    const changed = Object.keys(p).filter((k) => k !== "id" && !sameValue(t[k], p[k]));
    if (changed.length === 0) return [];
    const seq = this.log.stamp(kind, id);
    for (const k of changed) {
      // Cleared properties become null: "never set" to every reader (delta omits them).
      t[k] = p[k] ?? null;
      rec.propSeq.set(k, seq);
    }
    rec.maxSeq = seq;
    this.emit({ kind: "changed" });
    return changed;
  }

  /** Give a user a mailbox of a kind, or take it away (null). Not a directory property: no stamp. */
  setMailbox(idOrUpn: string, mailbox: MailboxKind | null): void {
    const rec = this.requireUser(idOrUpn);
    rec.mailbox = mailbox ?? undefined;
    this.emit({ kind: "mailbox", userId: rec.user.id, mailbox: rec.mailbox });
    this.emit({ kind: "changed" });
  }

  /** Soft delete ("leave"): restorable for 30 days, reported by delta as `@removed` "changed". */
  softDelete(idOrUpn: string): void {
    const rec = this.requireUser(idOrUpn);
    if (rec.user.deletedDateTime) return;
    rec.user.deletedDateTime = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    rec.lifeSeq = rec.maxSeq = this.log.stamp("user", rec.user.id);
    this.emit({ kind: "changed" });
  }

  restore(idOrUpn: string): void {
    const rec = this.requireUser(idOrUpn);
    if (!rec.user.deletedDateTime) throw new DirectoryError(400, "The user is not deleted.");
    delete rec.user.deletedDateTime;
    rec.lifeSeq = rec.maxSeq = this.log.stamp("user", rec.user.id);
    this.emit({ kind: "changed" });
  }

  /** Permanent delete: a tombstone remains; memberships end; the mailbox goes. */
  hardDelete(idOrUpn: string): void {
    const { user } = this.requireUser(idOrUpn);
    const rec: UserRecord = this.userRecord(user.id)!;
    const id = user.id;
    this.upnIndex.delete(user.userPrincipalName.toLowerCase());
    rec.user = undefined;
    rec.propSeq.clear();
    rec.lifeSeq = rec.maxSeq = this.log.stamp("user", id);
    for (const gid of this.groupIds) this.endMembership(gid, id);
    if (rec.mailbox) {
      rec.mailbox = undefined;
      this.emit({ kind: "mailbox", userId: id, mailbox: undefined });
    }
    this.emit({ kind: "changed" });
  }

  // ---- group mutations -----------------------------------------------------------------------

  addGroup(input: Omit<TenantGroup, "id" | "members"> & { id?: string; members?: string[] }): GraphGroup {
    const id = (input.id ?? randomUUID()).toLowerCase();
    if (this.groups.get(id)?.group) throw new DirectoryError(409, `A group with id '${id}' already exists.`);
    const { members = [], ...props } = input;
    const group: GraphGroup = { ...props, id };
    const seq = this.log.stamp("group", id);
    if (!this.groups.has(id)) insertSorted(this.groupIds, id);
    const rec: GroupRecord = {
      group,
      lifeSeq: seq,
      maxSeq: seq,
      propSeq: new Map(Object.keys(group).map((k) => [k, seq])),
      members: new Map(members.map((m) => [m.toLowerCase(), { seq, present: true }])),
    };
    this.groups.set(id, rec);
    this.emit({ kind: "changed" });
    return group;
  }

  private requireGroup(id: string): GroupRecord & { group: GraphGroup } {
    const rec = this.groupRecord(id);
    if (!rec?.group) throw new DirectoryError(404, `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
    return rec as GroupRecord & { group: GraphGroup };
  }

  addMember(groupId: string, memberId: string): void {
    const rec = this.requireGroup(groupId);
    const id = memberId.toLowerCase();
    if (!this.liveUser(id) && !this.liveGroup(id)) {
      throw new DirectoryError(404, `Resource '${memberId}' does not exist or one of its queried reference-property objects are not present.`);
    }
    if (rec.members.get(id)?.present) {
      throw new DirectoryError(400, "One or more added object references already exist for the following modified properties: 'members'.");
    }
    const seq = this.log.stamp("group", rec.group.id);
    rec.members.set(id, { seq, present: true });
    rec.maxSeq = seq;
    this.emit({ kind: "changed" });
  }

  removeMember(groupId: string, memberId: string): void {
    const rec = this.requireGroup(groupId);
    if (!rec.members.get(memberId.toLowerCase())?.present) {
      throw new DirectoryError(404, `Resource '${memberId}' does not exist or one of its queried reference-property objects are not present.`);
    }
    this.endMembership(rec.group.id, memberId.toLowerCase());
    this.emit({ kind: "changed" });
  }

  /** Change a group's properties (rename, description); returns the names that changed. */
  updateGroup(id: string, patch: Partial<Omit<GraphGroup, "id">>): string[] {
    const rec = this.requireGroup(id);
    return this.applyPatch("group", rec.group.id, rec.group, rec, patch);
  }

  /** Delete a group for good: a tombstone remains (delta `@removed` "deleted"); its own memberships end. */
  deleteGroup(id: string): void {
    const gid = this.requireGroup(id).group.id;
    const rec: GroupRecord = this.groups.get(gid)!;
    rec.group = undefined;
    rec.propSeq.clear();
    rec.lifeSeq = rec.maxSeq = this.log.stamp("group", gid);
    for (const other of this.groupIds) this.endMembership(other, gid);
    this.emit({ kind: "changed" });
  }

  private endMembership(groupId: string, memberId: string): void {
    const rec = this.groups.get(groupId);
    const m = rec?.members.get(memberId);
    // A deleted group's memberships ended with it.
    if (!rec?.group || !m?.present) return;
    m.present = false;
    m.seq = rec.maxSeq = this.log.stamp("group", groupId);
  }

  // ---- import / export -------------------------------------------------------------------------

  static fromFile(file: TenantFile): Directory {
    const dir = new Directory(file.tenantId.toLowerCase(), file.domain);
    for (const u of file.users) dir.addUser(u);
    // Groups after users, memberships after groups: members may be groups defined later.
    for (const g of file.groups) dir.addGroup({ ...g, members: [] });
    for (const g of file.groups) {
      const rec = dir.groups.get(g.id.toLowerCase())!;
      for (const m of g.members) rec.members.set(m.toLowerCase(), { seq: rec.lifeSeq, present: true });
    }
    return dir;
  }

  toFile(): Omit<TenantFile, "apps"> {
    const users: TenantUser[] = [];
    for (const id of this.userIds) {
      const rec = this.users.get(id)!;
      if (rec.user) users.push({ ...rec.user, mailbox: rec.mailbox ?? null });
    }
    const groups: TenantGroup[] = [];
    for (const id of this.groupIds) {
      const rec = this.groups.get(id)!;
      if (rec.group) groups.push({ ...rec.group, members: [...rec.members].filter(([, m]) => m.present).map(([mid]) => mid) });
    }
    return { version: 1, tenantId: this.tenantId, domain: this.domain, users, groups };
  }

  /** The change log, so a restarted simulator honours delta tokens it issued before. */
  changeLog(): ChangeLogState {
    const users: ChangeLogState["users"] = {};
    for (const [id, r] of this.users) {
      const props = Object.fromEntries(r.propSeq);
      users[id] = r.user ? [r.lifeSeq, props] : [r.lifeSeq, props, 1];
    }
    const groups: ChangeLogState["groups"] = {};
    for (const [id, r] of this.groups) {
      const members = Object.fromEntries([...r.members].map(([m, s]) => [m, [s.seq, s.present ? 1 : 0] as [number, 0 | 1]]));
      groups[id] = r.group ? [r.lifeSeq, Object.fromEntries(r.propSeq), members] : [r.lifeSeq, Object.fromEntries(r.propSeq), members, 1];
    }
    return { seq: this.log.seq, users, groups };
  }

  /** Re-apply a saved change log over a directory freshly loaded from the matching tenant file. */
  restoreChangeLog(state: ChangeLogState): void {
    this.log.advanceTo(state.seq);
    for (const [id, entry] of Object.entries(state.users)) {
      const [life, props, tombstone] = entry;
      let rec = this.users.get(id);
      if (!rec) {
        if (!tombstone) continue;
        rec = { user: undefined, mailbox: undefined, lifeSeq: life, maxSeq: life, propSeq: new Map() };
        this.users.set(id, rec);
        insertSorted(this.userIds, id);
      }
      rec.lifeSeq = life;
      rec.propSeq.clear();
      for (const [k, v] of Object.entries(props)) rec.propSeq.set(k, v);
      rec.maxSeq = Math.max(life, ...rec.propSeq.values());
    }
    for (const [id, [life, props, members, tombstone]] of Object.entries(state.groups)) {
      let rec = this.groups.get(id);
      if (!rec) {
        if (!tombstone) continue;
        rec = { group: undefined, lifeSeq: life, maxSeq: life, propSeq: new Map(), members: new Map() };
        this.groups.set(id, rec);
        insertSorted(this.groupIds, id);
      }
      rec.lifeSeq = life;
      rec.propSeq.clear();
      for (const [k, v] of Object.entries(props)) rec.propSeq.set(k, v);
      rec.members.clear();
      for (const [m, [s, present]] of Object.entries(members)) rec.members.set(m, { seq: s, present: present === 1 });
      rec.maxSeq = life;
      for (const v of rec.propSeq.values()) rec.maxSeq = Math.max(rec.maxSeq, v);
      for (const m of rec.members.values()) rec.maxSeq = Math.max(rec.maxSeq, m.seq);
    }
    // The log follows the restored stamps: each object once, at its latest change.
    this.log.rebuild("user", this.users);
    this.log.rebuild("group", this.groups);
  }
}

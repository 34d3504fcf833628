/**
 * Chaos scenario, mailbox owners and other tools at work (README "Reliability" and "What apply
 * guarantees"): between runs, at random over the seed, owners edit synced contacts (a field cync
 * writes, one the policy leaves empty, one cync never writes), delete them, move them out of cync's
 * folder, create their own inside it, rename or delete cync's folder; another tool writes contacts
 * carrying its own open extension and tags cync's contacts with it; and a marked copy of a cync
 * contact appears (as a restore or a copy tool makes it). Owners' moves, copies and folder changes
 * and the other tool's writes go through Graph over HTTPS with apps of their own
 * (other-clients.ts); owner edits, deletes and creates through the control API, as Outlook's UI.
 *
 * Then `cync plan` must say what will happen — each change with the right kind and reason, and
 * nothing else — and `cync apply` must do it: edits of fields cync writes repaired, other fields
 * kept, deleted and moved contacts re-created (the moved copy left where the owner put it), owners'
 * and the other tool's contacts untouched byte for byte (extension included), a renamed folder kept
 * under its new name, a deleted folder re-created, the marked copy de-duplicated; the oracle's
 * checks hold, and a plan after it is empty.
 */
import { rm } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { seededRandom, type SimulatorHandle, type TenantFile } from "@cync/simulator";
import { computePlan } from "../../src/engine/plan";
import { openSession } from "../../src/engine/session";
import type { PlanJson } from "../../src/plan/serialize";
import { loadPolicies } from "../../src/policy/load";
import { renderPlan } from "../../src/render";
import { control, startChaosTenant, type ChaosTenant } from "./chaos-tenant";
import { FOLDER, type MailboxView, type ViewContact, type ViewFolder } from "./mailbox-view";
import { desiredState, type DesiredState } from "./oracle";
import { graphClient, tenantWithOtherApps, type GraphClient } from "./other-clients";
import { chaosSize, noSurvival, report } from "./survival";

const size = chaosSize({ seeds: 2, users: 16, mailboxes: 5 });
/** Rounds of others' writes per seed, each followed by a plan, an apply and a plan. */
const ROUNDS = 2;

const MARKER = "Microsoft.OutlookServices.OpenTypeExtension.io.cync.owner";
const isMarker = (e: Record<string, unknown>): boolean => typeof e["id"] === "string" && /\.io\.cync\.owner$/i.test(e["id"]);
const sourceOf = (c: ViewContact): string | undefined => {
  const m = c.extensions.find(isMarker);
  return m?.["policy"] === "staff" && typeof m["sourceUserId"] === "string" ? m["sourceUserId"] : undefined;
};

/** Owner edits of fields cync writes — mapped by the policy, or left empty by it (notes): repaired. */
const CYNC_FIELDS: readonly (readonly [string, unknown])[] = [
  ["displayName", "Edited on the phone"],
  ["jobTitle", "Chief of everything"],
  ["mobilePhone", "+1 555 0100 999"],
  ["personalNotes", "Met at the offsite"],
  ["categories", ["Family"]],
];
/** Owner edits of fields cync never writes: kept. */
const OWNER_FIELDS: readonly (readonly [string, unknown])[] = [
  ["spouseName", "Sam"],
  ["birthday", "1990-04-01T00:00:00Z"],
  ["homeAddress", { city: "Lyon" }],
  ["children", ["Ann"]],
];

/** What happens to one of cync's contacts between runs. */
const CONTACT_KINDS = ["repair", "keep", "delete", "move", "copy", "tag"] as const;
type ContactKind = (typeof CONTACT_KINDS)[number];

/** What the plan must hold for one mailbox, and nothing more. */
interface Expected {
  creates: Set<string>;
  /** Source user id → the field the plan must list as changed. */
  updates: Map<string, string>;
  /** Source user ids whose marked copy goes as a `duplicate`. */
  duplicates: Set<string>;
}

interface Round {
  readonly expected: Map<string, Expected>;
  /** Contacts that must come out of the apply byte for byte as they went in, by mailbox and id. */
  readonly untouched: { mailbox: string; id: string }[];
  /** cync's contacts another tool annotated with its open extension: kept on them, as it was. */
  readonly tagged: { mailbox: string; id: string }[];
  /** Fields cync must have put back as they were before the owner's edit. */
  readonly restored: { mailbox: string; source: string; field: string; value: unknown }[];
  readonly counts: Record<ContactKind | "own" | "tool" | "rename" | "deleteFolder", number>;
}

const shuffled = <T>(items: readonly T[], random: () => number): T[] => {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};
const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)]!;

const view = async (h: SimulatorHandle, m: string): Promise<MailboxView> => (await control(h, "GET", `/mailboxes/${m}`)) as MailboxView;
const desired = async (h: SimulatorHandle): Promise<DesiredState> => desiredState((await control(h, "GET", "/tenant")) as TenantFile);
const contactIn = (v: MailboxView, id: string): ViewContact | undefined => v.folders.flatMap((f) => f.contacts).find((c) => c.id === id);
const folderNamed = (v: MailboxView, name: string): ViewFolder | undefined => v.folders.find((f) => f.displayName.toLowerCase() === name.toLowerCase());

/** `cync plan --format json`, in-process, on the tenant's state directory. */
async function plan(t: ChaosTenant): Promise<PlanJson> {
  const session = openSession({ stateDir: t.stateDir, concurrency: 8, env: t.env });
  const { policies } = await loadPolicies([t.policiesDir]);
  const { plan: p } = await computePlan({ policies, steps: session.steps, io: session.io, tenant: session.tenant });
  return JSON.parse(renderPlan(p, "json")) as PlanJson;
}

/** A contact's writable body, as a Graph client copies it: read-only, OData and empty values left out. */
function copyBody(read: Record<string, unknown>): Record<string, unknown> {
  const skip = new Set(["id", "createdDateTime", "lastModifiedDateTime", "changeKey", "parentFolderId", "extensions"]);
  const empty = (v: unknown): boolean => v === null || (Array.isArray(v) && v.length === 0) || (typeof v === "object" && v !== null && Object.keys(v).length === 0);
  const body = Object.fromEntries(Object.entries(read).filter(([k, v]) => !k.startsWith("@odata.") && !skip.has(k) && !empty(v)));
  return { ...body, extensions: read["extensions"] };
}

/** The owner's client copies one of cync's contacts, marker included, into `folderPath` (a folder's contacts collection). */
async function copyContact(owner: GraphClient, m: string, folderId: string, contactId: string, folderPath: string): Promise<void> {
  const read = await owner.call("GET", `/users/${m}/contactFolders/${folderId}/contacts/${contactId}?$expand=extensions($filter=id eq '${MARKER}')`);
  await owner.call("POST", folderPath, copyBody(read!));
}

/** Others' writes in every target mailbox, at random; returns what the next plan and apply must show. */
async function othersAtWork(t: ChaosTenant, owner: GraphClient, tool: GraphClient, folders: Map<string, string>, random: () => number, round: number): Promise<Round> {
  const want = await desired(t.handle);
  const counts = { repair: 0, keep: 0, delete: 0, move: 0, copy: 0, tag: 0, own: 0, tool: 0, rename: 0, deleteFolder: 0 };
  const expected = new Map<string, Expected>();
  const untouched: Round["untouched"] = [];
  const tagged: Round["tagged"] = [];
  const restored: Round["restored"] = [];
  const mailboxes = shuffled([...want.keys()], random);
  // Every kind happens in every round (random contacts and mailboxes), more at random beside them;
  // edited fields take turns, so each is edited as soon as there are as many edits.
  let nextKind = 0;
  const turns = new Map<readonly unknown[], number>();
  const turn = <T>(items: readonly T[]): T => {
    const n = turns.get(items) ?? Math.floor(random() * items.length);
    turns.set(items, n + 1);
    return items[n % items.length]!;
  };
  for (const [i, m] of mailboxes.entries()) {
    const e: Expected = { creates: new Set(), updates: new Map(), duplicates: new Set() };
    expected.set(m, e);
    const v = await view(t.handle, m);
    const folder = folderNamed(v, folders.get(m) ?? FOLDER)!;
    const folderPath = `/users/${m}/contactFolders/${folder.id}`;
    const folderAction = i === 0 ? "rename" : i === 1 ? "delete" : random() < 0.15 ? "rename" : random() < 0.1 ? "delete" : undefined;
    if (folderAction === "delete") {
      // To Deleted Items, with everything in it; the next plan creates every contact in a new folder.
      await owner.call("DELETE", folderPath);
      folders.delete(m);
      for (const s of want.get(m)!.keys()) e.creates.add(s);
      counts.deleteFolder++;
      continue;
    }
    for (const c of folder.contacts) {
      const source = sourceOf(c);
      if (source === undefined || !(random() < 0.3 || nextKind < CONTACT_KINDS.length)) continue;
      const kind = nextKind < CONTACT_KINDS.length ? CONTACT_KINDS[nextKind++]! : pick(CONTACT_KINDS, random);
      counts[kind]++;
      const record = c as unknown as Record<string, unknown>;
      switch (kind) {
        case "repair": {
          const [field, value] = turn(CYNC_FIELDS);
          await control(t.handle, "PATCH", `/mailboxes/${m}/contacts/${c.id}`, { [field]: value });
          restored.push({ mailbox: m, source, field, value: record[field] });
          e.updates.set(source, field);
          break;
        }
        case "keep": {
          const [field, value] = turn(OWNER_FIELDS);
          await control(t.handle, "PATCH", `/mailboxes/${m}/contacts/${c.id}`, { [field]: value });
          untouched.push({ mailbox: m, id: c.id });
          break;
        }
        case "delete":
          await control(t.handle, "DELETE", `/mailboxes/${m}/contacts/${c.id}`);
          e.creates.add(source);
          break;
        case "move": {
          // Graph v1.0 has no move for contacts: a client copies (marker included) and deletes.
          await copyContact(owner, m, folder.id, c.id, `/users/${m}/contacts`);
          await owner.call("DELETE", `${folderPath}/contacts/${c.id}`);
          e.creates.add(source);
          break;
        }
        case "copy":
          await copyContact(owner, m, folder.id, c.id, `${folderPath}/contacts`);
          e.duplicates.add(source);
          break;
        case "tag": {
          // The other tool annotates cync's contact, and its owner edits it: repaired, annotation kept.
          const annotation = { "@odata.type": "microsoft.graph.openTypeExtension", extensionName: "com.contoso.crm", record: `crm-${round}-${c.id.slice(-6)}` };
          // Tagged in an earlier round: the tool updates its extension (PATCH replaces it).
          if (c.extensions.some((x) => !isMarker(x))) await tool.call("PATCH", `${folderPath}/contacts/${c.id}/extensions/com.contoso.crm`, annotation);
          else await tool.call("POST", `${folderPath}/contacts/${c.id}/extensions`, annotation);
          const [field, value] = turn(CYNC_FIELDS);
          await control(t.handle, "PATCH", `/mailboxes/${m}/contacts/${c.id}`, { [field]: value });
          restored.push({ mailbox: m, source, field, value: record[field] });
          e.updates.set(source, field);
          tagged.push({ mailbox: m, id: c.id });
          break;
        }
      }
    }
    if (i === 0 || random() < 0.5) {
      await control(t.handle, "POST", `/mailboxes/${m}/contactFolders/${folder.id}/contacts`, { givenName: "Owner's", surname: `friend ${round}` });
      counts.own++;
    }
    if (i === 0 || random() < 0.5) {
      await tool.call("POST", `${folderPath}/contacts`, {
        displayName: `Customer ${round}`,
        extensions: [{ "@odata.type": "microsoft.graph.openTypeExtension", extensionName: "com.contoso.crm", record: `customer-${round}` }],
      });
      counts.tool++;
    }
    if (folderAction === "rename") {
      const name = `Colleagues ${round}`;
      await owner.call("PATCH", folderPath, { displayName: name });
      folders.set(m, name);
      counts.rename++;
    }
  }
  return { expected, untouched, tagged, restored, counts };
}

/**
 * The state directory lost (a new runner, an evicted cache): a renamed folder is no longer known to
 * be cync's — looked up by name, not found, so every contact is created in a new folder and the
 * renamed one is left to its owner with all it holds. Nothing else may change in the plan.
 */
async function forgetState(t: ChaosTenant, r: Round, folders: Map<string, string>): Promise<void> {
  await rm(t.stateDir, { recursive: true, force: true });
  const want = await desired(t.handle);
  for (const m of folders.keys()) {
    r.expected.set(m, { creates: new Set(want.get(m)!.keys()), updates: new Map(), duplicates: new Set() });
    r.restored.splice(0, r.restored.length, ...r.restored.filter((x) => x.mailbox !== m));
    r.tagged.splice(0, r.tagged.length, ...r.tagged.filter((x) => x.mailbox !== m));
  }
  folders.clear();
}

/** cync's contacts outside cync's folder (moved there, or in a folder no longer cync's): the owner's, never touched. */
async function markedElsewhere(h: SimulatorHandle, mailboxes: Iterable<string>, folders: ReadonlyMap<string, string>): Promise<Round["untouched"]> {
  const out: Round["untouched"] = [];
  for (const m of mailboxes) {
    const ours = (folders.get(m) ?? FOLDER).toLowerCase();
    for (const f of (await view(h, m)).folders) if (f.displayName.toLowerCase() !== ours) for (const c of f.contacts) if (sourceOf(c) !== undefined) out.push({ mailbox: m, id: c.id });
  }
  return out;
}

/** Contacts cync's folder holds that it must leave alone: unmarked (owners', another tool's) and another policy's. */
function leftAlone(v: MailboxView, folder: string): { unmarked: number; foreign: number } {
  const contacts = folderNamed(v, folder)?.contacts ?? [];
  const marked = contacts.filter((c) => c.extensions.some(isMarker));
  return { unmarked: contacts.length - marked.length, foreign: marked.filter((c) => sourceOf(c) === undefined).length };
}

/** The plan's changes per mailbox, with the reasons it gives and what it leaves alone. */
interface Planned {
  readonly creates: Set<string>;
  readonly updates: Map<string, readonly string[]>;
  /** "{source user id} {reason}" */
  readonly deletes: string[];
  readonly unmarked: number;
  readonly foreign: number;
}

function planned(p: PlanJson): Map<string, Planned> {
  const out = new Map<string, Planned>();
  for (const m of p.policies.flatMap((x) => x.mailboxes)) {
    out.set(m.mailbox.id, {
      creates: new Set(m.create),
      updates: new Map(m.update.map((u) => [u.sourceUserId, u.changed])),
      deletes: m.delete.map((d) => `${d.sourceUserId} ${d.reason}`),
      unmarked: m.unmarked,
      foreign: m.foreign,
    });
  }
  return out;
}

/** The plan says so: each change with its kind, field or reason, nothing else, and what it leaves alone. */
function expectPlanSays(got: ReadonlyMap<string, Planned>, r: Round, before: ReadonlyMap<string, MailboxView>, folders: ReadonlyMap<string, string>, at: string): void {
  for (const [m, e] of r.expected) {
    const g = got.get(m) ?? { creates: new Set<string>(), updates: new Map<string, readonly string[]>(), deletes: [], unmarked: 0, foreign: 0 };
    expect(g.creates, `${at}, ${m}: creates`).toEqual(e.creates);
    expect(new Set(g.updates.keys()), `${at}, ${m}: updated contacts`).toEqual(new Set(e.updates.keys()));
    for (const [s, field] of e.updates) expect(g.updates.get(s), `${at}, ${m}: ${s}'s changed fields`).toContain(field);
    expect(g.deletes.sort(), `${at}, ${m}: deletes`).toEqual([...e.duplicates].map((s) => `${s} duplicate`).sort());
    if (got.has(m)) expect({ unmarked: g.unmarked, foreign: g.foreign }, `${at}, ${m}: left alone`).toEqual(leftAlone(before.get(m)!, folders.get(m) ?? FOLDER));
  }
}

/** The other tool's extensions on a contact (all but cync's marker). */
const annotations = (v: MailboxView | undefined, id: string): unknown => (v === undefined ? undefined : contactIn(v, id)?.extensions.filter((x) => !isMarker(x)));

/** The apply did it: edits of cync's fields undone, everything else others wrote as it was. */
function expectApplied(r: Round, before: ReadonlyMap<string, MailboxView>, after: ReadonlyMap<string, MailboxView>, folders: ReadonlyMap<string, string>, at: string): void {
  for (const u of r.untouched) {
    expect(contactIn(after.get(u.mailbox)!, u.id), `${at}: ${u.mailbox} ${u.id} untouched`).toEqual(contactIn(before.get(u.mailbox)!, u.id));
  }
  for (const x of r.tagged) {
    expect(annotations(before.get(x.mailbox), x.id), `${at}: ${x.mailbox} ${x.id} tagged`).toHaveLength(1);
    expect(annotations(after.get(x.mailbox), x.id), `${at}: ${x.mailbox} ${x.id} keeps the other tool's extension`).toEqual(annotations(before.get(x.mailbox), x.id));
  }
  for (const x of r.restored) {
    const c = folderNamed(after.get(x.mailbox)!, folders.get(x.mailbox) ?? FOLDER)!.contacts.find((y) => sourceOf(y) === x.source)!;
    expect((c as unknown as Record<string, unknown>)[x.field], `${at}: ${x.mailbox} ${x.source} ${x.field} repaired`).toEqual(x.value);
  }
}

describe(`owners and other tools at work: ${size.seeds} seeds, ${size.users} users, ${size.mailboxes} mailboxes, ${ROUNDS} rounds`, () => {
  it("plans and applies exactly what README promises: repaired, re-created, de-duplicated or left alone", async () => {
    const survived = noSurvival();
    const total: Record<string, number> = {};
    for (let seed = 1; seed <= size.seeds; seed++) {
      const { tenant, apps } = tenantWithOtherApps({ users: size.users, mailboxes: size.mailboxes, seed });
      const t = await startChaosTenant({ tenant });
      try {
        const owner = graphClient(t.handle, apps.owner);
        const tool = graphClient(t.handle, apps.tool);
        const random = seededRandom(seed * 65_537);
        /** Mailboxes whose owner renamed cync's folder → its name now. */
        const folders = new Map<string, string>();
        await t.plant();
        const first = await t.apply();
        expect(first.code, first.stderr).toBe(0);
        for (let round = 1; round <= ROUNDS; round++) {
          const at = `seed ${seed}, round ${round}`;
          const r = await othersAtWork(t, owner, tool, folders, random, round);
          for (const [k, n] of Object.entries(r.counts)) total[k] = (total[k] ?? 0) + n;
          // Every other seed's last round plans without the state directory.
          if (seed % 2 === 0 && round === ROUNDS) {
            await forgetState(t, r, folders);
            total["stateLost"] = (total["stateLost"] ?? 0) + 1;
          }
          r.untouched.push(...(await markedElsewhere(t.handle, r.expected.keys(), folders)));
          await t.remember(folders);
          const views = async (): Promise<Map<string, MailboxView>> => new Map(await Promise.all([...r.expected.keys()].map(async (m) => [m, await view(t.handle, m)] as const)));
          const before = await views();
          expectPlanSays(planned(await plan(t)), r, before, folders, at);

          const run = await t.apply();
          expect(run.code, `${at}: ${run.stderr}`).toBe(0);
          survived.retries += run.report?.retries ?? 0;
          const verdict = await t.judge();
          expect(verdict.diverged, at).toEqual([]);
          expect(verdict.foreignWrites, at).toEqual([]);
          expectApplied(r, before, await views(), folders, at);
          // Converged: nothing left to do, and nothing flaps.
          const again = await plan(t);
          expect(again.summary, `${at}: the plan after the apply`).toEqual({ create: 0, update: 0, delete: 0, mailboxes: 0 });
          survived.lost += verdict.missing;
          survived.foreignWrites += verdict.foreignWrites.length;
        }
        survived.seeds++;
      } finally {
        await t.close();
      }
    }
    console.log(`chaos owners: others' writes ${JSON.stringify(total)}`);
    report("owners", survived);
  }, 600_000);
});

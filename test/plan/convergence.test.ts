/**
 * Convergence over many seeded random mailboxes: whatever the folder holds (our contacts, drifted,
 * duplicated, foreign, unmarked, self), applying the plan and planning again yields no changes in
 * sync mode; foreign and unmarked contacts are never touched in any mode. A small LCG keeps runs
 * reproducible (seed in the test name).
 */
import { describe, expect, it } from "vitest";
import type { ContactFields, CurrentContact, DesiredContact } from "../../src/model/contact";
import { createBody, updateBody } from "../../src/plan/bodies";
import { planMailbox } from "../../src/plan/mailbox";
import type { MailboxChanges, Mode } from "../../src/plan/types";
import { currentContactFromGraph } from "../../src/registry/current";
import { markerExtension } from "../../src/registry/ownership";
import { desired, mailbox, OTHER_POLICY, POLICY } from "./fixtures";

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

type GraphContact = Record<string, unknown>;
const READ_ID = (name: string) => `Microsoft.OutlookServices.OpenTypeExtension.${name}`;

function randomFields(rnd: () => number, i: number): ContactFields {
  const f: Record<string, unknown> = { displayName: `User ${i}`, givenName: "User" };
  if (rnd() < 0.7) f["jobTitle"] = `Job ${Math.floor(rnd() * 3)}`;
  if (rnd() < 0.5) f["businessPhones"] = [`+1425555${String(Math.floor(rnd() * 9000) + 1000)}`];
  if (rnd() < 0.5) f["emailAddresses"] = [{ address: `user${i}@contoso.com`, name: `User ${i}` }];
  if (rnd() < 0.3) f["businessAddress"] = { city: rnd() < 0.5 ? "Oslo" : "Redmond" };
  return f as ContactFields;
}

function scenario(seed: number): { desired: DesiredContact[]; store: Map<string, GraphContact> } {
  const rnd = lcg(seed);
  const users = Array.from({ length: 12 }, (_, i) => desired(i === 0 ? mailbox.id : `u-${i}`, randomFields(rnd, i)));
  const want = users.filter(() => rnd() < 0.75);
  const store = new Map<string, GraphContact>();
  let n = 0;
  const put = (fields: ContactFields, extensions: unknown[]) => {
    const id = `c-${String(n++).padStart(3, "0")}`;
    store.set(id, { id, changeKey: `k${id}`, ...fields, extensions });
  };
  for (const u of users) {
    const copies = rnd() < 0.15 ? 2 : rnd() < 0.6 ? 1 : 0;
    for (let c = 0; c < copies; c++) {
      // Ours, possibly drifted (edited on a phone) or written from an older revision.
      const fields = rnd() < 0.4 ? randomFields(rnd, 99) : u.fields;
      put(fields, [{ ...markerExtension(POLICY, u.sourceUserId, u.hash), id: READ_ID("io.cync.owner") }]);
    }
    if (rnd() < 0.2) put(u.fields, [{ ...markerExtension(OTHER_POLICY, u.sourceUserId, "h"), id: READ_ID("io.cync.owner") }]);
    if (rnd() < 0.2) put(u.fields, []);
    if (rnd() < 0.1) put(u.fields, [{ ...markerExtension(POLICY, u.sourceUserId, "h"), formatVersion: 99, id: READ_ID("io.cync.owner") }]);
  }
  return { desired: want, store };
}

function read(store: Map<string, GraphContact>): CurrentContact[] {
  return [...store.values()].map((g) => currentContactFromGraph(g, POLICY)!);
}

function apply(store: Map<string, GraphContact>, changes: MailboxChanges): void {
  for (const d of changes.delete) store.delete(d.contactId);
  for (const u of changes.update) store.set(u.contactId, { ...store.get(u.contactId)!, ...updateBody(u) });
  for (const [i, c] of changes.create.entries()) {
    const body = createBody(POLICY, c);
    const id = `new-${i}`;
    store.set(id, { ...body, id, extensions: body.extensions.map((e) => ({ ...e, id: READ_ID(e.extensionName) })) });
  }
}

const notOurs = (store: Map<string, GraphContact>) =>
  [...store.values()].filter((g) => currentContactFromGraph(g, POLICY)!.ownership.kind !== "owned").sort((a, b) => String(a["id"]).localeCompare(String(b["id"])));

describe.each<Mode>(["sync", "upsert-only", "create-only"])("convergence (%s)", (mode) => {
  it.each(Array.from({ length: 60 }, (_, i) => i + 1))("seed %i", (seed) => {
    const { desired: want, store } = scenario(seed);
    const map = new Map(want.map((d) => [d.sourceUserId, d]));
    const before = structuredClone(notOurs(store));
    const plan = () => planMailbox({ mailbox, policy: POLICY, desired: map, current: read(store), mode, selfUserId: mailbox.id });

    apply(store, plan());
    expect(notOurs(store)).toEqual(before);
    const again = plan();
    expect(again.create).toEqual([]);
    expect(again.delete).toEqual([]);
    if (mode !== "create-only") expect(again.update).toEqual([]);
    // Every desired user (but self) is now present exactly once among our contacts.
    const ours = read(store).flatMap((c) => (c.ownership.kind === "owned" ? [c.ownership.sourceUserId] : []));
    const expected = want.map((d) => d.sourceUserId).filter((id) => id !== mailbox.id);
    if (mode === "sync") expect(ours.sort()).toEqual(expected.sort());
    else expect(new Set(ours).size).toBe(ours.length);
  });
});

/**
 * Plan → apply in memory → plan again = no changes (external-dns TestIdempotency). The in-memory
 * mailbox stores what Graph would: the POST/PATCH bodies cync sends, read back through
 * currentContactFromGraph with the extension id Graph reports on GET.
 */
import { describe, expect, it } from "vitest";
import type { CurrentContact, DesiredContact } from "../../src/model/contact";
import { createBody, updateBody } from "../../src/plan/bodies";
import { hasChanges, planMailbox } from "../../src/plan/mailbox";
import type { MailboxChanges, Mode } from "../../src/plan/types";
import { currentContactFromGraph } from "../../src/registry/current";
import { aliceDrifted, aliceDuplicate, aliceV2, bobForeign, bobOwnedV1, bobV1, carolUnmarked, carolV1, desiredMap, mailbox, ownerOwned, ownerV1, POLICY } from "./fixtures";

type GraphContact = Record<string, unknown>;

/** A Graph contact JSON for a fixture, with the marker as Graph returns it on read. */
function toGraph(c: CurrentContact): GraphContact {
  const o = c.ownership;
  const ext =
    o.kind === "unmarked"
      ? []
      : [{ id: "Microsoft.OutlookServices.OpenTypeExtension.io.cync.owner", formatVersion: 1, policy: o.policy, sourceUserId: o.sourceUserId, contentHash: o.kind === "owned" ? o.hash : "h" }];
  return { id: c.id, changeKey: c.changeKey, ...c.fields, extensions: ext };
}

function apply(store: Map<string, GraphContact>, changes: MailboxChanges): void {
  let next = store.size;
  for (const d of changes.create) {
    const body = createBody(POLICY, d);
    const ext = body.extensions.map((e) => ({ ...e, id: `Microsoft.OutlookServices.OpenTypeExtension.${e.extensionName}` }));
    const id = `new-${next++}`;
    store.set(id, { ...body, id, extensions: ext });
  }
  for (const u of changes.update) {
    const old = store.get(u.contactId)!;
    store.set(u.contactId, { ...old, ...updateBody(u) });
  }
  for (const d of changes.delete) store.delete(d.contactId);
}

function plan(store: Map<string, GraphContact>, desired: DesiredContact[], mode: Mode): MailboxChanges {
  const current = [...store.values()].map((g) => currentContactFromGraph(g, POLICY)!);
  return planMailbox({ mailbox, policy: POLICY, desired: desiredMap(...desired), current, mode, selfUserId: mailbox.id });
}

describe("idempotency", () => {
  it.each<Mode>(["sync", "upsert-only"])("%s: a second plan after applying the first has no changes", (mode) => {
    const start = [aliceDrifted, aliceDuplicate, bobOwnedV1, bobForeign, carolUnmarked, ownerOwned];
    const store = new Map(start.map((c) => [c.id, toGraph(c)]));
    const desired = [aliceV2, carolV1, ownerV1, { ...bobV1, sourceUserId: "u-dave" }];
    const first = plan(store, desired, mode);
    expect(hasChanges(first)).toBe(true);
    apply(store, first);
    const second = plan(store, desired, mode);
    expect({ create: second.create, update: second.update, delete: second.delete }).toEqual({ create: [], update: [], delete: [] });
  });

  it("the foreign and unmarked contacts survive untouched", () => {
    const store = new Map([bobForeign, carolUnmarked].map((c) => [c.id, toGraph(c)]));
    const before = structuredClone([...store.entries()]);
    apply(store, plan(store, [], "sync"));
    expect([...store.entries()]).toEqual(before);
  });
});

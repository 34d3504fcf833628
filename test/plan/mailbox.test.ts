import { describe, expect, it } from "vitest";
import type { CurrentContact, DesiredContact } from "../../src/model/contact";
import { planMailbox } from "../../src/plan/mailbox";
import type { Mode } from "../../src/plan/types";
import {
  aliceDrifted,
  aliceDuplicate,
  aliceOwnedV1,
  aliceV1,
  aliceV2,
  bobForeign,
  bobOwnedV1,
  bobV1,
  carolUnmarked,
  carolV1,
  desiredMap,
  mailbox,
  owned,
  ownerOwned,
  ownerV1,
  POLICY,
} from "./fixtures";

interface Outcome {
  create: string[];
  update: string[];
  delete: string[];
}

/** Compact view: creates by source user, updates as contact:fields, deletes as contact:reason. */
function outcome(desired: DesiredContact[], current: CurrentContact[], mode: Mode, selfUserId?: string): Outcome {
  const c = planMailbox({ mailbox, policy: POLICY, desired: desiredMap(...desired), current, mode, ...(selfUserId ? { selfUserId } : {}) });
  return {
    create: c.create.map((d) => d.sourceUserId),
    update: c.update.map((u) => `${u.contactId}:${u.changed.join(",")}`),
    delete: c.delete.map((d) => `${d.contactId}:${d.reason}`),
  };
}

const none: Outcome = { create: [], update: [], delete: [] };

describe("planMailbox — planTable", () => {
  it.each<[string, DesiredContact[], CurrentContact[], Mode, Outcome, string?]>([
    ["new source user → create", [aliceV1], [], "sync", { ...none, create: ["u-alice"] }],
    ["owned and equal → nothing", [aliceV1], [aliceOwnedV1], "sync", none],
    ["desired changed → update the changed field", [aliceV2], [aliceOwnedV1], "sync", { ...none, update: ["c-alice:jobTitle"] }],
    ["drift edited on a phone → update back", [aliceV1], [aliceDrifted], "sync", { ...none, update: ["c-alice:jobTitle,mobilePhone"] }],
    ["source gone → delete", [], [aliceOwnedV1], "sync", { ...none, delete: ["c-alice:source-gone"] }],
    ["owner deleted our contact → create again", [aliceV1, bobV1], [bobOwnedV1], "sync", { ...none, create: ["u-alice"] }],
    ["duplicate, one equal → delete the other", [aliceV1], [aliceDuplicate, owned("c-alice-0", aliceV1, { displayName: "Old" })], "sync", { ...none, delete: ["c-alice-0:duplicate"] }],
    ["duplicate, none equal → update lowest id, delete the rest", [aliceV2], [aliceDuplicate, aliceOwnedV1], "sync", { ...none, update: ["c-alice:jobTitle"], delete: ["c-alice-2:duplicate"] }],
    ["duplicate of a gone user → both go", [], [aliceOwnedV1, aliceDuplicate], "sync", { ...none, delete: ["c-alice:source-gone", "c-alice-2:duplicate"] }],
    ["the same contact read twice is one contact, not a duplicate", [aliceV1], [aliceOwnedV1, aliceOwnedV1], "sync", none],
    ["the same drifted contact read twice: one update", [aliceV1], [aliceOwnedV1, aliceDrifted], "sync", { ...none, update: ["c-alice:jobTitle,mobilePhone"] }],
    ["foreign contact untouched, ours created beside it", [bobV1], [bobForeign], "sync", { ...none, create: ["u-bob"] }],
    ["foreign contact of a gone user untouched", [], [bobForeign], "sync", none],
    ["unmarked contact untouched, ours created beside it", [carolV1], [carolUnmarked], "sync", { ...none, create: ["u-carol"] }],
    ["unmarked contact of a gone user untouched", [], [carolUnmarked], "sync", none],
    ["self excluded: not created", [ownerV1, aliceV1], [], "sync", { ...none, create: ["u-alice"] }, "m-owner"],
    ["self excluded: existing owned self deleted", [ownerV1], [ownerOwned], "sync", { ...none, delete: ["c-owner:self"] }, "m-owner"],
    ["self allowed (no selfUserId): kept", [ownerV1], [ownerOwned], "sync", none],
    ["upsert-only: create and update, no delete", [aliceV2, carolV1], [aliceOwnedV1, bobOwnedV1], "upsert-only", { ...none, create: ["u-carol"], update: ["c-alice:jobTitle"] }],
    ["upsert-only: dedupe still runs", [], [aliceOwnedV1, aliceDuplicate], "upsert-only", { ...none, delete: ["c-alice-2:duplicate"] }],
    ["upsert-only: self not deleted", [ownerV1], [ownerOwned], "upsert-only", none, "m-owner"],
    ["create-only: creates only", [aliceV2, carolV1], [aliceOwnedV1, bobOwnedV1], "create-only", { ...none, create: ["u-carol"] }],
    ["create-only: dedupe still runs", [aliceV2], [aliceOwnedV1, aliceDuplicate], "create-only", { ...none, delete: ["c-alice-2:duplicate"] }],
  ])("%s", (_name, desired, current, mode, expected, selfUserId) => {
    expect(outcome(desired, current, mode, selfUserId)).toEqual(expected);
  });
});

describe("planMailbox — details", () => {
  it("an update carries old, new, changeKey and the new hash", () => {
    const c = planMailbox({ mailbox, policy: POLICY, desired: desiredMap(aliceV2), current: [aliceOwnedV1], mode: "sync" });
    expect(c.update).toEqual([
      { contactId: "c-alice", changeKey: "ck-c-alice", sourceUserId: "u-alice", old: aliceV1.fields, new: aliceV2.fields, changed: ["jobTitle"], hash: aliceV2.hash },
    ]);
  });

  it("a delete carries the fields and changeKey", () => {
    const c = planMailbox({ mailbox, policy: POLICY, desired: desiredMap(), current: [bobOwnedV1], mode: "sync" });
    expect(c.delete).toEqual([{ contactId: "c-bob", changeKey: "ck-c-bob", sourceUserId: "u-bob", fields: bobV1.fields, reason: "source-gone" }]);
  });

  it("counts owned, unchanged, foreign and unmarked", () => {
    const c = planMailbox({
      mailbox,
      policy: POLICY,
      desired: desiredMap(aliceV1, bobV1),
      current: [aliceOwnedV1, aliceDuplicate, bobForeign, carolUnmarked],
      mode: "sync",
    });
    expect({ owned: c.owned, unchanged: c.unchanged, foreign: c.foreign, unmarked: c.unmarked }).toEqual({ owned: 2, unchanged: 1, foreign: 1, unmarked: 1 });
  });

  it("an owned marker of this policy name but read for another policy is foreign (checked twice)", () => {
    const c = planMailbox({ mailbox, policy: "other", desired: desiredMap(), current: [aliceOwnedV1], mode: "sync" });
    expect(c.delete).toEqual([]);
    expect(c.foreign).toBe(1);
  });

  it("orders every list by source user id then contact id, whatever the input order", () => {
    const users = ["u-3", "u-1", "u-2"].map((id) => ({ sourceUserId: id, fields: { displayName: id }, hash: id }));
    const current = [owned("c-9", users[0]!, { displayName: "x" }), owned("c-1", users[0]!, { displayName: "y" })];
    const c = planMailbox({ mailbox, policy: POLICY, desired: desiredMap(...users), current, mode: "sync" });
    expect(c.create.map((d) => d.sourceUserId)).toEqual(["u-1", "u-2"]);
    expect(c.update.map((u) => u.contactId)).toEqual(["c-1"]);
    expect(c.delete.map((d) => d.contactId)).toEqual(["c-9"]);
  });

  it("shares desired contacts by reference (no copies per mailbox)", () => {
    const c = planMailbox({ mailbox, policy: POLICY, desired: desiredMap(aliceV1), current: [], mode: "sync" });
    expect(c.create[0]).toBe(aliceV1);
  });
});

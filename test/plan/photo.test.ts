/**
 * Photos in the planner (docs/architecture.md#photos): the photo is compared by hash like a field —
 * added, changed or removed on an owned contact — only for a policy that syncs photos.
 */
import { describe, expect, it } from "vitest";
import type { CurrentContact, DesiredContact } from "../../src/model/contact";
import { planMailbox } from "../../src/plan/mailbox";
import { photoChange } from "../../src/plan/photo";
import type { PhotoChange } from "../../src/plan/types";
import { aliceV1, aliceV2, desiredMap, mailbox, owned, POLICY } from "./fixtures";

describe("photoChange", () => {
  it.each<[string, string | null | undefined, string | null | undefined, PhotoChange | undefined]>([
    ["policy does not sync photos", "p1", undefined, undefined],
    ["same photo", "p1", "p1", undefined],
    ["neither has one", null, null, undefined],
    ["never seen with one, person has none", undefined, null, undefined],
    ["contact without, person with", null, "p1", "added"],
    ["never seen, person with", undefined, "p1", "added"],
    ["another photo", "p1", "p2", "changed"],
    ["person has none any more", "p1", null, "removed"],
  ])("%s", (_name, current, want, expected) => {
    expect(photoChange(current, want)).toBe(expected);
  });
});

const withPhoto = (d: DesiredContact, photo: string | null): DesiredContact => ({ ...d, photo });
const seen = (c: CurrentContact, photo: string | null): CurrentContact => ({ ...c, photo });

describe("planMailbox with photos", () => {
  const plan = (desired: DesiredContact[], current: CurrentContact[]) => {
    const c = planMailbox({ mailbox, policy: POLICY, desired: desiredMap(...desired), current, mode: "sync" });
    return { create: c.create.map((d) => `${d.sourceUserId}:${d.photo ?? "-"}`), update: c.update.map((u) => `${u.contactId}:${u.changed.join(",")}:${u.photo ?? ""}:${u.photoHash ?? ""}`), delete: c.delete.map((d) => d.contactId) };
  };

  it.each<[string, DesiredContact[], CurrentContact[], { create: string[]; update: string[]; delete: string[] }]>([
    ["a create carries the person's photo", [withPhoto(aliceV1, "p1")], [], { create: ["u-alice:p1"], update: [], delete: [] }],
    ["same photo, same fields: nothing", [withPhoto(aliceV1, "p1")], [seen(owned("c-alice", aliceV1), "p1")], { create: [], update: [], delete: [] }],
    ["photo alone added: an update with no field", [withPhoto(aliceV1, "p1")], [seen(owned("c-alice", aliceV1), null)], { create: [], update: ["c-alice::added:p1"], delete: [] }],
    ["photo changed with a field", [withPhoto(aliceV2, "p2")], [seen(owned("c-alice", aliceV1), "p1")], { create: [], update: ["c-alice:jobTitle:changed:p2"], delete: [] }],
    ["photo removed", [withPhoto(aliceV1, null)], [seen(owned("c-alice", aliceV1), "p1")], { create: [], update: ["c-alice::removed:"], delete: [] }],
    ["photo not synced: a contact's photo is never looked at", [aliceV1], [seen(owned("c-alice", aliceV1), "p1")], { create: [], update: [], delete: [] }],
    [
      "duplicates: the one with the right photo stays",
      [withPhoto(aliceV1, "p1")],
      [seen(owned("c-alice-1", aliceV1), null), seen(owned("c-alice-2", aliceV1), "p1")],
      { create: [], update: [], delete: ["c-alice-1"] },
    ],
  ])("%s", (_name, desired, current, expected) => {
    expect(plan(desired, current)).toEqual(expected);
  });

  it("an owned contact never seen by a photo read counts as holding the photo its marker records", () => {
    const marked: CurrentContact = { ...owned("c-alice", aliceV1), ownership: { kind: "owned", policy: POLICY, sourceUserId: "u-alice", hash: aliceV1.hash, photoHash: "p1" }, photo: "p1" };
    expect(plan([withPhoto(aliceV1, "p1")], [marked]).update).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import type { CurrentContact } from "../../src/model/contact";
import { planRemoval, type RemovalReason } from "../../src/plan/removal";
import { aliceDuplicate, aliceOwnedV1, bobForeign, bobOwnedV1, carolUnmarked, mailbox, POLICY } from "./fixtures";

/** Compact view of a removal: deletes as contact:reason, the counts, and whether the folder goes. */
function outcome(current: CurrentContact[], reason: RemovalReason, folderRemovable = true) {
  const c = planRemoval({ mailbox, policy: POLICY, current, reason, folderRemovable });
  return { delete: c.delete.map((d) => `${d.contactId}:${d.reason}`), owned: c.owned, foreign: c.foreign, unmarked: c.unmarked, removeFolder: c.removeFolder ?? false };
}

describe("planRemoval", () => {
  it.each<[string, CurrentContact[], RemovalReason, boolean, ReturnType<typeof outcome>]>([
    [
      "a mailbox holding every kind of contact: only the removed policy's go, the folder stays",
      [aliceOwnedV1, aliceDuplicate, bobOwnedV1, bobForeign, carolUnmarked],
      "policy-removed",
      true,
      { delete: ["c-alice:policy-removed", "c-alice-2:policy-removed", "c-bob:policy-removed"], owned: 3, foreign: 1, unmarked: 1, removeFolder: false },
    ],
    [
      "only the policy's contacts: all go, and the folder cync created",
      [aliceOwnedV1, bobOwnedV1],
      "mailbox-left-targets",
      true,
      { delete: ["c-alice:mailbox-left-targets", "c-bob:mailbox-left-targets"], owned: 2, foreign: 0, unmarked: 0, removeFolder: true },
    ],
    [
      "only the policy's contacts in a folder cync did not create: the folder stays",
      [aliceOwnedV1],
      "policy-removed",
      false,
      { delete: ["c-alice:policy-removed"], owned: 1, foreign: 0, unmarked: 0, removeFolder: false },
    ],
    ["another policy's contact only: nothing goes", [bobForeign], "policy-removed", true, { delete: [], owned: 0, foreign: 1, unmarked: 0, removeFolder: false }],
    ["a person's own contact only: nothing goes", [carolUnmarked], "mailbox-left-targets", true, { delete: [], owned: 0, foreign: 0, unmarked: 1, removeFolder: false }],
    ["an empty folder cync created: the folder goes", [], "policy-removed", true, { delete: [], owned: 0, foreign: 0, unmarked: 0, removeFolder: true }],
  ])("%s", (_name, current, reason, folderRemovable, expected) => {
    expect(outcome(current, reason, folderRemovable)).toEqual(expected);
  });

  it("keeps each deleted contact's fields, for the plan's reader", () => {
    const c = planRemoval({ mailbox, policy: POLICY, current: [bobOwnedV1], reason: "policy-removed", folderRemovable: false });
    expect(c.delete).toEqual([{ contactId: "c-bob", changeKey: "ck-c-bob", sourceUserId: "u-bob", fields: bobOwnedV1.fields, reason: "policy-removed" }]);
  });
});

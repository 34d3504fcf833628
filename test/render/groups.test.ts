import { describe, expect, it } from "vitest";
import type { CurrentContact } from "../../src/model/contact";
import { PolicyPlanBuilder } from "../../src/plan/aggregate";
import { planMailbox } from "../../src/plan/mailbox";
import type { PolicyPlan } from "../../src/plan/types";
import { groupChanges } from "../../src/render/groups";
import { groupHeading } from "../../src/render/markdown/sections";
import { desired, desiredMap, owned, POLICY } from "../plan/fixtures";

/** Users u1…u4 are also the target mailboxes (a policy to all employees). */
const users = ["u1", "u2", "u3", "u4"].map((id) => desired(id, { displayName: `User ${id}` }));
const want = desiredMap(...users);

function policyPlan(currentOf: (id: string) => CurrentContact[], selfExcluded: boolean): PolicyPlan {
  const b = new PolicyPlanBuilder({ policy: POLICY, folder: "CYNC", mode: "sync", sourceUsers: users.length });
  for (const u of users) {
    const mailbox = { id: u.sourceUserId, upn: `${u.sourceUserId}@contoso.com` };
    b.add(planMailbox({ mailbox, policy: POLICY, desired: want, current: currentOf(u.sourceUserId), mode: "sync", ...(selfExcluded ? { selfUserId: u.sourceUserId } : {}) }));
  }
  return b.finish();
}

const view = (p: PolicyPlan) =>
  groupChanges(p).map((g) => ({ heading: groupHeading(g), mailboxes: g.mailboxes.map((m) => m.id), rows: g.sample.create.map((c) => c.sourceUserId), size: g.size }));

describe("groupChanges", () => {
  it("identical sets group into one", () => {
    expect(view(policyPlan(() => [], false))).toEqual([
      { heading: "#### `all-employees` · the same 4 creates in 4 mailboxes", mailboxes: ["u1", "u2", "u3", "u4"], rows: ["u1", "u2", "u3", "u4"], size: 4 },
    ]);
  });

  it("self-exclusion: everyone but the owner still groups into one, marked", () => {
    expect(view(policyPlan(() => [], true))).toEqual([
      {
        heading: "#### `all-employees` · the same 3 creates in 4 mailboxes (each without its owner's own contact)",
        mailboxes: ["u1", "u2", "u3", "u4"],
        rows: ["u1", "u2", "u3", "u4"],
        size: 3,
      },
    ]);
  });

  it("a mailbox with different changes stands alone and shows only its own changes", () => {
    const current = (id: string) => (id === "u4" ? [owned("c-u1", users[0]!)] : []);
    expect(view(policyPlan(current, true))).toEqual([
      {
        heading: "#### `all-employees` · the same 3 creates in 3 mailboxes (each without its owner's own contact)",
        mailboxes: ["u1", "u2", "u3"],
        rows: ["u1", "u2", "u3", "u4"],
        size: 3,
      },
      { heading: "#### `all-employees` · u4@contoso.com: 2 creates", mailboxes: ["u4"], rows: ["u2", "u3"], size: 2 },
    ]);
  });

  it("updates with different before-values do not group", () => {
    const current = (id: string) => [owned(`c-${id}`, users[0]!, { displayName: `Old name seen by ${id}` })];
    expect(groupChanges(policyPlan(current, false)).length).toBe(4);
  });
});

import { describe, expect, it } from "vitest";
import { assemblePlan, isEmptyPlan, PolicyPlanBuilder } from "../../src/plan/aggregate";
import { planMailbox } from "../../src/plan/mailbox";
import { aliceOwnedV1, aliceV1, bobV1, desiredMap, POLICY } from "./fixtures";

const mb = (id: string) => ({ id, upn: `${id}@contoso.com` });

describe("PolicyPlanBuilder and assemblePlan", () => {
  it("keeps only changed mailboxes, sorted, counts the rest and sums the summary", () => {
    const desired = desiredMap(aliceV1, bobV1);
    const b = new PolicyPlanBuilder({ policy: POLICY, folder: "CYNC", mode: "sync", sourceUsers: 2 });
    b.add(planMailbox({ mailbox: mb("m-2"), policy: POLICY, desired, current: [], mode: "sync" }));
    b.add(planMailbox({ mailbox: mb("m-3"), policy: POLICY, desired: desiredMap(aliceV1), current: [aliceOwnedV1], mode: "sync" }));
    b.add(planMailbox({ mailbox: mb("m-1"), policy: POLICY, desired, current: [aliceOwnedV1], mode: "sync" }));
    b.skip(mb("m-9"), "no-exchange-mailbox");
    b.warn({ code: "truncated", message: "jobTitle truncated to 128 characters", sourceUserId: "u-bob" });
    const other = new PolicyPlanBuilder({ policy: "a-first", folder: "Sales", mode: "create-only", sourceUsers: 0 }).finish();
    const plan = assemblePlan([b.finish(), other], { policyDigests: { [POLICY]: "d1" }, directoryDigest: "d2" });

    expect(plan.policies.map((p) => p.policy)).toEqual(["a-first", POLICY]);
    const p = plan.policies[1]!;
    expect(p.mailboxes.map((m) => m.mailbox.id)).toEqual(["m-1", "m-2"]);
    expect({ unchanged: p.unchangedMailboxes, owned: p.ownedContacts, skipped: p.skipped.length, warnings: p.warnings.length }).toEqual({
      unchanged: 1,
      owned: 2,
      skipped: 1,
      warnings: 1,
    });
    expect(plan.summary).toEqual({ create: 3, update: 0, delete: 0, mailboxes: 2 });
    expect(plan.meta).toEqual({ policyDigests: { [POLICY]: "d1" }, directoryDigest: "d2" });
    expect(isEmptyPlan(plan)).toBe(false);
    expect(isEmptyPlan(assemblePlan([other], { policyDigests: {} }))).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { assemblePlan, PolicyPlanBuilder } from "../../src/plan/aggregate";
import { checkDeleteGuard, type DeleteLimits } from "../../src/plan/guard";
import type { DeleteReason, Plan } from "../../src/plan/types";
import { mailbox, POLICY } from "./fixtures";

/** A one-policy plan deleting `deletes` contacts out of `owned`, with `sourceUsers` users in the source, each deletion for `reason`. */
function planWith(deletes: number, owned: number, sourceUsers = 100, reason: DeleteReason = "source-gone"): Plan {
  const b = new PolicyPlanBuilder({ policy: POLICY, folder: "CYNC", mode: "sync", sourceUsers });
  b.add({
    mailbox,
    create: [],
    update: [],
    delete: Array.from({ length: deletes }, (_, i) => ({ contactId: `c-${i}`, sourceUserId: `u-${i}`, fields: {}, reason })),
    unchanged: owned - deletes,
    owned,
    foreign: 0,
    unmarked: 0,
  });
  return assemblePlan([b.finish()], { policyDigests: {} });
}

const limits = (maxDeletes: number, maxDeletePercent: number): Map<string, DeleteLimits> => new Map([[POLICY, { maxDeletes, maxDeletePercent }]]);

describe("checkDeleteGuard", () => {
  it.each<[string, Plan, Map<string, DeleteLimits>, string[]]>([
    ["no deletes", planWith(0, 1000), limits(0, 0), []],
    ["at the absolute limit", planWith(50, 100), limits(50, 10), []],
    ["over the absolute limit, percentage smaller", planWith(51, 100), limits(50, 10), ["too-many-deletes:50"]],
    ["over the absolute limit but under the percentage", planWith(80, 1000), limits(50, 10), []],
    ["over both", planWith(101, 1000), limits(50, 10), ["too-many-deletes:100"]],
    ["empty source while owned contacts exist", planWith(5, 5, 0), limits(50, 10), ["empty-source"]],
    ["policy without limits fails closed", planWith(1, 100), new Map(), ["too-many-deletes:0"]],
    ["a removed policy (no source users by design) within its limits", planWith(5, 5, 0, "policy-removed"), limits(50, 10), []],
    ["a removed policy over its limits", planWith(60, 60, 0, "policy-removed"), limits(50, 10), ["too-many-deletes:50"]],
    ["an emptied target group: every mailbox left, every contact deleted", planWith(5000, 5000, 100, "mailbox-left-targets"), limits(50, 10), ["too-many-deletes:500"]],
    ["one mailbox left among many", planWith(40, 5000, 100, "mailbox-left-targets"), limits(50, 10), []],
  ])("%s", (_name, plan, l, expected) => {
    expect(checkDeleteGuard(plan, l).map((v) => (v.kind === "too-many-deletes" ? `${v.kind}:${v.limit}` : v.kind))).toEqual(expected);
  });

  it("uses owned counts given by the caller over the plan's", () => {
    const v = checkDeleteGuard(planWith(60, 100), limits(50, 10), new Map([[POLICY, 1000]]));
    expect(v).toEqual([]);
  });

  it("explains the violation without personal data", () => {
    expect(checkDeleteGuard(planWith(51, 100), limits(50, 10))[0]?.message).toBe(
      "policy all-employees: 51 deletes exceed the limit of 50 (max of 50 and 10% of 100 owned contacts)",
    );
  });
});

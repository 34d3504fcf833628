import { describe, expect, it } from "vitest";
import { parseSavedPlan, SavedPlanError, staleReasons } from "../../src/apply/saved-plan";
import { assemblePlan } from "../../src/plan/aggregate";
import type { PlanMeta } from "../../src/plan/types";

const made: PlanMeta = { policyDigests: { staff: "d-staff", sales: "d-sales" }, directoryDigest: "dir-1" };

describe("staleReasons", () => {
  it.each([
    ["nothing changed", made, []],
    ["another policy appeared (the plan was narrowed with --policy)", { ...made, policyDigests: { ...made.policyDigests, new: "d" } }, []],
    ["the directory changed", { ...made, directoryDigest: "dir-2" }, ["the directory changed since the plan was made"]],
    ["a policy changed", { ...made, policyDigests: { ...made.policyDigests, staff: "d-staff-2" } }, ["policy staff changed"]],
    ["a policy was removed", { ...made, policyDigests: { staff: "d-staff" } }, ["policy sales is no longer loaded"]],
    [
      "everything changed",
      { policyDigests: {}, directoryDigest: "dir-2" },
      ["the directory changed since the plan was made", "policy sales is no longer loaded", "policy staff is no longer loaded"],
    ],
  ])("%s", (_name, fresh, reasons) => {
    expect(staleReasons(made, fresh)).toEqual(reasons);
  });

  it("treats a plan without a directory digest as stale", () => {
    expect(staleReasons({ policyDigests: {} }, { policyDigests: {}, directoryDigest: "dir-1" })).toEqual([
      "the directory changed since the plan was made",
    ]);
  });
});

describe("parseSavedPlan", () => {
  it("reads back a plan saved as JSON", () => {
    const plan = assemblePlan([], made);
    expect(parseSavedPlan(JSON.stringify(plan), "plan.json")).toEqual(plan);
  });

  it.each([
    ["not JSON", "{", /is not JSON/],
    ["another format version", JSON.stringify({ formatVersion: 2 }), /not a cync plan of format version 1/],
    ["a plan text rendering", JSON.stringify("Plan: 3 to create"), /not a cync plan/],
    ["no meta", JSON.stringify({ formatVersion: 1, policies: [] }), /not a complete cync plan/],
    ["policies without mailboxes", JSON.stringify({ formatVersion: 1, meta: { policyDigests: {} }, policies: [{}] }), /not a complete cync plan/],
  ])("refuses %s", (_name, text, message) => {
    expect(() => parseSavedPlan(text, "plan.json")).toThrow(SavedPlanError);
    expect(() => parseSavedPlan(text, "plan.json")).toThrow(message);
  });
});

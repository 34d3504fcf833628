import { describe, expect, it } from "vitest";
import { parseSavedPlan, SavedPlanError, shardReasons, staleReasons } from "../../src/apply/saved-plan";
import { assemblePlan } from "../../src/plan/aggregate";
import type { ContactSyncPlan } from "../../src/generated/plan";
import type { PlanMeta } from "../../src/plan/types";
import { renderJson } from "../../src/render";
import { smallPlan } from "../render/fixtures";

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

describe("shardReasons", () => {
  it.each([
    { name: "both unsharded", saved: undefined, fresh: undefined, reasons: [] },
    { name: "the same shard", saved: { index: 2, count: 4 }, fresh: { index: 2, count: 4 }, reasons: [] },
    { name: "another shard", saved: { index: 1, count: 4 }, fresh: { index: 2, count: 4 }, reasons: ["the plan covers shard 1/4, this run shard 2/4"] },
    { name: "another split", saved: { index: 2, count: 4 }, fresh: { index: 2, count: 3 }, reasons: ["the plan covers shard 2/4, this run shard 2/3"] },
    { name: "a shard's plan applied unsharded", saved: { index: 1, count: 2 }, fresh: undefined, reasons: ["the plan covers shard 1/2, this run all mailboxes"] },
    { name: "an unsharded plan applied to a shard", saved: undefined, fresh: { index: 1, count: 2 }, reasons: ["the plan covers all mailboxes, this run shard 1/2"] },
  ])("$name: $reasons", ({ saved, fresh, reasons }) => {
    expect(shardReasons(saved, fresh)).toEqual(reasons);
  });
});

it("reads back a sharded plan's shard", () => {
  const plan = { ...assemblePlan([], made), shard: { index: 2, count: 4 } };
  expect(parseSavedPlan(renderJson(plan), "plan.json").shard).toEqual({ index: 2, count: 4 });
});

/** A valid saved plan (the golden small plan) as a JSON value, changed by `edit`. */
function savedPlan(edit: (plan: ContactSyncPlan) => void = () => {}): string {
  const plan = JSON.parse(renderJson(smallPlan())) as ContactSyncPlan;
  edit(plan);
  return JSON.stringify(plan, null, 2);
}
const firstPolicy = (p: ContactSyncPlan) => p.policies[0]!;

describe("parseSavedPlan", () => {
  it("reads back a plan saved as JSON", () => {
    const plan = assemblePlan([], made);
    expect(parseSavedPlan(JSON.stringify(plan), "plan.json")).toEqual(plan);
    expect(parseSavedPlan(savedPlan(), "plan.json")).toEqual(smallPlan());
  });

  it.each([
    ["not JSON (cut short)", '{"a": ', /^plan\.json is not JSON: Unexpected end of JSON input \(line 1, column 7\); make it again with `cync plan --format json --out plan\.json`$/],
    ["not JSON (a trailing comma)", '{\n  "a": 1,\n}', /^plan\.json is not JSON: .* \(line 3, column 1\)/],
    ["a plan text rendering", JSON.stringify("Plan: 3 to create"), /^plan\.json is not a cync plan \(no `apiVersion` and `kind: ContactSyncPlan`\)/],
    ["a policy as JSON", JSON.stringify({ apiVersion: "cync/v1", kind: "ContactSyncPolicy" }), /^plan\.json is not a cync plan \(`kind` is "ContactSyncPolicy", a plan's is ContactSyncPlan\)/],
    ["a plan of an older cync", JSON.stringify({ formatVersion: 1, meta: { policyDigests: {} }, policies: [] }), /^plan\.json is a plan of an older cync \(format version 1, before `apiVersion: cync\/v1`\); make it again/],
    [
      "a plan of a newer format",
      savedPlan((p) => Object.assign(p, { apiVersion: "cync/v2" })),
      /^plan\.json is a plan of format "cync\/v2"; this cync reads cync\/v1: make it again with `cync plan --format json --out plan\.json` with this cync, or apply it with the cync that made it$/,
    ],
    [
      "an unknown mode",
      savedPlan((p) => Object.assign(firstPolicy(p), { mode: "mirror" })),
      /^plan\.json is not a valid cync\/v1 plan \(schema\/plan\.schema\.json\): \/policies\/0\/mode: must be equal to one of the allowed values \(sync, upsert-only, create-only\); make it again/,
    ],
    [
      "a mailbox without its lists, an unknown key",
      savedPlan((p) => {
        const mailbox = firstPolicy(p).mailboxes[0]!;
        Reflect.deleteProperty(mailbox, "create");
        Object.assign(mailbox, { creates: [] });
      }),
      /: \/policies\/0\/mailboxes\/0: must have required property 'create'; \/policies\/0\/mailboxes\/0: must NOT have additional properties \(creates\);/,
    ],
    [
      "many problems: the first three, the rest counted",
      savedPlan((p) => {
        for (const key of ["create", "update", "delete", "unchanged", "owned"]) Reflect.deleteProperty(firstPolicy(p).mailboxes[0]!, key);
      }),
      /must have required property 'delete'; and 2 more; make it again/,
    ],
    ["an unknown reason code", savedPlan((p) => Object.assign(firstPolicy(p).skipped[0]!, { code: "gone-fishing" })), /\/policies\/0\/skipped\/0\/code: must be equal to one of the allowed values \(no-exchange-mailbox, /],
    [
      "a create naming a contact the plan does not carry",
      savedPlan((p) => (firstPolicy(p).contacts = {})),
      /^plan\.json: policy all-employees: a mailbox creates contact u-\w+, which the plan does not carry$/,
    ],
  ])("refuses %s", (_name, text, message) => {
    expect(() => parseSavedPlan(text, "plan.json")).toThrow(SavedPlanError);
    expect(() => parseSavedPlan(text, "plan.json")).toThrow(message);
  });
});

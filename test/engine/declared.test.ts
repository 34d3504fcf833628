import { describe, expect, it } from "vitest";
import { recordedRemovals, removedPolicies, type DeclaredPolicy } from "../../src/engine/declared";
import type { TargetSet } from "../../src/engine/steps";
import type { TenantRecord } from "../../src/record/record";

const safety = { maxDeletes: 5, maxDeletePercent: 1, deletion: "permanent" } as const;
/** `sales` wrote to m1 (folder created there), m2 and m3 (folders it found). */
const record: TenantRecord = {
  sales: { folder: { name: "Sales" }, safety, mailboxes: { m1: { folderCreated: true }, m2: { folderCreated: false }, m3: { folderCreated: false } } },
};
const sales: DeclaredPolicy = { name: "sales", folder: { name: "Sales" }, mode: "sync" };
/** Targets: m1 still; m2 and m3 not selected at all. */
const targets: TargetSet = { mailboxes: [{ id: "m1", upn: "m1@x" }], skipped: [], nonTargets: [] };

/** Compact view: policy:reason:ids:folder?. */
const view = (r: ReturnType<typeof recordedRemovals>): string[] => r.map((x) => `${x.policy}:${x.reason}:${x.mailboxIds.join(",")}:${x.removeFolderIfCreated ? "folder" : "-"}`);

describe("recordedRemovals", () => {
  it.each<[string, DeclaredPolicy[], Map<string, TargetSet>, string | undefined, string[]]>([
    ["a declared policy: only the mailboxes that left", [sales], new Map([["sales", targets]]), undefined, ["sales:mailbox-left-targets:m2,m3:-"]],
    ["a removed policy: every mailbox, the created folder apart", [], new Map(), undefined, ["sales:policy-removed:m1:folder", "sales:policy-removed:m2,m3:-"]],
    [
      "a rename keeping the folder: no folder removed under the new name's writes",
      [{ name: "sales-team", folder: { name: "Sales" }, mode: "sync" }],
      new Map(),
      undefined,
      ["sales:policy-removed:m1:-", "sales:policy-removed:m2,m3:-"],
    ],
    ["a declared policy not planned in this run (--policy names another)", [sales], new Map(), undefined, []],
    ["--policy naming another policy leaves a removed one alone", [], new Map(), "staff", []],
    ["--policy naming the removed policy plans its removal", [], new Map(), "sales", ["sales:policy-removed:m1:folder", "sales:policy-removed:m2,m3:-"]],
    ["an upsert-only policy never deletes", [{ ...sales, mode: "upsert-only" }], new Map([["sales", targets]]), undefined, []],
    ["a policy whose folder changed leaves the old folder alone", [{ ...sales, folder: { name: "Sales 2" } }], new Map([["sales", targets]]), undefined, []],
  ])("%s", (_name, declared, planned, scope, expected) => {
    expect(view(recordedRemovals(record, declared, planned, scope))).toEqual(expected);
  });

  it("gives a removed policy the folder and limits it last applied with", () => {
    expect(removedPolicies(record, [])).toEqual([{ name: "sales", folder: { name: "Sales" }, safety }]);
    expect(removedPolicies(record, [sales])).toEqual([]);
  });
});

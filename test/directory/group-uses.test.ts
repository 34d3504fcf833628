import { describe, expect, it } from "vitest";
import { groupUses } from "../../src/directory";
import { resolvePolicy, type PolicySpec } from "../../src/policy";

const policy = (name: string, spec: PolicySpec) => resolvePolicy({ apiVersion: "cync/v1", kind: "ContactSyncPolicy", metadata: { name }, spec });

describe("groups the policies name", () => {
  it("collects memberOf conditions, exclusion groups and the opt-out group, per policy", () => {
    const sales = policy("sales", {
      source: {
        where: { all: [{ memberOf: { displayName: "Sales" } }, { not: { memberOf: { id: "g-interns" } } }] },
        exclude: { groups: [{ id: "g-hidden" }] },
      },
      targets: { where: { any: [{ memberOf: { id: "g-managers" } }] }, exclude: { groups: [{ displayName: "Board" }] }, optOutGroup: { displayName: "cync opt-out" } },
    });
    const plain = policy("plain", {});
    expect(groupUses([sales, plain])).toEqual([
      { policy: "sales", ref: { displayName: "Sales" } },
      { policy: "sales", ref: { id: "g-interns" } },
      { policy: "sales", ref: { id: "g-hidden" } },
      { policy: "sales", ref: { id: "g-managers" } },
      { policy: "sales", ref: { displayName: "Board" } },
      { policy: "sales", ref: { displayName: "cync opt-out" } },
    ]);
  });
});

/** A sharded run says which shard it covered in every heading a person reads: plan text, plan markdown, apply summary. */
import { describe, expect, it } from "vitest";
import type { Shard } from "../../src/engine/partition";
import { assemblePlan } from "../../src/plan/aggregate";
import { renderPlan } from "../../src/render";
import { applyErrorMarkdown, renderApplyMarkdown } from "../../src/render/markdown/apply-report";
import { applyReport } from "../helpers/apply-report";
import { smallPlan } from "./fixtures";

const SHARD: Shard = { index: 2, count: 4 };
const sharded = <T extends object>(value: T, shard: Shard | undefined): T => (shard === undefined ? value : { ...value, shard });
const empty = assemblePlan([], { policyDigests: {} });

describe("headings of a sharded run", () => {
  it.each([
    { name: "plan text with changes", render: (s?: Shard) => renderPlan(sharded(smallPlan(), s), "text").split("\n")[0]!, whole: /^cync plan: /, shard: /^cync plan \(shard 2\/4\): / },
    { name: "plan text without changes", render: (s?: Shard) => renderPlan(sharded(empty, s), "text").split("\n")[0]!, whole: /^cync plan: no changes/, shard: /^cync plan \(shard 2\/4\): no changes/ },
    { name: "plan markdown", render: (s?: Shard) => renderPlan(sharded(smallPlan(), s), "markdown"), whole: /^## cync plan$/m, shard: /^## cync plan \(shard 2\/4\)$/m },
    {
      name: "apply summary",
      render: (s?: Shard) => renderApplyMarkdown({ kind: "applied", report: applyReport({}), ...(s === undefined ? {} : { plan: { shard: s } }) }),
      whole: /^## cync apply$/m,
      shard: /^## cync apply \(shard 2\/4\)$/m,
    },
    {
      name: "refused apply summary",
      render: (s?: Shard) => renderApplyMarkdown({ kind: "refused", plan: sharded({ summary: empty.summary }, s), violations: [] }),
      whole: /^## cync apply$/m,
      shard: /^## cync apply \(shard 2\/4\)$/m,
    },
    { name: "failed apply summary", render: (s?: Shard) => applyErrorMarkdown("boom", s), whole: /^## cync apply$/m, shard: /^## cync apply \(shard 2\/4\)$/m },
  ])("$name", ({ render, whole, shard }) => {
    expect(render(undefined)).toMatch(whole);
    expect(render(undefined)).not.toContain("shard");
    expect(render(SHARD)).toMatch(shard);
  });

  it("plan JSON carries the shard, and leaves it out unsharded", () => {
    expect(JSON.parse(renderPlan(sharded(empty, SHARD), "json"))).toMatchObject({ shard: { index: 2, count: 4 } });
    expect(JSON.parse(renderPlan(empty, "json"))).not.toHaveProperty("shard");
  });
});

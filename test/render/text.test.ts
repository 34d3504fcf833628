import { describe, expect, it } from "vitest";
import { assemblePlan, PolicyPlanBuilder } from "../../src/plan/aggregate";
import { renderJson, renderPlan, renderText } from "../../src/render";
import { POLICY } from "../plan/fixtures";
import { smallPlan } from "./fixtures";

describe("text renderer", () => {
  it("golden", async () => {
    await expect(renderText(smallPlan())).toMatchFileSnapshot("golden/small-plan.txt");
  });

  it("no changes", () => {
    const empty = assemblePlan([new PolicyPlanBuilder({ policy: POLICY, folder: "CYNC", mode: "sync", sourceUsers: 1 }).finish()], { policyDigests: {} });
    expect(renderText(empty).split("\n")[0]).toBe("cync plan: no changes. Every targeted mailbox is up to date.");
  });

  it("redacts mailbox addresses", () => {
    expect(renderText(smallPlan(), { redact: true })).not.toMatch(/user\d@/);
  });
});

describe("json renderer", () => {
  it("is byte-identical for equal plans", () => {
    expect(renderJson(smallPlan())).toBe(renderJson(smallPlan()));
  });

  it("carries the summary and meta as the public interface", () => {
    const parsed = JSON.parse(renderJson(smallPlan())) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(["formatVersion", "meta", "summary", "policies"]);
    expect(Object.keys((parsed["policies"] as Record<string, unknown>[])[0]!)).toEqual([
      "policy",
      "folder",
      "mode",
      "sourceUsers",
      "ownedContacts",
      "contacts",
      "mailboxes",
      "unchangedMailboxes",
      "skipped",
      "warnings",
    ]);
    expect(parsed["summary"]).toEqual({ create: 3, update: 3, delete: 2, mailboxes: 3 });
    expect(parsed["meta"]).toEqual({ policyDigests: { [POLICY]: "sha256:abc" }, directoryDigest: "sha256:def" });
  });
});

describe("renderPlan", () => {
  it.each(["text", "markdown", "json"] as const)("dispatches %s", (format) => {
    expect(renderPlan(smallPlan(), format).length).toBeGreaterThan(100);
  });
});

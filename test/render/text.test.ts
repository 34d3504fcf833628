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

  it("groups skipped mailboxes and mapping warnings by reason, with a count and the first names", () => {
    const b = new PolicyPlanBuilder({ policy: POLICY, folder: "CYNC", mode: "sync", sourceUsers: 9 });
    for (let n = 1; n <= 7; n++) b.skip({ id: `m-${n}`, upn: `user${n}@contoso.com` }, "no Exchange Online license");
    b.skip({ id: "m-8", upn: "user8@contoso.com" }, "no Exchange Online mailbox");
    for (const u of ["u-1", "u-2"]) b.warn({ code: "phone", message: "mobilePhone: not an international number; written as it is", sourceUserId: u });
    const text = renderText(assemblePlan([b.finish()], { policyDigests: {} }));
    expect(text.split("\n").filter((l) => /^ {2}(skipped|warning)/.test(l))).toEqual([
      "  skipped 7 mailboxes (no Exchange Online license): user1@contoso.com, user2@contoso.com, user3@contoso.com, user4@contoso.com, user5@contoso.com, … and 2 more",
      "  skipped 1 mailbox (no Exchange Online mailbox): user8@contoso.com",
      "  warning (2 users: u-1, u-2): mobilePhone: not an international number; written as it is",
    ]);
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

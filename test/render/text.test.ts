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

  it("counts non-targets per reason on one line, groups skipped mailboxes and warnings by reason with the first names", () => {
    const b = new PolicyPlanBuilder({ policy: POLICY, folder: "CYNC", mode: "sync", sourceUsers: 9 });
    for (let n = 1; n <= 425; n++) b.notTargeted("no-exchange-license");
    for (let n = 1; n <= 3; n++) b.notTargeted("account-disabled");
    for (let n = 1; n <= 7; n++) b.skip({ id: `m-${n}`, upn: `user${n}@contoso.com` }, "no-exchange-mailbox");
    b.skip({ id: "m-8", upn: "user8@contoso.com" }, "not-in-scope");
    const phone = { code: "phone-not-international", message: "mobilePhone: 1 number(s) could not be read as international phone numbers; written as they are" } as const;
    b.warn({ ...phone, sourceUserId: "u-1", displayName: "Ana Silva", userPrincipalName: "ana@contoso.com" });
    b.warn({ ...phone, sourceUserId: "u-2" });
    b.warn({ code: "duplicate-folder", message: "2 contact folders share the policy's folder name", mailboxId: "m-1", userPrincipalName: "user1@contoso.com" });
    const lines = renderText(assemblePlan([b.finish()], { policyDigests: {} })).split("\n");
    expect(lines.find((l) => l.startsWith("Policy "))).toBe("Policy all-employees → folder CYNC (sync): 0 changed, 0 unchanged, 8 skipped, 428 not targeted");
    expect(lines.filter((l) => l.startsWith("  "))).toEqual([
      "  not targeted: 425 no Exchange Online license, 3 account disabled",
      "  skipped 7 mailboxes (no Exchange Online mailbox): user1@contoso.com, user2@contoso.com, user3@contoso.com, user4@contoso.com, user5@contoso.com, … and 2 more",
      "  skipped 1 mailbox (not in cync's mailbox scope (application access policy or RBAC for Applications)): user8@contoso.com",
      "  2 warnings, phone numbers not readable as international numbers, written as they are: Ana Silva (ana@contoso.com), u-2",
      "  1 warning, several contact folders share the policy's folder name; cync uses one: user1@contoso.com",
    ]);
  });

  it.each([
    ["a detail, when the engine knows it", { reason: "source-gone", detail: "source-user-left" }, "    - Dave (left the directory)"],
    ["the reason otherwise", { reason: "duplicate" }, "    - Dave (duplicate of another cync contact)"],
    ["a mailbox that left the targets", { reason: "mailbox-left-targets" }, "    - Dave (mailbox no longer among the policy's targets)"],
    ["a removed policy", { reason: "policy-removed" }, "    - Dave (policy removed (deleted or renamed))"],
  ] as const)("says why a contact is deleted: %s", (_name, why, line) => {
    const b = new PolicyPlanBuilder({ policy: POLICY, folder: "CYNC", mode: "sync", sourceUsers: 1 });
    b.add({ mailbox: { id: "m-1", upn: "m1@contoso.com" }, create: [], update: [], delete: [{ contactId: "c-1", sourceUserId: "u-dave", fields: { displayName: "Dave" }, ...why }], unchanged: 0, owned: 1, foreign: 0, unmarked: 0 });
    expect(renderText(assemblePlan([b.finish()], { policyDigests: {} })).split("\n")).toContain(line);
  });

  it("shows a removal's folder removal, in text, markdown and JSON", () => {
    const b = new PolicyPlanBuilder({ policy: "old-sales", folder: "Sales", mode: "sync", sourceUsers: 0 });
    const del = { contactId: "c-1", sourceUserId: "u-dave", fields: { displayName: "Dave" }, reason: "policy-removed" } as const;
    b.add({ mailbox: { id: "m-1", upn: "m1@contoso.com" }, create: [], update: [], delete: [del], unchanged: 0, owned: 1, foreign: 0, unmarked: 0, removeFolder: true });
    const plan = assemblePlan([b.finish()], { policyDigests: {} });
    expect(renderText(plan).split("\n")).toContain("    - folder Sales, if then empty (cync created it; removed only when nothing is left in it)");
    const md = renderPlan(plan, "markdown");
    expect(md).toContain("#### `old-sales` · m1@contoso.com: 1 delete, folder removal");
    expect(md).toContain("| 🗑️ remove folder | Sales | cync created it; removed only when nothing is left in it |");
    expect(md).toContain("| 🗑️ delete | Dave | policy removed (deleted or renamed) |");
    expect(JSON.parse(renderJson(plan))).toMatchObject({ policies: [{ mailboxes: [{ removeFolder: true, delete: [{ reason: "policy-removed" }] }] }] });
  });

  it("names people in warnings by display name with a masked UPN under --redact", () => {
    const b = new PolicyPlanBuilder({ policy: POLICY, folder: "CYNC", mode: "sync", sourceUsers: 1 });
    b.warn({ code: "truncated", message: "jobTitle: longer than 128 characters; truncated", sourceUserId: "u-1", displayName: "Ana Silva", userPrincipalName: "ana@contoso.com" });
    const text = renderText(assemblePlan([b.finish()], { policyDigests: {} }), { redact: true });
    expect(text).toContain("1 warning, values longer than Exchange accepts, truncated: Ana Silva (***@contoso.com)");
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
    expect(Object.keys(parsed)).toEqual(["apiVersion", "kind", "formatVersion", "meta", "summary", "policies"]);
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
      "nonTargets",
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

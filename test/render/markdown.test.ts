import { describe, expect, it } from "vitest";
import type { ContactFields, DesiredContact } from "../../src/model/contact";
import { assemblePlan, PolicyPlanBuilder } from "../../src/plan/aggregate";
import type { GuardViolation } from "../../src/plan/guard";
import type { ContactUpdate, MailboxChanges, Plan } from "../../src/plan/types";
import { COMMENT_LIMIT, renderMarkdown } from "../../src/render";
import { DEFAULT_ESTIMATE, estimate } from "../../src/render/estimate";
import { groupChanges } from "../../src/render/groups";
import { deletedContacts, deletionHeadline, deletionTable, groupSection, nonTargetSection, titleSection, violationsSection, warningSection } from "../../src/render/markdown/sections";
import { POLICY } from "../plan/fixtures";
import { smallPlan } from "./fixtures";

const violation: GuardViolation = {
  kind: "too-many-deletes",
  policy: POLICY,
  deletes: 120,
  owned: 400,
  limit: 50,
  message: "policy all-employees: 120 deletes exceed the limit of 50 (max of 50 and 10% of 400 owned contacts)",
};

const emptyPlan = assemblePlan([new PolicyPlanBuilder({ policy: POLICY, folder: "CYNC", mode: "sync", sourceUsers: 3 }).finish()], { policyDigests: {} });

/** Each `<details>` closed, fences balanced — nothing was cut inside a block. */
function assertWellFormed(md: string): void {
  expect(md.match(/<details/g)?.length ?? 0).toBe(md.match(/<\/details>/g)?.length ?? 0);
  expect((md.match(/^```/gm)?.length ?? 0) % 2).toBe(0);
}

describe("markdown sections (golden)", () => {
  const plan = smallPlan();
  it.each<[string, () => string]>([
    ["title", () => titleSection(plan, estimate(plan), DEFAULT_ESTIMATE)],
    ["title-no-changes", () => titleSection(emptyPlan, estimate(emptyPlan), DEFAULT_ESTIMATE)],
    ["violations", () => violationsSection([violation])],
    ["deletion-headline", () => deletionHeadline(plan)],
    ["deletion-table", () => deletionTable(deletedContacts(plan).slice(0, 1), 2)],
    ["group-shared", () => groupSection(groupChanges(plan.policies[0]!)[0]!, 50, false).text],
    ["group-single-capped", () => groupSection(groupChanges(plan.policies[0]!)[1]!, 2, false).text],
    ["warnings", () => warningSection(plan, 2)],
    ["non-targets", () => nonTargetSection(plan)],
  ])("%s", async (name, section) => {
    await expect(section()).toMatchFileSnapshot(`golden/section-${name}.md`);
  });

  it("whole comment", async () => {
    await expect(renderMarkdown(smallPlan(), { violations: [violation] })).toMatchFileSnapshot("golden/small-plan.md");
  });

  it("whole comment, redacted", async () => {
    await expect(renderMarkdown(smallPlan(), { redact: true })).toMatchFileSnapshot("golden/small-plan-redacted.md");
  });

  it("no changes", async () => {
    await expect(renderMarkdown(emptyPlan)).toMatchFileSnapshot("golden/no-changes.md");
  });
});

describe("markdown structure", () => {
  const md = renderMarkdown(smallPlan(), { violations: [violation] });

  it("puts the summary first, then refusals and deletions before any change detail", () => {
    const order = ["## cync plan", "refused by the safety limits", "will be deleted", "Contacts to delete", "#### "].map((s) => md.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("ends with the hidden sticky marker naming the policies", () => {
    const last = md.trimEnd().split("\n").at(-1)!;
    expect(last).toBe('<!-- cync-plan: {"policies":["all-employees"]} -->');
  });

  it("shows identical change sets once with their count", () => {
    expect(md).toContain("the same 1 create, 1 update in 2 mailboxes");
  });

  it("escapes directory values so they cannot open HTML or break a table", () => {
    expect(md).toContain("Dave &lt;Dan&gt; &#124; D\\*");
    assertWellFormed(md);
  });
});

describe("redaction", () => {
  const phoneUpdate: ContactUpdate = {
    contactId: "c-1",
    sourceUserId: "u-1",
    old: { displayName: "Eve", mobilePhone: "+14255550100", emailAddresses: [{ address: "eve@contoso.com" }], businessAddress: { city: "Redmond" } },
    new: { displayName: "Eve", mobilePhone: "+14255550111", emailAddresses: [{ address: "eve.x@contoso.com" }], businessAddress: { city: "Oslo" } },
    changed: ["mobilePhone", "emailAddresses", "businessAddress"],
    hash: "h",
  };
  const plan = planOf([{ mailbox: { id: "m-1", upn: "owner.name@contoso.com" }, create: [], update: [phoneUpdate], delete: [], unchanged: 0, owned: 1, foreign: 0, unmarked: 0 }]);

  it.each([
    ["phones", /\+1425555/],
    ["e-mail local parts", /eve(\.x)?@|owner\.name@/],
    ["addresses", /Redmond|Oslo/],
  ])("masks %s", (_name, pattern) => {
    expect(renderMarkdown(plan)).toMatch(pattern);
    expect(renderMarkdown(plan, { redact: true })).not.toMatch(pattern);
  });

  it("keeps names and the domain", () => {
    const md = renderMarkdown(plan, { redact: true });
    expect(md).toContain("Eve");
    expect(md).toContain("***@contoso.com");
  });
});

function planOf(mailboxes: MailboxChanges[], warnings = 0): Plan {
  const b = new PolicyPlanBuilder({ policy: POLICY, folder: "CYNC", mode: "sync", sourceUsers: 1_000 });
  for (const m of mailboxes) b.add(m);
  for (let i = 0; i < warnings; i++) b.warn({ code: "truncated", message: `jobTitle: longer than 255 characters; truncated`, sourceUserId: `u-${i}` });
  return assemblePlan([b.finish()], { policyDigests: {} });
}

/** 5,000 mailboxes × 200 changes in ~100 different sets, with deletions and warnings. */
function largePlan(): Plan {
  const pool: DesiredContact[] = Array.from({ length: 400 }, (_, i) => {
    const fields: ContactFields = { givenName: `Given${i}`, surname: `Surname${i}`, displayName: `Given${i} Surname${i}`, jobTitle: `Job ${i % 17}`, department: `Dept ${i % 9}` };
    return { sourceUserId: `u-${String(i).padStart(4, "0")}`, fields, hash: `h${i}` };
  });
  const mailboxes: MailboxChanges[] = [];
  for (let m = 0; m < 5_000; m++) {
    const set = m % 100;
    const creates = pool.slice(set, set + 190);
    const updates: ContactUpdate[] = pool.slice(200, 208).map((d, i) => ({
      contactId: `c-${m}-${i}`,
      sourceUserId: d.sourceUserId,
      old: { ...d.fields, jobTitle: `Old job ${set}` },
      new: d.fields,
      changed: ["jobTitle"],
      hash: d.hash,
    }));
    const deletes = pool.slice(300, 302).map((d, i) => ({ contactId: `c-${m}-d${i}`, sourceUserId: d.sourceUserId, fields: d.fields, reason: "source-gone" as const }));
    mailboxes.push({ mailbox: { id: `m-${String(m).padStart(5, "0")}`, upn: `mailbox${m}@contoso.com` }, create: creates, update: updates, delete: deletes, unchanged: 0, owned: 10, foreign: 0, unmarked: 0 });
  }
  return planOf(mailboxes, 500);
}

describe("size limit", () => {
  const plan = largePlan();
  it("a 5,000-mailbox × 200-change plan stays within 60,000 characters, keeping summary and warnings", () => {
    expect(plan.summary).toEqual({ create: 950_000, update: 40_000, delete: 10_000, mailboxes: 5_000 });
    const md = renderMarkdown(plan);
    expect(md.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(md).toContain("**950,000 to create · 40,000 to update · 10,000 to delete** in 5,000 mailboxes");
    expect(md).toContain("≈ 1,000,000 Graph write requests");
    expect(md).toContain("### Warnings (500)");
    expect(md).toContain("10,000 contacts will be deleted");
    expect(md).toMatch(/> [\d,]+ more changes omitted/);
    assertWellFormed(md);
  });

  it.each([2_500, 20_000])("a %i-character limit is honoured and what is cut is counted", (limit) => {
    const md = renderMarkdown(plan, { limit });
    expect(md.length).toBeLessThanOrEqual(limit);
    assertWellFormed(md);
    const omitted = Number(/> ([\d,]+) more changes omitted/.exec(md)?.[1]?.replace(/,/g, ""));
    expect(omitted).toBeGreaterThan(0);
    expect(omitted).toBeLessThanOrEqual(1_000_000);
  });

  it("counts exactly the changes left out of a small plan", () => {
    const full = renderMarkdown(smallPlan());
    expect(full).not.toContain("omitted");
    // A limit that fits the required sections and the deletion table but no change group in full.
    const tight = renderMarkdown(smallPlan(), { limit: full.length - 600 });
    expect(tight).toContain("— details omitted");
    expect(tight).toMatch(/> \d+ more changes omitted/);
  });
});

describe("many policies", () => {
  it("1,000 policies with warnings and refusals still fit, the marker stays bounded", () => {
    const policies = Array.from({ length: 1_000 }, (_, i) => {
      const b = new PolicyPlanBuilder({ policy: `policy-${String(i).padStart(4, "0")}-with-a-long-name-xx`, folder: "F".repeat(200), mode: "sync", sourceUsers: 0 });
      b.add({ mailbox: { id: `m-${i}`, upn: `m${i}@x.com` }, create: [], update: [], delete: [{ contactId: "c", sourceUserId: "u", fields: {}, reason: "source-gone" }], unchanged: 0, owned: 1, foreign: 0, unmarked: 0 });
      b.warn({ code: "truncated", message: "x".repeat(1_000), sourceUserId: `u-${i}`, displayName: "D".repeat(300), userPrincipalName: `${"u".repeat(200)}@x.com` });
      return b.finish();
    });
    const plan = assemblePlan(policies, { policyDigests: {} });
    const violations = policies.map((p): GuardViolation => ({ kind: "empty-source", policy: p.policy, deletes: 1, owned: 1, message: "m".repeat(300) }));
    const md = renderMarkdown(plan, { violations });
    expect(md.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(md.trimEnd().split("\n").at(-1)).toMatch(/^<!-- cync-plan: \{"policies":\[.*\],"more":950\} -->$/);
    assertWellFormed(md);
  });
});

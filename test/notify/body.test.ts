import { describe, expect, it } from "vitest";
import type { ContactFields, DesiredContact } from "../../src/model/contact";
import { failedComment, MAX_LINK_LENGTH, planComment } from "../../src/notify/body";
import { isStickyComment } from "../../src/notify/sticky";
import { assemblePlan, PolicyPlanBuilder } from "../../src/plan/aggregate";
import type { Plan } from "../../src/plan/types";
import { COMMENT_LIMIT } from "../../src/render";
import { smallPlan } from "../render/fixtures";

/** GitHub's limit on a comment body (https://docs.github.com/en/rest/issues/comments). */
const GITHUB_BODY_LIMIT = 65_536;

const ARTIFACT = "https://github.com/contoso/contacts/actions/runs/42/artifacts/7";

/** 100 mailboxes, each with its own 100 long-named creates: far more than any comment holds. */
function hugePlan(): Plan {
  const b = new PolicyPlanBuilder({ policy: "staff", folder: "CYNC", mode: "sync", sourceUsers: 100_000 });
  for (let m = 0; m < 100; m++) {
    const create = Array.from({ length: 100 }, (_, i): DesiredContact => {
      const fields: ContactFields = { displayName: `${"Person ".repeat(20)}${m}-${i}`, jobTitle: "J".repeat(100), department: "D".repeat(100) };
      return { sourceUserId: `u-${m}-${i}`, fields, hash: `h-${m}-${i}` };
    });
    b.add({ mailbox: { id: `m-${m}`, upn: `${"mailbox".repeat(20)}${m}@contoso.com` }, create, update: [], delete: [], unchanged: 0, owned: 0, foreign: 0, unmarked: 0 });
  }
  return assemblePlan([b.finish()], { policyDigests: {} });
}

const longestLink = `https://github.com/${"o".repeat(MAX_LINK_LENGTH - "https://github.com/".length)}`;

describe("planComment", () => {
  it("a huge plan with the longest link allowed stays within GitHub's 65,536 characters", () => {
    const body = planComment(hugePlan(), { redact: true, violations: [], fullPlanUrl: longestLink });
    expect(longestLink).toHaveLength(MAX_LINK_LENGTH);
    expect(body.length).toBeGreaterThan(COMMENT_LIMIT - 1_000);
    expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(body).toMatch(/more changes omitted/);
    expect(body).toContain(`(<${longestLink}>)`);
  });

  it("ends with a link to the full plan, and carries the marker", () => {
    const body = planComment(smallPlan(), { redact: true, violations: [], fullPlanUrl: ARTIFACT });
    expect(body.trimEnd().split("\n").at(-1)).toBe(`The full plan, every change in JSON: [workflow artifact](<${ARTIFACT}>).`);
    expect(isStickyComment({ id: 1, body, url: "", createdAt: "", authorType: "Bot" })).toBe(true);
  });

  it.each([
    { name: "redacted", redact: true, shows: "Alice (***@contoso.com)", hides: "alice@contoso.com" },
    { name: "unredacted on request", redact: false, shows: "Alice (alice@contoso.com)", hides: "***@contoso.com" },
  ])("personal values: $name", ({ redact, shows, hides }) => {
    const body = planComment(smallPlan(), { redact, violations: [], fullPlanUrl: undefined });
    expect(body).toContain(shows);
    expect(body).not.toContain(hides);
  });

  it("shows the safety-limit refusals first", () => {
    const violations = [{ kind: "empty-source", policy: "all-employees", deletes: 3, owned: 3, message: "policy all-employees: refusing to delete 3" }] as const;
    const body = planComment(smallPlan(), { redact: true, violations, fullPlanUrl: undefined });
    expect(body).toContain("> **This plan is refused by the safety limits**");
  });
});

describe("failedComment", () => {
  it.each([
    { name: "with the run's page", runUrl: "https://github.com/o/r/actions/runs/9", shows: "see [the workflow log](<https://github.com/o/r/actions/runs/9>)" },
    { name: "without it", runUrl: undefined, shows: "see the workflow log" },
  ])("says the plan failed $name, and replaces the plan comment", ({ runUrl, shows }) => {
    const body = failedComment(runUrl);
    expect(body).toContain("**The plan failed**");
    expect(body).toContain(shows);
    expect(isStickyComment({ id: 1, body, url: "", createdAt: "", authorType: "Bot" })).toBe(true);
  });
});

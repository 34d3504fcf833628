import { describe, expect, it } from "vitest";
import { evaluateGuards } from "../../src/apply/guard";
import { buildReport, renderReport, reportSucceeded } from "../../src/apply/report";
import { applyPlan, type ApplyProgress, type PolicyApplySettings } from "../../src/apply/run";
import { assemblePlan } from "../../src/plan/aggregate";
import type { MailboxChanges, Plan, PolicyPlan } from "../../src/plan/types";
import type { RequestStats } from "../../src/graph/stats";
import { FakeGraphError, FakeTenant } from "./fake-mailbox";
import { POLICY, aliceV1, bob, carol, changes, del, desired, mailbox } from "./fixtures";

function policyPlan(mailboxes: MailboxChanges[], over: Partial<PolicyPlan> = {}): PolicyPlan {
  return {
    policy: POLICY,
    folder: "CYNC",
    mode: "sync",
    sourceUsers: 3,
    ownedContacts: mailboxes.reduce((n, m) => n + m.owned, 0),
    mailboxes,
    unchangedMailboxes: 0,
    skipped: [],
    nonTargets: [],
    warnings: [],
    ...over,
  };
}

const planOf = (...policies: PolicyPlan[]): Plan => assemblePlan(policies, { policyDigests: {} });
const settings = new Map<string, PolicyApplySettings>([[POLICY, { folder: { name: "CYNC" }, deletion: "deletedItems" }]]);
const creates = (...ids: string[]) => ids.map((id) => desired(`u-${id}`, { displayName: id }));

describe("applyPlan", () => {
  it("applies every mailbox, in parallel, and keeps one mailbox's failure to itself", async () => {
    const tenant = new FakeTenant();
    tenant.hooks = [(r) => (r.mailboxId === "m-2" ? new FakeGraphError(500, "ErrorInternalServerError") : undefined)];
    const plan = planOf(
      policyPlan([changes("m-1", { create: creates("a", "b") }), changes("m-2", { create: creates("a") }), changes("m-3", { create: creates("a", "b", "c") })]),
    );
    const seen: ApplyProgress[] = [];
    const result = await applyPlan(plan, settings, tenant, { concurrency: 2, onProgress: (p) => seen.push(p) });
    expect(result.mailboxes.map((m) => [m.mailboxId, m.status, m.created])).toEqual([
      ["m-1", "applied", 2],
      ["m-2", "failed", 0],
      ["m-3", "applied", 3],
    ]);
    expect(result.totals).toMatchObject({ created: 5, failed: 1 });
    expect(seen[0]).toEqual({ mailboxesDone: 0, mailboxesTotal: 3, mailboxesFailed: 0, changesDone: 0, changesTotal: 6 });
    expect(seen.at(-1)).toEqual({ mailboxesDone: 3, mailboxesTotal: 3, mailboxesFailed: 1, changesDone: 6, changesTotal: 6 });
  });

  it("never has more mailboxes in flight than the concurrency", async () => {
    const tenant = new FakeTenant();
    let inFlight = 0;
    let peak = 0;
    const write = tenant.write.bind(tenant);
    tenant.write = async (r) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight--;
      return write(r);
    };
    const plan = planOf(policyPlan(["m-1", "m-2", "m-3", "m-4", "m-5"].map((id) => changes(id, { create: creates("a") }))));
    await applyPlan(plan, settings, tenant, { concurrency: 2 });
    expect(peak).toBe(2);
  });

  it("refuses a plan naming a policy that is not loaded", async () => {
    const plan = planOf(policyPlan([changes("m-1", { create: creates("a") })], { policy: "unknown" }));
    await expect(applyPlan(plan, settings, new FakeTenant())).rejects.toThrow(/policy "unknown", which is not loaded/);
  });
});

describe("evaluateGuards", () => {
  const safety = (maxDeletes: number, maxDeletePercent = 0) => [{ name: POLICY, safety: { maxDeletes, maxDeletePercent, deletion: "deletedItems" as const } }];
  const threeDeletes = changes("m-1", { delete: [del("c1", "u-a", aliceV1), del("c2", "u-b", bob), del("c3", "u-c", carol)] });

  it.each([
    ["within the limit", policyPlan([threeDeletes]), safety(3), false, [], []],
    ["over the limit", policyPlan([threeDeletes]), safety(2), false, ["too-many-deletes"], []],
    ["over the limit, allowed by --allow-deletes", policyPlan([threeDeletes]), safety(2), true, [], ["too-many-deletes"]],
    ["an empty source with owned contacts", policyPlan([threeDeletes], { sourceUsers: 0 }), safety(100), false, ["empty-source"], []],
    ["an empty source, allowed by --allow-deletes", policyPlan([threeDeletes], { sourceUsers: 0 }), safety(100), true, [], ["empty-source"]],
    ["no deletes at all", policyPlan([changes("m-1", { create: creates("a") })], { sourceUsers: 0 }), safety(0), false, [], []],
  ])("%s", (_name, pp, policies, allow, refused, allowed) => {
    const verdict = evaluateGuards(planOf(pp), policies, allow);
    expect(verdict.refused.map((v) => v.kind)).toEqual(refused);
    expect(verdict.allowed.map((v) => v.kind)).toEqual(allowed);
  });
});

describe("buildReport and renderReport", () => {
  const requests: RequestStats = { requestsByMethod: { POST: 7, GET: 3, DELETE: 1 }, retries: 4, throttled: 3 };

  it("summarises what was done, what failed and what it cost", async () => {
    const tenant = new FakeTenant();
    tenant.mailbox("m-2").skip = "no-exchange-mailbox";
    tenant.hooks = [(r) => (r.mailboxId === "m-3" ? new FakeGraphError(500, "ErrorInternalServerError") : undefined)];
    const carolId = tenant.mailbox("m-1").seed(carol, [POLICY, "u-c"]);
    const plan = planOf(
      policyPlan(
        [
          changes("m-1", { create: creates("a", "b"), delete: [del(carolId, "u-c", carol)] }),
          changes("m-2", { create: creates("a") }),
          changes("m-3", { create: creates("a") }),
        ],
        { skipped: [{ mailbox: mailbox("m-0"), code: "unknown-to-exchange", message: "user unknown to Exchange Online", reason: "user unknown to Exchange Online" }] },
      ),
    );
    const result = await applyPlan(plan, settings, tenant);
    const report = buildReport({ plan, result, requests, durationMs: 1234 });
    expect(report).toMatchObject({
      summary: { create: 2, update: 0, delete: 1, mailboxes: 1 },
      planned: { create: 4, update: 0, delete: 1, mailboxes: 3 },
      failures: [{ policy: POLICY, mailboxId: "m-3", failedChanges: 1, error: "fake Graph error 500 ErrorInternalServerError" }],
      skipped: [
        { policy: POLICY, mailboxId: "m-0", reason: "user unknown to Exchange Online" },
        { policy: POLICY, mailboxId: "m-2", reason: "no Exchange Online mailbox" },
      ],
      requests: { total: 11, byMethod: { DELETE: 1, GET: 3, POST: 7 } },
      retries: 4,
      throttled: 3,
    });
    expect(reportSucceeded(report)).toBe(false);
    expect(renderReport(report)).toBe(
      [
        "Applied: 2 created, 0 updated, 1 deleted in 1 of 3 mailboxes (1.2s).",
        "Requests: 11 (DELETE 1, GET 3, POST 7); 4 retries, 3 throttled.",
        "Skipped 2 target mailboxes: 1 user unknown to Exchange Online, 1 no Exchange Online mailbox.",
        "FAILED in 1 mailboxes (the next run retries them):",
        `  ${POLICY} m-3: 1 changes not applied — fake Graph error 500 ErrorInternalServerError`,
        "",
      ].join("\n"),
    );
  });

  it("reports a user whose contact Exchange refused by id, once for all mailboxes, and fails the run", async () => {
    const tenant = new FakeTenant();
    let sent = 0;
    tenant.hooks = [(r) => ((r.body as { displayName?: string } | undefined)?.displayName === "b" && ++sent > 0 ? new FakeGraphError(400, "ErrorInvalidProperty") : undefined)];
    const plan = planOf(policyPlan(["m-1", "m-2", "m-3"].map((id) => changes(id, { create: creates("a", "b") }))));
    const result = await applyPlan(plan, settings, tenant, { concurrency: 1 });
    const report = buildReport({ plan, result, requests, durationMs: 1000 });
    expect(report).toMatchObject({
      summary: { create: 3, mailboxes: 3 },
      failures: [],
      refusedContacts: [{ policy: POLICY, sourceUserId: "u-b", mailboxes: 3, error: "400 ErrorInvalidProperty" }],
    });
    // Mailboxes one at a time: only the first sends the refused body.
    expect(sent).toBe(1);
    expect(reportSucceeded(report)).toBe(false);
    expect(renderReport(report)).toContain(
      "REFUSED: 1 users. Exchange refused their contact (400): fix the user's directory data; the other contacts were written:\n" +
        `  ${POLICY} user u-b: 400 ErrorInvalidProperty, in 3 mailboxes\n`,
    );
  });

  it("lists at most the given number of failures", () => {
    const failures = Array.from({ length: 4 }, (_, i) => ({ policy: POLICY, mailboxId: `m-${i}`, failedChanges: 1, error: "boom" }));
    const report = { ...buildReport({ plan: planOf(), result: { mailboxes: [], totals: { created: 0, updated: 0, deleted: 0, alreadyDone: 0, notOwned: 0, recovered: 0, failed: 0, refused: 0 } }, requests, durationMs: 0 }), failures };
    expect(renderReport(report, 2)).toContain(`  ${POLICY} m-1: 1 changes not applied — boom\n  … and 2 more\n`);
  });
});

/**
 * `cync apply` end to end on one small tenant, in order: each test starts from the state the
 * previous one left — as successive runs of a scheduled reconcile do.
 */
import { rm, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EXIT_REFUSED } from "../../src/cli/commands/apply";
import { computePlan } from "../../src/engine/plan";
import { openSession } from "../../src/engine/session";
import { loadPolicies } from "../../src/policy/load";
import { renderJson } from "../../src/render";
import { simulatorEnv, type TenantFile } from "@cync/simulator";
import { STAFF_POLICY, markerOf, withApplyTenant, writesOf } from "./harness";

const t = withApplyTenant({ users: 40, mailboxes: 6, seed: 7 });

/** Target mailboxes (user mailboxes that received contacts) and the source users, after the first apply. */
let mailboxes: string[] = [];
let sources: string[] = [];
let tenant: TenantFile;

const countAll = async (): Promise<Map<string, Map<string, number>>> => {
  const out = new Map<string, Map<string, number>>();
  for (const m of mailboxes) out.set(m, new Map([...(await t.owned(m))].map(([s, cs]) => [s, cs.length])));
  return out;
};

/** Requests addressed to mailboxes since the statistics were last reset (the tenant's count). */
const toMailboxes = async (): Promise<number> => ((await t.control("GET", "/stats")).body as { requests: { toMailboxes: number } }).requests.toMailboxes;

/** Every target mailbox holds exactly one contact per source user (but its owner's own). */
async function expectConverged(expectedSources: readonly string[]): Promise<void> {
  for (const [m, bySource] of await countAll()) {
    const want = expectedSources.filter((s) => s !== m).sort();
    expect([...bySource.keys()].sort(), `mailbox ${m}`).toEqual(want);
    expect([...bySource.values()].every((n) => n === 1), `duplicates in mailbox ${m}`).toBe(true);
  }
}

describe("cync apply against the embedded tenant", () => {
  beforeAll(async () => {
    tenant = (await t.control("GET", "/tenant")).body as TenantFile;
  });

  it("fills every target mailbox on the first run", async () => {
    await t.requestsSince();
    const run = await t.apply();
    expect(run.code, run.stderr).toBe(0);
    expect(run.json.failures).toEqual([]);
    expect(run.json.summary.create).toBe(run.json.planned.create);
    expect(run.json.summary.create).toBeGreaterThan(0);
    // Not a terminal: progress as JSON lines on stderr (after the policy warnings), the last one complete.
    const progress = run.stderr.trim().split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { event: string; writesDone: number; writesTotal: number; mailboxesDone: number });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.event === "progress")).toBe(true);
    expect(progress.at(-1)).toMatchObject({ writesDone: run.json.planned.create, writesTotal: run.json.planned.create, mailboxesDone: run.json.planned.mailboxes });
    const userMailboxes = tenant.users.filter((u) => u.mailbox === "user").map((u) => u.id);
    for (const m of userMailboxes) if ((await t.owned(m)).size > 0) mailboxes.push(m);
    mailboxes = mailboxes.sort();
    sources = [...new Set((await Promise.all(mailboxes.map(async (m) => [...(await t.owned(m)).keys()]))).flat())].sort();
    expect(mailboxes.length).toBe(run.json.summary.mailboxes);
    expect(run.json.summary.create).toBe(mailboxes.length * sources.length - mailboxes.filter((m) => sources.includes(m)).length);
    // Per mailbox beyond its creates: the plan's folder lookup, the folder's creation (no second
    // lookup: the plan found none) and its initial delta round (docs/architecture.md#performance-model).
    expect(await toMailboxes()).toBe(run.json.summary.create + 3 * mailboxes.length);
    await expectConverged(sources);
  });

  it("writes nothing on a second run, and reads each mailbox with one request: cync's own writes are not read back", async () => {
    await t.requestsSince();
    const run = await t.apply();
    expect(run.code).toBe(0);
    expect(run.json.summary).toEqual({ create: 0, update: 0, delete: 0, mailboxes: 0 });
    expect(await toMailboxes()).toBe(mailboxes.length);
    expect(writesOf(await t.requestsSince())).toBe(0);
  });

  it("writes nothing with the state directory deleted", async () => {
    await rm(t.stateDir, { recursive: true, force: true });
    await t.requestsSince();
    const run = await t.apply();
    expect(run.code).toBe(0);
    expect(run.json.planned).toEqual({ create: 0, update: 0, delete: 0, mailboxes: 0 });
    expect(writesOf(await t.requestsSince())).toBe(0);
  });

  it("repairs a tampered contact, recreates a deleted one, and leaves the owner's own contacts alone", async () => {
    const [m1, m2] = mailboxes as [string, string];
    const folder = (await t.folders(m1)).find((f) => f.displayName === "CYNC")!;
    const defaultFolder = (await t.folders(m1)).find((f) => f.isDefault)!;
    const own = { givenName: "Pat", displayName: "Pat the plumber", mobilePhone: "+1 206 555 0199" };
    const ownInCync = await t.control("POST", `/mailboxes/${m1}/contactFolders/${folder.id}/contacts`, own);
    const ownInDefault = await t.control("POST", `/mailboxes/${m1}/contactFolders/${defaultFolder.id}/contacts`, own);
    expect([ownInCync.status, ownInDefault.status]).toEqual([201, 201]);
    const [tamperedSource, [tampered]] = [...(await t.owned(m1))][0]!;
    const original = { jobTitle: tampered!.jobTitle ?? null, mobilePhone: tampered!.mobilePhone ?? null };
    expect((await t.control("PATCH", `/mailboxes/${m1}/contacts/${tampered!.id}`, { jobTitle: "Chief Pirate", mobilePhone: "+1 999 999 9999" })).status).toBe(200);
    const [deletedSource, [deleted]] = [...(await t.owned(m2))][1]!;
    expect((await t.control("DELETE", `/mailboxes/${m2}/contacts/${deleted!.id}`)).status).toBe(204);

    await t.requestsSince();
    const run = await t.apply();
    expect(run.code, run.stderr).toBe(0);
    expect(run.json.summary).toEqual({ create: 1, update: 1, delete: 0, mailboxes: 2 });
    const repaired = (await t.owned(m1)).get(tamperedSource)!;
    expect(repaired.map((c) => ({ jobTitle: c.jobTitle ?? null, mobilePhone: c.mobilePhone ?? null }))).toEqual([original]);
    expect((await t.owned(m2)).get(deletedSource)).toHaveLength(1);
    const after = await t.folders(m1);
    const byId = new Map(after.flatMap((f) => f.contacts.map((c) => [c.id, c])));
    for (const created of [ownInCync.body, ownInDefault.body] as { id: string }[]) {
      expect(byId.get(created.id)).toMatchObject(own);
      expect(markerOf(byId.get(created.id)!)).toBeUndefined();
    }
    await expectConverged(sources);
  });

  it("removes a leaver and a disabled user from every mailbox", async () => {
    const [leaver, disabled] = sources.filter((s) => !mailboxes.includes(s)) as [string, string];
    expect((await t.control("DELETE", `/users/${leaver}`)).status).toBe(204);
    expect((await t.control("PATCH", `/users/${disabled}`, { accountEnabled: false })).status).toBe(200);
    const deletedItems = async (): Promise<number[]> =>
      Promise.all(mailboxes.map(async (m) => ((await t.control("GET", `/mailboxes/${m}`)).body as { deletedItems: { contacts: unknown[] } }).deletedItems.contacts.length));
    const deletedBefore = await deletedItems();
    const run = await t.apply();
    expect(run.code, run.stderr).toBe(0);
    expect(run.json.summary).toMatchObject({ create: 0, update: 0, delete: 2 * mailboxes.length });
    // The policy deletes permanently: nothing new lingers in Deleted Items.
    expect(await deletedItems()).toEqual(deletedBefore);
    sources = sources.filter((s) => s !== leaver && s !== disabled);
    await expectConverged(sources);
  });

  it("skips a mailbox without Exchange Online and applies the rest", async () => {
    const hire = await t.control("POST", "/users", {
      userPrincipalName: `new.hire@${tenant.domain}`,
      displayName: "New Hire",
      givenName: "New",
      surname: "Hire",
      mail: `new.hire@${tenant.domain}`,
      accountEnabled: true,
      userType: "Member",
      mailbox: null,
      assignedPlans: tenant.users.find((u) => u.id === mailboxes[0])!.assignedPlans,
    });
    expect(hire.status).toBe(201);
    const hireId = (hire.body as { id: string }).id;
    const run = await t.apply();
    expect(run.code, run.stderr).toBe(0);
    expect(run.json.failures).toEqual([]);
    expect(run.json.skipped).toContainEqual({ policy: "staff", mailboxId: hireId, reason: "no Exchange Online mailbox" });
    expect(run.json.summary).toMatchObject({ create: mailboxes.length, delete: 0 });
    sources = [...sources, hireId].sort();
    await expectConverged(sources);
  });

  it("reports every mailbox failed, one refused write each, when signed in without write permission", async () => {
    const someone = sources.find((s) => !mailboxes.includes(s))!;
    expect((await t.control("PATCH", `/users/${someone}`, { officeLocation: "Building 7" })).status).toBe(200);
    await t.requestsSince();
    // The read-only planner identity (docs/architecture.md#least-privilege) can plan but not write.
    const denied = await t.apply({}, "planner");
    expect(denied.code).toBe(1);
    expect(denied.json.failures.map((f) => f.mailboxId).sort()).toEqual(mailboxes);
    expect(denied.json.failures.every((f) => f.failedChanges === 1 && /403 ErrorAccessDenied/.test(f.error))).toBe(true);
    expect(writesOf(await t.requestsSince())).toBe(mailboxes.length);
    const applied = await t.apply();
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.json.summary).toMatchObject({ update: mailboxes.length, mailboxes: mailboxes.length });
  });

  describe("--plan FILE", () => {
    /** What `cync plan --format json --out FILE` writes, made with the planner app's credential. */
    async function savePlan(file: string): Promise<string> {
      const session = openSession({
        stateDir: t.stateDir,
        env: simulatorEnv(t.sim, "planner"),
      });
      const { policies } = await loadPolicies([t.policiesDir]);
      const { plan } = await computePlan({ policies, steps: session.steps, io: session.io, tenant: session.tenant });
      const saved = path.join(t.stateDir, "..", file);
      await writeFile(saved, renderJson(plan));
      return saved;
    }

    it("applies a saved plan made from the same directory and policies", async () => {
      const someone = sources.find((s) => !mailboxes.includes(s))!;
      expect((await t.control("PATCH", `/users/${someone}`, { mobilePhone: "+1 425 555 0142" })).status).toBe(200);
      const file = await savePlan("plan-1.json");
      const run = await t.apply({ plan: file });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain(`applying the saved plan ${file}`);
      expect(run.json.staleSavedPlan).toEqual([]);
      expect(run.json.summary).toMatchObject({ update: mailboxes.length, create: 0, delete: 0 });
      for (const m of mailboxes) expect((await t.owned(m)).get(someone)?.[0]?.mobilePhone?.replace(/[^+\d]/g, "")).toBe("+14255550142");
    });

    it("re-plans, and says why, when the directory changed since the plan was saved", async () => {
      const someone = sources.find((s) => !mailboxes.includes(s))!;
      const file = await savePlan("plan-2.json");
      expect((await t.control("PATCH", `/users/${someone}`, { jobTitle: "Moved on" })).status).toBe(200);
      const run = await t.apply({ plan: file });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/the saved plan .*plan-2\.json is stale \(the directory changed since the plan was made\); re-planned/);
      expect(run.json.staleSavedPlan).toEqual(["the directory changed since the plan was made"]);
      expect(run.json.summary).toMatchObject({ update: mailboxes.length });
      for (const m of mailboxes) expect((await t.owned(m)).get(someone)?.[0]?.jobTitle).toBe("Moved on");
    });
  });

  describe("safety guards", () => {
    const strict = STAFF_POLICY.replace("deletion: permanent", "deletion: permanent\n    maxDeletes: 1\n    maxDeletePercent: 0");
    const withSource = (policy: string, where: string): string => policy.replace("spec:\n", `spec:\n  source:\n    where: ${where}\n`);
    it.each([
      // One leaver deletes one contact per mailbox: more than the policy's limit of 1.
      ["a mass delete over the policy's limit", () => withSource(strict, `{ not: { attribute: id, equals: "${sources[0]!}" } }`), "too-many-deletes"],
      // A source that selects nobody looks exactly like everyone leaving.
      ["an empty source while owned contacts exist", () => withSource(STAFF_POLICY, `{ attribute: department, equals: "no such department" }`), "empty-source"],
    ])("refuses %s (exit 3, nothing written)", async (_name, policy, kind) => {
      await t.writePolicies({ "staff.yaml": policy() });
      await t.requestsSince();
      const refused = await t.apply();
      expect(refused.code).toBe(EXIT_REFUSED);
      expect(refused.json.refused?.map((r) => r.kind)).toEqual([kind]);
      expect(refused.stderr).toMatch(/REFUSED: policy staff/);
      expect(writesOf(await t.requestsSince())).toBe(0);
      await expectConverged(sources);
      await t.writePolicies({ "staff.yaml": STAFF_POLICY });
    });

    it("lets a refused plan through with --allow-deletes, and says so", async () => {
      await t.writePolicies({ "staff.yaml": STAFF_POLICY.replace("deletion: permanent", "deletion: permanent\n    maxDeletes: 1\n    maxDeletePercent: 0") });
      const [leaver] = sources.filter((s) => !mailboxes.includes(s));
      expect((await t.control("DELETE", `/users/${leaver!}`)).status).toBe(204);
      const run = await t.apply({ allowDeletes: true });
      expect(run.code, run.stderr).toBe(0);
      expect(run.json.allowedGuardViolations).toHaveLength(1);
      expect(run.json.summary.delete).toBe(mailboxes.length);
      sources = sources.filter((s) => s !== leaver);
      await expectConverged(sources);
      await t.writePolicies({ "staff.yaml": STAFF_POLICY });
    });
  });
});

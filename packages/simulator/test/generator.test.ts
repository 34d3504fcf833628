/**
 * The tenant generator: deterministic, realistic and messy; and the tenant file round trip (import
 * → export gives the same tenant).
 */
import { describe, expect, it } from "vitest";
import { Directory } from "../src/tenant/directory";
import { generateTenant } from "../src/tenant/generator";
import { transitiveMembers } from "../src/tenant/membership";
import { EXCHANGE_PLAN_ID } from "../src/tenant/model";
import { TenantFileError, validateTenantFile } from "../src/tenant/validate";

const tenant = generateTenant({ users: 400, mailboxes: 300, seed: 42 });
const users = tenant.users;
const has = (re: RegExp): boolean => users.some((u) => re.test(`${u.displayName ?? ""} ${u.surname ?? ""}`));

describe("generateTenant", () => {
  it("is deterministic: the same arguments give the same tenant, another seed another one", () => {
    expect(generateTenant({ users: 400, mailboxes: 300, seed: 42 })).toEqual(tenant);
    expect(generateTenant({ users: 400, mailboxes: 300, seed: 43 }).tenantId).not.toBe(tenant.tenantId);
  });

  it("makes N users, M of them with a licensed user mailbox", () => {
    expect(users).toHaveLength(400);
    const licensed = users.filter((u) => u.mailbox === "user");
    expect(licensed).toHaveLength(300);
    for (const u of licensed) {
      expect(u.assignedPlans).toEqual([expect.objectContaining({ service: "exchange", capabilityStatus: "Enabled", servicePlanId: EXCHANGE_PLAN_ID })]);
      expect(u.assignedLicenses).toHaveLength(1);
    }
  });

  it.each([
    ["accents", /[éèëöüåøłśçãõ]/i],
    ["CJK", /[\u4e00-\u9fff\u3040-\u30ff\uac00-\ud7af]/],
    ["right-to-left scripts", /[\u0590-\u05ff\u0600-\u06ff]/],
    ["apostrophes", /'/],
    ["emoji", /\p{Extended_Pictographic}/u],
  ])("has names with %s", (_name, re) => {
    expect(has(re)).toBe(true);
  });

  it.each([
    ["guests with #EXT# UPNs", (u: (typeof users)[number]) => u.userType === "Guest" && u.userPrincipalName.includes("#EXT#") && u.mailbox === null],
    ["disabled members", (u: (typeof users)[number]) => u.userType === "Member" && u.accountEnabled === false && u.mailbox === "user"],
    ["soft-deleted users", (u: (typeof users)[number]) => Boolean(u.deletedDateTime)],
    ["service accounts without a mailbox", (u: (typeof users)[number]) => Boolean(u.displayName?.startsWith("svc-")) && u.mailbox === null],
    ["shared mailboxes, disabled and unlicensed", (u: (typeof users)[number]) => u.mailbox === "shared" && u.accountEnabled === false && u.assignedLicenses?.length === 0],
    ["room mailboxes", (u: (typeof users)[number]) => u.mailbox === "room"],
    ["equipment mailboxes", (u: (typeof users)[number]) => u.mailbox === "equipment"],
    ["unlicensed members", (u: (typeof users)[number]) => u.userType === "Member" && u.mailbox === null && !u.displayName?.startsWith("svc-")],
    ["users without mail", (u: (typeof users)[number]) => !u.mail],
    ["users without a business phone", (u: (typeof users)[number]) => (u.businessPhones ?? []).length === 0],
    ["users without a job title", (u: (typeof users)[number]) => u.userType === "Member" && !u.jobTitle],
    ["phones with extensions", (u: (typeof users)[number]) => /x\d|ext\.|-\d{3}$/.test([...(u.businessPhones ?? []), u.mobilePhone ?? ""].join(" "))],
    ["national-format phones", (u: (typeof users)[number]) => /^(\(|0)/.test(u.businessPhones?.[0] ?? "")],
    ["international-format phones", (u: (typeof users)[number]) => /^\+/.test(u.businessPhones?.[0] ?? "")],
  ])("has %s", (_name, predicate) => {
    expect(users.some(predicate)).toBe(true);
  });

  it("gives every user a unique id and userPrincipalName", () => {
    expect(new Set(users.map((u) => u.id)).size).toBe(users.length);
    expect(new Set(users.map((u) => u.userPrincipalName.toLowerCase())).size).toBe(users.length);
  });

  it("builds department groups nested in All Staff, with Leadership nested deeper", () => {
    const byName = new Map(tenant.groups.map((g) => [g.displayName, g]));
    const allStaff = byName.get("All Staff")!;
    expect(allStaff.members.every((m) => tenant.groups.some((g) => g.id === m))).toBe(true);
    expect(byName.get("Department Executive")!.members).toContain(byName.get("Leadership")!.id);
    const dir = Directory.fromFile(tenant);
    expect(transitiveMembers(dir, allStaff.id)).toContain(byName.get("Leadership")!.id);
  });

  it("refuses more mailboxes than members", () => {
    expect(() => generateTenant({ users: 20, mailboxes: 20, seed: 1 })).toThrow(RangeError);
  });
});

describe("tenant file", () => {
  it("round-trips through a directory unchanged", () => {
    const exported = Directory.fromFile(tenant).toFile();
    const byId = <T extends { id: string }>(list: readonly T[]): T[] => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(exported).toEqual({ ...tenant, users: byId(tenant.users), groups: byId(tenant.groups) });
  });
});

describe("validateTenantFile", () => {
  const small = generateTenant({ users: 20, seed: 1 });
  it("accepts a generated tenant", () => {
    expect(validateTenantFile(JSON.parse(JSON.stringify(small)))).toEqual(small);
  });

  it.each([
    ["a wrong version", { ...small, version: 2 }, "$.version must be 1"],
    ["a user without userPrincipalName", { ...small, users: [{ id: "x" }] }, "$.users[0].userPrincipalName must be a string"],
    ["an unknown mailbox kind", { ...small, users: [{ id: "x", userPrincipalName: "x@y", mailbox: "castle" }] }, "$.users[0].mailbox must be"],
    ["group members that are not ids", { ...small, groups: [{ id: "g", displayName: "G", members: [1] }] }, "$.groups[0].members must be an array of ids"],
    ["no users", { ...small, users: undefined }, "$.users must be an array"],
  ])("refuses %s, naming the place", (_name, file, message) => {
    expect(() => validateTenantFile(file)).toThrow(TenantFileError);
    expect(() => validateTenantFile(file)).toThrow(message);
  });
});

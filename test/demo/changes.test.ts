import { describe, expect, it } from "vitest";
import { HIRE_PREFIX, demoRunNumber, describeChanges, pickChanges, type DemoChanges } from "../../src/demo/changes";
import type { TenantFile, TenantUser } from "@cync/simulator";

type User = TenantFile["users"][number];

const person = (id: string, over: Partial<User> = {}): User => ({
  id,
  userPrincipalName: `${id}@contoso.example`,
  displayName: `Person ${id}`,
  mail: `${id}@contoso.example`,
  accountEnabled: true,
  userType: "Member",
  department: "Engineering",
  mailbox: null,
  ...over,
});

/** Six people the demo may change, and one of each kind it must leave alone. */
const eligible = ["p1", "p2", "p3", "p4", "p5", "p6"].map((id) => person(id));
const untouchable: Record<string, User> = {
  "a mailbox owner": person("x-mailbox", { mailbox: "user" }),
  "a Sales person": person("x-sales", { department: "Sales" }),
  "a Business Development person": person("x-bd", { department: "Business Development" }),
  "a disabled account": person("x-disabled", { accountEnabled: false }),
  "a guest": person("x-guest", { userType: "Guest" }),
  "a user without mail": person("x-nomail", { mail: null }),
  "a service account": person("x-service", { jobTitle: "Service account for backups" }),
  "a soft-deleted user": person("x-deleted", { deletedDateTime: "2026-01-01T00:00:00Z" }),
  "an earlier demo hire": person("x-hire", { userPrincipalName: `${HIRE_PREFIX}1.robin@contoso.example` }),
};

const tenant = (users: User[]): TenantFile => ({ version: 1, tenantId: "t", domain: "contoso.example", users, groups: [] }) as unknown as TenantFile;
const changed = (c: DemoChanges): TenantUser[] => [c.leaver, c.phone.user, c.move.user];

describe("pickChanges", () => {
  it("changes three distinct eligible people and hires a numbered new one", () => {
    const c = pickChanges(tenant([...eligible, ...Object.values(untouchable)])) as DemoChanges;
    expect(c.run).toBe(2);
    expect(new Set(changed(c).map((u) => u.id)).size).toBe(3);
    for (const u of changed(c)) expect(u.id).toMatch(/^p\d$/);
    expect(c.hire).toMatchObject({ userPrincipalName: `${HIRE_PREFIX}2.mina@contoso.example`, accountEnabled: true, userType: "Member", mailbox: null });
    expect(c.move.department).not.toBe(c.move.user.department);
    expect(["Sales", "Business Development"]).not.toContain(c.move.department);
  });

  it("picks other people on the next run", () => {
    const first = pickChanges(tenant(eligible)) as DemoChanges;
    const second = pickChanges(tenant([...eligible, person("h1", { userPrincipalName: `${HIRE_PREFIX}1.robin@contoso.example` })])) as DemoChanges;
    expect(second.run).toBe(first.run + 1);
    expect(changed(second).map((u) => u.id)).not.toEqual(changed(first).map((u) => u.id));
  });

  it("never picks two people with the same display name", () => {
    const twins = eligible.map((u, i) => (i < 4 ? { ...u, displayName: "Same Name" } : u));
    const c = pickChanges(tenant(twins)) as DemoChanges;
    expect(new Set(changed(c).map((u) => u.displayName)).size).toBe(3);
  });

  it.each(Object.entries(untouchable))("leaves %s alone", (_what, user) => {
    expect(pickChanges(tenant([user, ...eligible.slice(0, 2)]))).toMatch(/delete \.cync\/demo to start over/);
  });

  it("counts runs by the demo hires in the tenant", () => {
    expect(demoRunNumber(tenant(eligible))).toBe(1);
    expect(demoRunNumber(tenant([...eligible, untouchable["an earlier demo hire"]!]))).toBe(2);
  });
});

describe("describeChanges", () => {
  it("narrates each change in one line", () => {
    const c = pickChanges(tenant(eligible)) as DemoChanges;
    const lines = describeChanges(c);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(`hired Robin Novak (${c.hire.department!})`);
    expect(lines[1]).toBe(`${c.leaver.displayName!} left the company`);
    expect(lines[2]).toBe(`${c.phone.user.displayName!} has a new mobile number, ${c.phone.mobilePhone}, and a new photo`);
    expect(lines[3]).toBe(`${c.move.user.displayName!} moved from Engineering to ${c.move.department}`);
  });
});

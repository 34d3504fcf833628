/**
 * Directory reads (docs/graph-behaviour.md#user-properties, docs/graph-behaviour.md#mailbox-kind):
 * `$select`, the `$filter` subset, `$top` and paging, groups with nested membership, mailbox kinds,
 * and 403 for an app without the permission.
 */
import { describe, expect, it } from "vitest";
import { APPLIER_ROLES, FEDERATION_AUDIENCE } from "../src/auth/apps";
import { FEDERATION_ISSUER } from "../src/auth/authority";
import { generateTenant } from "../src/tenant/generator";
import type { TenantFile } from "../src/tenant/model";
import { withSimulator, type TestSimulator } from "../src/testing";

const base = generateTenant({ users: 50, seed: 21 });
/** The second app may read users and nothing else. */
const tenant: TenantFile = {
  ...base,
  apps: [
    { clientId: "a0000000-0000-4000-8000-000000000001", displayName: "applier", clientSecret: "s1", federatedCredentials: [{ issuer: FEDERATION_ISSUER, subject: "main", audience: FEDERATION_AUDIENCE }], roles: APPLIER_ROLES },
    { clientId: "a0000000-0000-4000-8000-000000000002", displayName: "users only", clientSecret: "s2", federatedCredentials: [], roles: ["User.Read.All"] },
  ],
};
const sim = withSimulator({ tenant });

const liveUsers = base.users.filter((u) => !u.deletedDateTime);

async function allPages(s: TestSimulator, first: string): Promise<{ ids: string[]; pages: number }> {
  let res = await s.graph("GET", first);
  const ids: string[] = [];
  let pages = 0;
  for (;;) {
    expect(res.status).toBe(200);
    pages++;
    ids.push(...(res.body.value as { id: string }[]).map((u) => u.id));
    if (!res.body["@odata.nextLink"]) return { ids, pages };
    res = await s.graph("GET", res.body["@odata.nextLink"]);
  }
}

describe("GET /users", () => {
  it("sends the documented default properties, null when unset", async () => {
    const res = await sim.graph("GET", "/users?$top=1");
    expect(Object.keys(res.body.value[0]).sort()).toEqual(
      ["businessPhones", "displayName", "givenName", "id", "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName"].sort(),
    );
    expect(res.body["@odata.context"]).toBe(`${sim.graphUrl}/v1.0/$metadata#users`);
  });

  it("pages with $top and @odata.nextLink through every live user, soft-deleted ones excluded", async () => {
    const { ids, pages } = await allPages(sim, "/users?$select=id&$top=7");
    expect(ids.sort()).toEqual(liveUsers.map((u) => u.id).sort());
    expect(pages).toBe(Math.ceil(liveUsers.length / 7));
  });

  it("selects any property of Graph's user type: set ones as stored, unset ones null or []", async () => {
    const id = liveUsers[4]!.id;
    await sim.control("PATCH", `/users/${id}`, { onPremisesExtensionAttributes: { extensionAttribute1: "cost-center-7" } });
    const res = await sim.graph("GET", `/users?$select=id,onPremisesExtensionAttributes,employeeHireDate,imAddresses&$filter=${encodeURIComponent(`id eq '${id}'`)}`);
    expect(res.body.value).toEqual([{ id, onPremisesExtensionAttributes: { extensionAttribute1: "cost-center-7" }, employeeHireDate: null, imAddresses: [] }]);
  });

  it.each([
    ["0", 400],
    ["999", 200],
    ["1000", 400],
    ["ten", 400],
  ])("$top=%s answers %i", async (top, status) => {
    expect((await sim.graph("GET", `/users?$top=${top}`)).status).toBe(status);
  });

  const byPredicate = (p: (u: TenantFile["users"][number]) => boolean): string[] => liveUsers.filter(p).map((u) => u.id).sort();
  it.each([
    ["userType eq 'Guest'", {}, (u: TenantFile["users"][number]) => u.userType === "Guest"],
    ["accountEnabled eq false", {}, (u: TenantFile["users"][number]) => u.accountEnabled === false],
    ["startswith(displayName,'conf room')", {}, (u: TenantFile["users"][number]) => (u.displayName ?? "").toLowerCase().startsWith("conf room")],
    ["department in ('Sales', 'Legal')", {}, (u: TenantFile["users"][number]) => u.department === "Sales" || u.department === "Legal"],
    ["assignedPlans/any(p:p/service eq 'exchange' and p/capabilityStatus eq 'Enabled')", {}, (u: TenantFile["users"][number]) => (u.assignedPlans ?? []).length > 0],
    ["userType eq 'Member' and (department eq 'IT' or department eq 'Finance')", {}, (u: TenantFile["users"][number]) => u.userType === "Member" && (u.department === "IT" || u.department === "Finance")],
    ["mail eq null", { consistencylevel: "eventual" }, (u: TenantFile["users"][number]) => !u.mail],
    ["not(userType eq 'Member')", { consistencylevel: "eventual" }, (u: TenantFile["users"][number]) => u.userType !== "Member"],
  ])("$filter=%s", async (filter, headers, predicate) => {
    const res = await sim.graph("GET", `/users?$select=id&$top=999&$filter=${encodeURIComponent(filter)}`, { headers });
    expect(res.status).toBe(200);
    expect((res.body.value as { id: string }[]).map((u) => u.id).sort()).toEqual(byPredicate(predicate));
  });

  it("counts: @odata.count with $count=true, and /users/$count as text, both with ConsistencyLevel eventual", async () => {
    const guests = liveUsers.filter((u) => u.userType === "Guest").length;
    const filter = encodeURIComponent("userType eq 'Guest'");
    const eventual = { consistencylevel: "eventual" };
    const listed = await sim.graph("GET", `/users?$count=true&$top=1&$select=id&$filter=${filter}`, { headers: eventual });
    expect(listed.body["@odata.count"]).toBe(guests);
    const res = await fetch(`${sim.graphUrl}/v1.0/users/$count?$filter=${filter}`, { headers: { authorization: `Bearer ${await sim.handle.issueToken("planner")}`, ...eventual } });
    expect(await res.text()).toBe(String(guests));
    expect((await sim.graph("GET", "/users?$count=true")).body.error.code).toBe("Request_BadRequest");
  });

  it.each([
    ["an advanced query without ConsistencyLevel", "mail eq null", "Request_UnsupportedQuery"],
    ["an unknown property", "shoeSize eq 42", "Request_UnsupportedQuery"],
    ["a syntax error", "displayName eq 'open", "Request_UnsupportedQuery"],
  ])("refuses %s with 400", async (_name, filter, code) => {
    const res = await sim.graph("GET", `/users?$filter=${encodeURIComponent(filter)}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
  });
});

describe("GET /users/{id | userPrincipalName}", () => {
  it.each([
    ["id", (u: TenantFile["users"][number]) => u.id],
    ["upn in another case", (u: TenantFile["users"][number]) => u.userPrincipalName.toUpperCase()],
  ])("finds a user by %s", async (_name, key) => {
    const user = liveUsers[3]!;
    const res = await sim.graph("GET", `/users/${encodeURIComponent(key(user))}?$select=id,department`);
    expect(res.body).toMatchObject({ id: user.id, department: user.department ?? null });
  });

  it("answers an unknown user with 404 Request_ResourceNotFound", async () => {
    const res = await sim.graph("GET", "/users/7d0d2f1c-0000-4000-8000-000000000000");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("Request_ResourceNotFound");
  });
});

describe("mailbox settings", () => {
  it.each(["user", "shared", "room", "equipment"] as const)("reports userPurpose %s", async (kind) => {
    const user = liveUsers.find((u) => u.mailbox === kind)!;
    const res = await sim.graph("GET", `/users/${user.id}/mailboxSettings?$select=userPurpose`);
    expect(res.body).toEqual({ "@odata.context": `${sim.graphUrl}/v1.0/$metadata#users('${user.id}')/mailboxSettings(userPurpose)`, userPurpose: kind });
    const single = await sim.graph("GET", `/users/${user.id}/mailboxSettings/userPurpose`);
    expect(single.body.value).toBe(kind);
  });

  it("answers a service account (no mailbox) with 404 MailboxNotEnabledForRESTAPI", async () => {
    const svc = liveUsers.find((u) => u.displayName?.startsWith("svc-"))!;
    expect((await sim.graph("GET", `/users/${svc.id}/mailboxSettings`)).body.error.code).toBe("MailboxNotEnabledForRESTAPI");
  });
});

describe("groups", () => {
  const allStaff = base.groups.find((g) => g.displayName === "All Staff")!;

  it("lists direct members typed, nested groups as groups", async () => {
    const res = await sim.graph("GET", `/groups/${allStaff.id}/members?$top=999`);
    expect(new Set((res.body.value as { "@odata.type": string }[]).map((m) => m["@odata.type"]))).toEqual(new Set(["#microsoft.graph.group"]));
    expect(res.body.value).toHaveLength(allStaff.members.length);
  });

  it("flattens nested membership in transitiveMembers (groups included, users once)", async () => {
    const { ids } = await allPages(sim, `/groups/${allStaff.id}/transitiveMembers?$top=10`);
    const groupsById = new Map(base.groups.map((g) => [g.id, g]));
    const expected = new Set<string>();
    const walk = (id: string): void => {
      for (const m of groupsById.get(id)!.members) {
        if (expected.has(m)) continue;
        if (groupsById.has(m) || liveUsers.some((u) => u.id === m)) expected.add(m);
        if (groupsById.has(m)) walk(m);
      }
    };
    walk(allStaff.id);
    expect(ids.sort()).toEqual([...expected].sort());
  });

  it("filters groups by displayName", async () => {
    const res = await sim.graph("GET", `/groups?$filter=${encodeURIComponent("displayName eq 'All Staff'")}&$select=id,displayName`);
    expect(res.body.value).toEqual([{ id: allStaff.id, displayName: "All Staff" }]);
  });
});

describe("permissions", () => {
  it.each([
    ["/groups", "Authorization_RequestDenied"],
    ["/groups/delta", "Authorization_RequestDenied"],
    [`/users/${liveUsers.find((u) => u.mailbox === "user")!.id}/mailboxSettings`, "ErrorAccessDenied"],
  ])("refuses GET %s to an app with User.Read.All only (403 %s)", async (path, code) => {
    const res = await sim.graph("GET", path, { app: "planner" });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe(code);
  });

  it("lets that app read users", async () => {
    expect((await sim.graph("GET", "/users?$top=1", { app: "planner" })).status).toBe(200);
  });
});

describe("routing", () => {
  it.each([
    ["an unknown segment", "GET", "/nonsense", 400, "BadRequest"],
    ["a method the resource does not have", "DELETE", "/users", 405, "Request_BadRequest"],
  ])("answers %s", async (_name, method, path, status, code) => {
    const res = await sim.graph(method, path);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
  });
});

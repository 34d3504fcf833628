/**
 * Directory delta semantics (docs/graph-behaviour.md#directory-users-and-groups), over HTTPS
 * against a small generated tenant.
 */
import { describe, expect, it } from "vitest";
import { withSimulator, type HttpAnswer, type TestSimulator } from "../src/testing";

type Item = { id: string; "@removed"?: { reason: string } } & Record<string, unknown>;

/** Follow nextLinks to the end of a round: every item, the page count and the deltaLink. */
async function round(sim: TestSimulator, first: string, headers?: Record<string, string>): Promise<{ items: Item[]; pages: HttpAnswer[]; deltaLink: string }> {
  const pages: HttpAnswer[] = [];
  let res = await sim.graph("GET", first, { headers });
  for (;;) {
    expect(res.status).toBe(200);
    pages.push(res);
    // Never both links on one page (docs/graph-behaviour.md#delta-rounds-and-links).
    expect(res.body["@odata.nextLink"] === undefined || res.body["@odata.deltaLink"] === undefined).toBe(true);
    if (!res.body["@odata.nextLink"]) break;
    res = await sim.graph("GET", res.body["@odata.nextLink"], { headers });
  }
  return { items: pages.flatMap((p) => p.body.value as Item[]), pages, deltaLink: res.body["@odata.deltaLink"] };
}

const live = (sim: TestSimulator): string[] => sim.handle.directory.userIds.filter((id) => sim.handle.directory.liveUser(id));

describe("users delta", () => {
  const sim = withSimulator({ users: 40, seed: 3, directory: { deltaPageSize: 5 } });

  it("the initial round lists every live user once, soft-deleted ones as @removed changed", async () => {
    const { items, pages } = await round(sim, "/users/delta?$select=displayName,jobTitle");
    const present = items.filter((i) => !i["@removed"]).map((i) => i.id);
    expect(present.sort()).toEqual(live(sim).sort());
    const softDeleted = sim.handle.directory.userIds.filter((id) => sim.handle.directory.userRecord(id)?.user?.deletedDateTime);
    expect(items.filter((i) => i["@removed"])).toEqual(softDeleted.map((id) => ({ id, "@removed": { reason: "changed" } })));
    expect(pages.length).toBeGreaterThan(2);
    // Only selected properties (and id) are sent; never-set ones are omitted.
    for (const i of present.length ? items.filter((x) => !x["@removed"]) : []) {
      expect(Object.keys(i).every((k) => ["id", "displayName", "jobTitle"].includes(k))).toBe(true);
    }
  });

  it.each([
    { change: "a selected property", patch: { jobTitle: "Chief Listener" }, surfaces: true },
    { change: "an unselected property", patch: { mobilePhone: "+44 20 7946 0000" }, surfaces: false },
    { change: "accountEnabled, not selected (disabling)", patch: { accountEnabled: false }, surfaces: false },
  ])("a change to $change surfaces the user: $surfaces", async ({ patch, surfaces }) => {
    const { deltaLink } = await round(sim, "/users/delta?$select=displayName,jobTitle");
    const id = live(sim)[5]!;
    sim.handle.directory.updateUser(id, patch);
    const next = await round(sim, deltaLink);
    expect(next.items.map((i) => i.id)).toEqual(surfaces ? [id] : []);
  });

  it("answers a later round with few changes in one page, however big the tenant", async () => {
    const { deltaLink, pages } = await round(sim, "/users/delta?$select=displayName");
    expect(pages.length).toBeGreaterThan(5);
    sim.handle.directory.updateUser(live(sim)[30]!, { displayName: "Only Change" });
    const next = await round(sim, deltaLink);
    expect(next.pages).toHaveLength(1);
    expect(next.items).toEqual([{ id: live(sim)[30], displayName: "Only Change" }]);
  });

  it("reports a hard delete as @removed deleted and a restore as the full user again", async () => {
    const { deltaLink } = await round(sim, "/users/delta?$select=displayName");
    const [gone, back] = live(sim).slice(10, 12) as [string, string];
    sim.handle.directory.hardDelete(gone);
    sim.handle.directory.softDelete(back);
    const afterDelete = await round(sim, deltaLink);
    expect(afterDelete.items).toEqual(
      expect.arrayContaining([
        { id: gone, "@removed": { reason: "deleted" } },
        { id: back, "@removed": { reason: "changed" } },
      ]),
    );
    sim.handle.directory.restore(back);
    const afterRestore = await round(sim, afterDelete.deltaLink);
    expect(afterRestore.items).toEqual([{ id: back, displayName: sim.handle.directory.liveUser(back)!.displayName }]);
  });

  it("$deltatoken=latest returns no data, and a deltaLink that sees only later changes", async () => {
    const latest = await sim.graph("GET", "/users/delta?$select=displayName&$deltatoken=latest");
    expect(latest.body.value).toEqual([]);
    expect(latest.body["@odata.nextLink"]).toBeUndefined();
    const id = live(sim)[2]!;
    sim.handle.directory.updateUser(id, { displayName: "Later Change" });
    expect((await round(sim, latest.body["@odata.deltaLink"])).items).toEqual([{ id, displayName: "Later Change" }]);
  });

  it("$filter by id tracks only those users", async () => {
    const [a, b] = live(sim).slice(0, 2) as [string, string];
    const { items, deltaLink } = await round(sim, `/users/delta?$select=displayName&$filter=id eq '${a}' or id eq '${b}'`);
    expect(items.map((i) => i.id).sort()).toEqual([a, b].sort());
    sim.handle.directory.updateUser(live(sim)[7]!, { displayName: "Not Tracked" });
    sim.handle.directory.updateUser(b, { displayName: "Tracked" });
    expect((await round(sim, deltaLink)).items).toEqual([{ id: b, displayName: "Tracked" }]);
  });

  it.each([
    ["a filter on another property", "$filter=displayName eq 'x'", "Request_UnsupportedQuery"],
    ["more than 50 ids", `$filter=${Array.from({ length: 51 }, (_, i) => `id eq '00000000-0000-4000-8000-${String(i).padStart(12, "0")}'`).join(" or ")}`, "Request_UnsupportedQuery"],
    ["$expand", "$expand=manager", "Request_UnsupportedQuery"],
    ["an unknown property", "$select=favouriteColour", "Request_BadRequest"],
    ["a forged token", "$deltatoken=eyJrIjoidXNlcnMifQ.AAAA", "Request_BadRequest"],
  ])("refuses %s with 400", async (_name, query, code) => {
    const res = await sim.graph("GET", `/users/delta?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
  });

  it("with Prefer: return=minimal sends only the changed properties", async () => {
    const { deltaLink } = await round(sim, "/users/delta?$select=displayName,jobTitle,mobilePhone");
    const id = live(sim).find((u) => sim.handle.directory.liveUser(u)!.mobilePhone)!;
    sim.handle.directory.updateUser(id, { jobTitle: "Minimalist", mobilePhone: null });
    const next = await round(sim, deltaLink, { prefer: "return=minimal" });
    expect(next.items).toEqual([{ id, jobTitle: "Minimalist", mobilePhone: null }]);
  });

  it("honours Prefer: odata.maxpagesize", async () => {
    const res = await sim.graph("GET", "/users/delta?$select=displayName", { headers: { prefer: "odata.maxpagesize=2" } });
    expect(res.body.value).toHaveLength(2);
  });
});

describe.each([
  ["400", 400, "syncStateNotFound"],
  ["410", 410, "resyncRequired"],
] as const)("an expired delta token (deltaExpiry %s)", (deltaExpiry, status, code) => {
  const sim = withSimulator({ users: 20, seed: 4, directory: { deltaExpiry, deltaTokenTtlMs: 7 * 86_400_000 } });

  it(`is refused with ${status} ${code} after 7 days, and a new initial round works`, async () => {
    const { deltaLink } = await round(sim, "/users/delta?$select=displayName");
    expect((await sim.graph("GET", deltaLink)).status).toBe(200);
    sim.handle.clock.advance(7 * 86_400_000 + 1000);
    const res = await sim.graph("GET", deltaLink);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    const restart = status === 410 ? res.headers.get("location")! : "/users/delta?$select=displayName";
    if (status === 410) expect(restart).toMatch(/\/users\/delta\?\$select=displayName&\$deltatoken=$/);
    const again = await round(sim, restart);
    expect(again.items.filter((i) => !i["@removed"]).map((i) => i.id).sort()).toEqual(live(sim).sort());
  });
});

describe("groups delta", () => {
  const sim = withSimulator({ users: 60, seed: 8, directory: { deltaPageSize: 4, groupMembersPerPage: 5 } });

  it("splits a big group over pages; merged, the members are the group's", async () => {
    const { items } = await round(sim, "/groups/delta?$select=displayName,members");
    const merged = new Map<string, Set<string>>();
    for (const g of items) {
      const set = merged.get(g.id) ?? new Set<string>();
      for (const m of (g["members@delta"] as { id: string }[] | undefined) ?? []) set.add(m.id);
      merged.set(g.id, set);
    }
    const file = sim.handle.directory.toFile();
    for (const g of file.groups) expect([...(merged.get(g.id) ?? [])].sort()).toEqual([...g.members].sort());
    // At least one group came in pieces.
    expect(items.length).toBeGreaterThan(file.groups.length);
  });

  it("types nested groups as groups, not flattened", async () => {
    const allStaff = sim.handle.directory.toFile().groups.find((g) => g.displayName === "All Staff")!;
    const { items } = await round(sim, `/groups/delta?$select=displayName,members&$filter=id eq '${allStaff.id}'`);
    const members = items.flatMap((g) => g["members@delta"] as { "@odata.type": string }[]);
    expect(new Set(members.map((m) => m["@odata.type"]))).toEqual(new Set(["#microsoft.graph.group"]));
  });

  it("reports a renamed group, a deleted one as @removed deleted, and its end as a member", async () => {
    const { deltaLink } = await round(sim, "/groups/delta?$select=displayName,members");
    const file = sim.handle.directory.toFile();
    const leadership = file.groups.find((g) => g.displayName === "Leadership")!;
    const parent = file.groups.find((g) => g.members.includes(leadership.id))!;
    const renamed = file.groups.find((g) => g.displayName === "Department Legal")!;
    sim.handle.directory.updateGroup(renamed.id, { displayName: "Department Legal & Compliance" });
    sim.handle.directory.deleteGroup(leadership.id);
    const { items } = await round(sim, deltaLink);
    expect(items).toEqual(
      expect.arrayContaining([
        { id: renamed.id, displayName: "Department Legal & Compliance" },
        { id: leadership.id, "@removed": { reason: "deleted" } },
        { id: parent.id, displayName: parent.displayName, "members@delta": [{ "@odata.type": "#microsoft.graph.group", id: leadership.id, "@removed": { reason: "deleted" } }] },
      ]),
    );
    expect(items).toHaveLength(3);
  });

  it("without members selected, membership changes do not surface the group", async () => {
    const { deltaLink } = await round(sim, "/groups/delta?$select=displayName");
    const group = sim.handle.directory.toFile().groups.find((g) => g.members.length > 1 && g.displayName.startsWith("Department"))!;
    sim.handle.directory.removeMember(group.id, group.members[0]!);
    expect((await round(sim, deltaLink)).items).toEqual([]);
  });

  it("reports a hard-deleted member as removed from each of its groups", async () => {
    const { deltaLink } = await round(sim, "/groups/delta?$select=members");
    const file = sim.handle.directory.toFile();
    const group = file.groups.find((g) => g.members.length > 1 && g.displayName.startsWith("Department"))!;
    const user = group.members.find((m) => sim.handle.directory.liveUser(m))!;
    const itsGroups = file.groups.filter((g) => g.members.includes(user)).map((g) => g.id);
    sim.handle.directory.hardDelete(user);
    const { items } = await round(sim, deltaLink);
    expect(items).toEqual(itsGroups.sort().map((id) => ({ id, "members@delta": [{ "@odata.type": "#microsoft.graph.user", id: user, "@removed": { reason: "deleted" } }] })));
  });
});

describe("directory faults through the control API (routes/directory-faults.ts)", () => {
  const sim = withSimulator({ users: 30, seed: 5, directory: { deltaPageSize: 4, deltaExpiry: "400" } });
  const outage = (body: Record<string, unknown>) => sim.control("PUT", "/directory/outage", body);
  const heal = () => sim.control("DELETE", "/directory/outage");
  const groupsRound = "/groups/delta?$select=displayName,members";

  it.each([
    { as: undefined, status: 400, code: "syncStateNotFound" },
    { as: "400", status: 400, code: "syncStateNotFound" },
    { as: "410", status: 410, code: "resyncRequired" },
  ])("expireDeltaTokens as $as: every earlier deltaLink and nextLink is refused with $status $code, new rounds work", async ({ as, status, code }) => {
    const users = await round(sim, "/users/delta?$select=displayName");
    const groups = await round(sim, groupsRound);
    const midRound = (await sim.graph("GET", "/users/delta?$select=displayName")).body["@odata.nextLink"] as string;
    expect((await sim.control("POST", "/directory/expireDeltaTokens", as === undefined ? {} : { as })).status).toBe(204);
    for (const link of [users.deltaLink, groups.deltaLink, midRound]) {
      const res = await sim.graph("GET", link);
      expect(res.status, link).toBe(status);
      expect(res.body.error.code).toBe(code);
      if (status === 410) expect(res.headers.get("location")).toMatch(/\/(users|groups)\/delta\?\$select=displayName(,members)?&\$deltatoken=$/);
    }
    const again = await round(sim, "/users/delta?$select=displayName");
    expect(again.items.map((i) => i.id).sort()).toEqual(live(sim).sort());
    expect((await sim.graph("GET", again.deltaLink)).status).toBe(200);
  });

  it("refuses a malformed expiry or outage with 400", async () => {
    expect((await sim.control("POST", "/directory/expireDeltaTokens", { as: "418" })).status).toBe(400);
    for (const body of [{ resource: "devices", fault: "503" }, { resource: "users", fault: "500" }, { resource: "users", fault: "503", afterPages: -1 }]) {
      expect((await outage(body)).status, JSON.stringify(body)).toBe(400);
    }
  });

  it.each([
    { fault: "503", status: 503, code: "serviceNotAvailable" },
    { fault: "404", status: 404, code: "Request_ResourceNotFound" },
  ])("a $fault outage after 2 pages answers $status $code to every later page until it ends", async ({ fault, status, code }) => {
    await outage({ resource: "users", fault, afterPages: 2, retryAfterSeconds: 0.5 });
    try {
      let res = await sim.graph("GET", "/users/delta?$select=displayName");
      res = await sim.graph("GET", res.body["@odata.nextLink"]);
      expect(res.status).toBe(200);
      const third = res.body["@odata.nextLink"] as string;
      for (let i = 0; i < 3; i++) {
        const failed = await sim.graph("GET", third);
        expect(failed.status).toBe(status);
        expect(failed.body.error.code).toBe(code);
        if (status === 503) expect(failed.headers.get("retry-after")).toBe("0.5");
      }
      // Groups delta is another read: untouched.
      expect((await sim.graph("GET", groupsRound)).status).toBe(200);
      await heal();
      expect((await sim.graph("GET", third)).status).toBe(200);
    } finally {
      await heal();
    }
  });

  it("a reset outage with times: 2 drops two connections, then answers", async () => {
    await outage({ resource: "groups", fault: "reset", times: 2 });
    try {
      await expect(sim.graph("GET", groupsRound)).rejects.toThrow();
      await expect(sim.graph("GET", groupsRound)).rejects.toThrow();
      expect((await sim.graph("GET", groupsRound)).status).toBe(200);
    } finally {
      await heal();
    }
  });

  it("an empty outage answers full rounds with no users and groups without members; incremental rounds are untouched", async () => {
    const before = await round(sim, "/users/delta?$select=displayName");
    await outage({ resource: "users", fault: "empty" });
    await outage({ resource: "groups", fault: "empty" });
    try {
      const empty = await round(sim, "/users/delta?$select=displayName");
      expect(empty.items).toEqual([]);
      const groups = await round(sim, groupsRound);
      expect(groups.items.length).toBe(sim.handle.directory.toFile().groups.length);
      expect(groups.items.filter((g) => g["members@delta"] !== undefined)).toEqual([]);
      // An incremental round still reports what changed.
      const id = live(sim)[3]!;
      sim.handle.directory.updateUser(id, { displayName: "Changed During The Outage" });
      expect((await round(sim, before.deltaLink)).items.map((i) => i.id)).toEqual([id]);
      // The empty round's deltaLink reports later changes as usual.
      sim.handle.directory.updateUser(id, { displayName: "Changed Again" });
      await heal();
      expect((await round(sim, empty.deltaLink)).items.map((i) => i.id)).toEqual([id]);
    } finally {
      await heal();
    }
  });
});

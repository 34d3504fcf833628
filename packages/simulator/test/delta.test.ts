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

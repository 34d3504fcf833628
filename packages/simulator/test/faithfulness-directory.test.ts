/**
 * Faithfulness, directory side: for each user, group, delta and directory-error example in
 * fixtures/graph/, the documented request sent to the simulator yields the fixture's status, keys,
 * annotations and value types (packages/simulator/src/testing/fixture-shape.ts).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { expectFixtureShape, loadFixture, type Fixture } from "../src/testing";
import { withSimulator } from "../src/testing";

// Small pages so the documented multi-page rounds happen in a small tenant.
const sim = withSimulator({ users: 24, seed: 11, directory: { deltaPageSize: 4 } });

/**
 * A page fixture whose `value` may hold any element shape of the documented round: the documented
 * pages split the same kinds of objects (full users, users with never-set names, @removed entries)
 * differently from how a generated tenant's pages fall.
 */
function asRoundPage(name: string): Fixture {
  const page = loadFixture(name);
  const round = ["user-delta-first-page-nextlink", "user-delta-second-page-nextlink", "user-delta-final-page-deltalink"].flatMap(
    (n) => (loadFixture(n).response.body as { value: unknown[] }).value,
  );
  return { ...page, response: { ...page.response, body: { ...(page.response.body as object), value: round } } };
}

/** The fixture's request path below /v1.0. */
const pathOf = (f: Fixture): string => decodeURI(f.request!.url.replace("https://graph.microsoft.com/v1.0", ""));

describe("users", () => {
  it("user-list-default-properties: GET /users", async () => {
    expectFixtureShape(await sim.graph("GET", pathOf(loadFixture("user-list-default-properties"))), loadFixture("user-list-default-properties"));
  });

  it("user-list-select: $select with an assignedLicenses/any filter", async () => {
    const fixture = loadFixture("user-list-select");
    for (const upn of ["lic1", "lic2"]) {
      const hired = await sim.control("POST", "/users", {
        userPrincipalName: `${upn}@${sim.handle.domain}`,
        displayName: upn,
        mail: `${upn}@${sim.handle.domain}`,
        assignedLicenses: [{ skuId: "cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46", disabledPlans: [] }],
        mailbox: "user",
      });
      expect(hired.status).toBe(201);
    }
    const res = await sim.graph("GET", pathOf(fixture));
    expectFixtureShape(res, fixture);
    expect(res.body.value.map((u: { mail: string }) => u.mail).sort()).toEqual([`lic1@${sim.handle.domain}`, `lic2@${sim.handle.domain}`]);
  });

  it("error-delta-property-not-supported-501: $select of a property stored outside the directory", async () => {
    const fixture = loadFixture("error-delta-property-not-supported-501");
    expectFixtureShape(await sim.graph("GET", pathOf(fixture)), fixture);
  });

  it("error-invalid-user-404: an Outlook resource of an unknown user", async () => {
    const res = await sim.graph("GET", "/users/4679dbfa-d1b9-45ad-87b5-0eb9e6b80123/mailboxSettings");
    expectFixtureShape(res, loadFixture("error-invalid-user-404"));
    expect(res.body.error.code).toBe("ErrorInvalidUser");
  });

  it("error-mailbox-not-enabled-404: an Outlook resource of a user without a mailbox", async () => {
    const guest = sim.handle.directory.toFile().users.find((u) => u.userType === "Guest")!;
    const res = await sim.graph("GET", `/users/${guest.id}/mailboxSettings`);
    expectFixtureShape(res, loadFixture("error-mailbox-not-enabled-404"));
    expect(res.body.error.code).toBe("MailboxNotEnabledForRESTAPI");
  });
});

describe("user delta, as documented (https://learn.microsoft.com/graph/delta-query-users)", () => {
  let pages: { status: number; body: Record<string, unknown> }[] = [];
  let deltaLink = "";

  beforeAll(async () => {
    // A soft-deleted user so the initial round shows @removed like the documented first page.
    const first = sim.handle.directory.userIds[0]!;
    if (!sim.handle.directory.userRecord(first)?.user?.deletedDateTime) sim.handle.directory.softDelete(first);
    let res = await sim.graph("GET", pathOf(loadFixture("user-delta-first-page-nextlink")));
    pages = [res];
    while (res.body["@odata.nextLink"]) {
      res = await sim.graph("GET", res.body["@odata.nextLink"] as string);
      pages.push(res);
    }
    deltaLink = res.body["@odata.deltaLink"] as string;
  });

  it("user-delta-first-page-nextlink: the initial $select request", () => {
    expectFixtureShape(pages[0]!, loadFixture("user-delta-first-page-nextlink"));
  });

  it("user-delta-second-page-nextlink: a middle page", () => {
    expect(pages.length).toBeGreaterThan(2);
    expectFixtureShape(pages[1]!, asRoundPage("user-delta-second-page-nextlink"));
  });

  it("user-delta-final-page-deltalink: the last page carries the deltaLink", () => {
    expectFixtureShape(pages[pages.length - 1]!, asRoundPage("user-delta-final-page-deltalink"));
  });

  it("user-delta-deltalink-round-no-changes: nothing changed", async () => {
    expectFixtureShape(await sim.graph("GET", deltaLink), loadFixture("user-delta-deltalink-round-no-changes"));
  });

  it("user-delta-deltalink-round-removed: a rename and a soft delete", async () => {
    const [renamed, removed] = sim.handle.directory.userIds.filter((id) => sim.handle.directory.liveUser(id)?.givenName).slice(0, 2);
    await sim.control("PATCH", `/users/${renamed!}`, { displayName: "Renamed Person", givenName: "Renamed" });
    await sim.control("DELETE", `/users/${removed!}`);
    const res = await sim.graph("GET", deltaLink);
    expectFixtureShape(res, loadFixture("user-delta-deltalink-round-removed"));
    expect(res.body.value).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: renamed, displayName: "Renamed Person" }), { id: removed, "@removed": { reason: "changed" } }]),
    );
  });
});

describe("group delta, as documented (https://learn.microsoft.com/graph/delta-query-groups)", () => {
  it("group-delta-initial-members and group-delta-deltalink-members-removed", async () => {
    const initial = loadFixture("group-delta-initial-members");
    // One group without members, as in the documented first page.
    await sim.control("POST", "/groups", { id: "00000000-0000-4000-8000-000000000001", displayName: "Empty", description: "No members yet" });
    const first = await sim.graph("GET", pathOf(initial));
    expectFixtureShape(first, initial);

    let res = first;
    while (res.body["@odata.nextLink"]) res = await sim.graph("GET", res.body["@odata.nextLink"]);
    const group = sim.handle.directory.toFile().groups.find((g) => g.members.length > 0 && g.displayName.startsWith("Department"))!;
    const outgoing = group.members[0]!;
    const incoming = sim.handle.directory.userIds.find((id) => sim.handle.directory.liveUser(id) && !group.members.includes(id))!;
    await sim.control("DELETE", `/groups/${group.id}/members/${outgoing}`);
    await sim.control("POST", `/groups/${group.id}/members`, { id: incoming });

    const changed = await sim.graph("GET", res.body["@odata.deltaLink"]);
    expectFixtureShape(changed, loadFixture("group-delta-deltalink-members-removed"));
    expect(changed.body.value).toEqual([
      expect.objectContaining({
        id: group.id,
        "members@delta": expect.arrayContaining([
          { "@odata.type": "#microsoft.graph.user", id: outgoing, "@removed": { reason: "deleted" } },
          { "@odata.type": "#microsoft.graph.user", id: incoming },
        ]),
      }),
    ]);
  });
});

/**
 * Declarative removal end to end (src/engine/removal.ts, src/record): what is no longer declared
 * leaves the mailboxes — and nothing else does. One small tenant, tests in order, each starting
 * from what the previous left, as successive reconcile runs do. Every run keeps the removal record
 * (`--record`) beside the state directory.
 */
import { readFile, rm } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { EXIT_REFUSED } from "../../src/cli/commands/apply";
import type { TenantFile } from "@cync/simulator";
import { STAFF_POLICY, markerOf, withApplyTenant, writesOf } from "./harness";

const t = withApplyTenant({ users: 30, mailboxes: 6, seed: 11 });

/** A policy for the members of one group, into its own "Team" folder, with tight limits. */
const groupPolicy = (name: string, groupId: string): string => `apiVersion: cync/v1
kind: ContactSyncPolicy
metadata:
  name: ${name}
spec:
  targets:
    where:
      memberOf:
        id: ${groupId}
  folder:
    name: Team
  safety:
    maxDeletes: 20
    maxDeletePercent: 10
    deletion: permanent
`;

let groupId = "";
/** Three licensed users in the group: A keeps a contact of their own in the Team folder. */
let [a, b, c] = ["", "", ""];
const apply = (allowDeletes = false) => t.apply({ record: t.recordFile, allowDeletes });

/** Every contact of the mailbox's folders that `keep` names, as JSON: compared byte for byte across a run. */
const snapshot = async (mailboxId: string, keep: (folder: string) => boolean = () => true): Promise<string> =>
  JSON.stringify((await t.folders(mailboxId)).filter((f) => keep(f.displayName)).map((f) => [f.displayName, f.contacts]));
const teamFolder = async (mailboxId: string) => (await t.folders(mailboxId)).find((f) => f.displayName === "Team");
const recorded = async (): Promise<Record<string, { mailboxes: Record<string, { folderCreated: boolean }> }>> => {
  const doc = JSON.parse(await readFile(t.recordFile, "utf8")) as { tenants: Record<string, Record<string, { mailboxes: Record<string, { folderCreated: boolean }> }>> };
  return Object.values(doc.tenants)[0] ?? {};
};

describe("declarative removal against the embedded tenant", () => {
  beforeAll(async () => {
    const tenant = (await t.control("GET", "/tenant")).body as TenantFile;
    [a, b, c] = tenant.users.filter((u) => u.mailbox === "user" && u.accountEnabled !== false).map((u) => u.id) as [string, string, string];
    const group = await t.control("POST", "/groups", { displayName: "Team", members: [a, b, c] });
    groupId = (group.body as { id: string }).id;
    await t.writePolicies({ "staff.yaml": STAFF_POLICY, "team.yaml": groupPolicy("team", groupId) });
  });

  it("records which mailboxes each policy wrote to, and whether it created the folder", async () => {
    const run = await apply();
    expect(run.code, run.stderr).toBe(0);
    for (const m of [a, b, c]) expect((await t.owned(m, "team")).size, `mailbox ${m}`).toBeGreaterThan(0);
    const team = (await recorded())["team"]!;
    expect(Object.keys(team.mailboxes).sort()).toEqual([a, b, c].sort());
    expect(Object.values(team.mailboxes).every((e) => e.folderCreated)).toBe(true);
    expect(JSON.stringify(await recorded())).not.toMatch(/@|displayName/);
    const own = await t.control("POST", `/mailboxes/${a}/contactFolders/${(await teamFolder(a))!.id}/contacts`, { displayName: "Pat the plumber" });
    expect(own.status).toBe(201);
  });

  it("removes a policy's contacts, and the folder it created, from a mailbox that left the target group — nothing else", async () => {
    const othersBefore = await Promise.all([a, c].map((m) => snapshot(m)));
    const staffBefore = await snapshot(b, (f) => f !== "Team");
    expect((await t.control("DELETE", `/groups/${groupId}/members/${b}`)).status).toBe(204);
    const run = await apply();
    expect(run.code, run.stderr).toBe(0);
    expect(run.json.summary.delete).toBeGreaterThan(0);
    expect((await t.owned(b, "team")).size).toBe(0);
    expect(await teamFolder(b)).toBeUndefined();
    expect(await snapshot(b, (f) => f !== "Team")).toBe(staffBefore);
    expect(await Promise.all([a, c].map((m) => snapshot(m)))).toEqual(othersBefore);
    expect(Object.keys((await recorded())["team"]!.mailboxes).sort()).toEqual([a, c].sort());
  });

  it("refuses to empty a target group's mailboxes (exit 3, nothing written) unless --allow-deletes", async () => {
    for (const m of [a, c]) expect((await t.control("DELETE", `/groups/${groupId}/members/${m}`)).status).toBe(204);
    await t.requestsSince();
    const refused = await apply();
    expect(refused.code).toBe(EXIT_REFUSED);
    expect(refused.json.refused).toEqual([expect.objectContaining({ kind: "too-many-deletes", policy: "team" })]);
    expect(writesOf(await t.requestsSince())).toBe(0);
    expect((await t.owned(a, "team")).size).toBeGreaterThan(0);
    // Put back: the next run has nothing to remove.
    for (const m of [a, c]) expect((await t.control("POST", `/groups/${groupId}/members`, { id: m })).status).toBe(204);
    const again = await apply();
    expect(again.json.summary.delete).toBe(0);
  });

  it("treats a rename as a removal plus an add: the new name's contacts, none of the old, no duplicates", async () => {
    const staffBefore = await snapshot(a, (f) => f !== "Team");
    await t.writePolicies({ "staff.yaml": STAFF_POLICY, "crew.yaml": groupPolicy("crew", groupId) });
    const run = await apply(true);
    expect(run.code, run.stderr).toBe(0);
    for (const m of [a, c]) {
      expect((await t.owned(m, "team")).size, `mailbox ${m}`).toBe(0);
      const crew = await t.owned(m, "crew");
      expect(crew.size).toBeGreaterThan(0);
      expect([...crew.values()].every((cs) => cs.length === 1)).toBe(true);
    }
    // The folder is the new name's now: kept, with A's own contact still in it.
    expect((await teamFolder(a))!.contacts.filter((x) => markerOf(x) === undefined).map((x) => x.displayName)).toEqual(["Pat the plumber"]);
    expect(await snapshot(a, (f) => f !== "Team")).toBe(staffBefore);
    expect(Object.keys(await recorded()).sort()).toEqual(["crew", "staff"]);
  });

  it("removes a deleted policy's contacts even with the state directory deleted: the record is not in it", async () => {
    await rm(t.stateDir, { recursive: true, force: true });
    await t.writePolicies({ "staff.yaml": STAFF_POLICY });
    const run = await apply(true);
    expect(run.code, run.stderr).toBe(0);
    for (const m of [a, c]) expect((await t.owned(m, "crew")).size, `mailbox ${m}`).toBe(0);
    expect((await teamFolder(a))!.contacts.map((x) => x.displayName)).toEqual(["Pat the plumber"]);
    expect(Object.keys(await recorded())).toEqual(["staff"]);
  });

  it("finds and removes a removed policy's contacts with --sweep when the record is lost, and records the others again", async () => {
    await t.writePolicies({ "staff.yaml": STAFF_POLICY, "squad.yaml": groupPolicy("squad", groupId).replace("name: Team", "name: Squad") });
    expect((await apply()).code).toBe(0);
    expect((await t.owned(a, "squad")).size).toBeGreaterThan(0);
    await rm(t.recordFile);
    await t.writePolicies({ "staff.yaml": STAFF_POLICY });
    const blind = await apply();
    expect(blind.json.planned.delete).toBe(0);
    const staffBefore = await Promise.all([a, b, c].map((m) => snapshot(m, (f) => f !== "Squad")));

    await t.requestsSince();
    const run = await t.apply({ record: t.recordFile, sweep: true });
    expect(run.code, run.stderr).toBe(0);
    const cost = /sweep searched (\d+) mailboxes \((\d+) not served by Exchange\) with (\d+) requests, ([\d.]+) per mailbox/.exec(run.stderr);
    expect(cost, run.stderr).not.toBeNull();
    const [searched, unserved, requests] = cost!.slice(1, 4).map(Number) as [number, number, number];
    // Each served mailbox: its folder listing, the default Contacts folder and each folder (CYNC, Team, Squad: at most 3).
    expect(requests).toBeLessThanOrEqual(unserved + (searched - unserved) * 5);
    console.log(`sweep cost: ${cost![0]}`);
    for (const m of [a, c]) expect((await t.owned(m, "squad")).size, `mailbox ${m}`).toBe(0);
    expect(await Promise.all([a, b, c].map((m) => snapshot(m, (f) => f !== "Squad")))).toEqual(staffBefore);
    // The sweep never removes a folder: without the record, cync cannot know it created it.
    expect((await t.folders(a)).some((f) => f.displayName === "Squad")).toBe(true);
    const again = await recorded();
    expect(Object.keys(again)).toEqual(["staff"]);
    expect(Object.keys(again["staff"]!.mailboxes)).toContain(a);
  });
});

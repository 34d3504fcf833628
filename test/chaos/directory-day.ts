/**
 * What the expiry and source-outage scenarios share: the suite's policy read through a group —
 * sources and targets are members of "Chaos Everyone", a group holding every user, so the oracle
 * (oracle.ts) is unchanged while every run reads groups delta too — and the tenant's side of a run:
 * the writes it received, life in the directory between runs, and the directory's bad days
 * (`/_sim/directory/…`, the simulator's routes/directory-faults.ts).
 */
import { writeFile } from "node:fs/promises";
import { expect } from "vitest";
import * as path from "node:path";
import type { TenantFile } from "@cync/simulator";
import { control, type ApplyRun, type ChaosTenant } from "./chaos-tenant";
import { desiredState } from "./oracle";
import type { Survival } from "./survival";

export const GROUP = "Chaos Everyone";

const GROUP_POLICY = `apiVersion: cync/v1
kind: ContactSyncPolicy
metadata:
  name: staff
spec:
  source:
    where:
      memberOf: { displayName: "${GROUP}" }
  targets:
    where:
      memberOf: { displayName: "${GROUP}" }
  safety:
    deletion: permanent
`;

export const tenantFile = async (t: ChaosTenant): Promise<TenantFile> => (await control(t.handle, "GET", "/tenant")) as TenantFile;

/** Creates the group holding every user not deleted; returns its id. */
export async function createGroup(t: ChaosTenant): Promise<string> {
  const members = (await tenantFile(t)).users.filter((u) => !u.deletedDateTime).map((u) => u.id);
  return ((await control(t.handle, "POST", "/groups", { displayName: GROUP, members })) as { id: string }).id;
}

/** Creates the group and points the suite's policy at it; returns the group's id. */
export async function readThroughGroup(t: ChaosTenant): Promise<string> {
  const group = await createGroup(t);
  await writeFile(path.join(t.policiesDir, "staff.yaml"), GROUP_POLICY);
  return group;
}

/** Writes (POST, PATCH, DELETE) the tenant's Graph side has received since start. */
export async function writes(t: ChaosTenant): Promise<number> {
  const stats = (await control(t.handle, "GET", "/stats")) as { requests: { byMethod: Record<string, number> } };
  return ["POST", "PATCH", "DELETE"].reduce((n, m) => n + (stats.requests.byMethod[m] ?? 0), 0);
}

/** Contacts the oracle wants gone after the directory changed: leavers' contacts, one per mailbox that had them. */
export function departures(before: TenantFile, after: TenantFile): number {
  const was = desiredState(before);
  const now = desiredState(after);
  let n = 0;
  for (const [mailbox, contacts] of was) for (const source of contacts.keys()) if (now.get(mailbox)?.has(source) !== true) n++;
  return n;
}

/**
 * A day in the directory: someone joins (a source, in the group), someone leaves (soft-deleted),
 * someone is renamed. Returns the tenant before the changes, for {@link departures}.
 */
export async function directoryDay(t: ChaosTenant, groupId: string, day: number): Promise<TenantFile> {
  const before = await tenantFile(t);
  const want = desiredState(before);
  // Sources that own no target mailbox: leaving or renamed, they change every mailbox alike.
  const people = [...new Set([...want.values()].flatMap((m) => [...m.keys()]))].filter((id) => !want.has(id)).sort();
  const hire = (await control(t.handle, "POST", "/users", {
    userPrincipalName: `joiner.${day}@${t.handle.domain}`,
    mail: `joiner.${day}@${t.handle.domain}`,
    displayName: `Joiner ${day}`,
    accountEnabled: true,
    userType: "Member",
    mailbox: null,
  })) as { id: string };
  await control(t.handle, "POST", `/groups/${groupId}/members`, { id: hire.id });
  await control(t.handle, "DELETE", `/users/${people[day % people.length]!}`);
  await control(t.handle, "PATCH", `/users/${people[(day + 1) % people.length]!}`, { displayName: `Renamed ${day}` });
  return before;
}

/** Asserts the run succeeded and left the tenant converged, duplicates and foreign items included; tallies it. */
export async function expectConverged(t: ChaosTenant, run: ApplyRun, what: string, survived: Survival): Promise<void> {
  expect(run.code, `${what}: ${run.stderr}`).toBe(0);
  expect(run.report?.failures, what).toEqual([]);
  const verdict = await t.judge();
  expect(verdict.diverged, what).toEqual([]);
  expect(verdict.foreignWrites, what).toEqual([]);
  survived.retries += run.report?.retries ?? 0;
  survived.lost += verdict.missing;
}

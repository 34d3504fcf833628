/**
 * Chaos scenario, source outage (README "Reliability: `npm run test:chaos`"): the directory read
 * fails part way (a page answering 503 beyond the retries, or 404), comes back emptier than it can
 * be (a full read with no users, or with the group the policy reads through stripped of its
 * members), or the group the policy names vanished (deleted or renamed). Each time a day of
 * directory changes is pending, so the run has writes to make, and the run must make none: exit
 * non-zero with one error line that names what failed and no personal data, nothing written,
 * nothing foreign touched — and once the directory is healthy again, the next run converges. A
 * connection dropped mid-page-set that the retries get past is no outage: that run converges.
 *
 * Which layer catches what (README "Reliability"): a failed page fails the read (src/directory:
 * a round is complete or absent); an empty full users read and a group resync without the members
 * Graph still lists are refused by the directory read (src/directory/users.ts, groups.ts); a
 * vanished group is an error naming the policy and the group (src/directory/groups.ts).
 */
import { describe, expect, it } from "vitest";
import { control, startChaosTenant, type ChaosTenant } from "./chaos-tenant";
import { createGroup, directoryDay, expectConverged, GROUP, readThroughGroup, tenantFile, writes } from "./directory-day";
import { chaosSize, noSurvival, report } from "./survival";

const size = chaosSize({ seeds: 1, users: 16, mailboxes: 4 });

interface Outage {
  readonly name: string;
  /** Breaks the directory; the group's id is the one the policy reads through. */
  readonly start: (t: ChaosTenant, group: string) => Promise<void>;
  /** Heals it; returns the id of the group the policy reads through afterwards. */
  readonly end: (t: ChaosTenant, group: string) => Promise<string>;
  /** The error line, or "converges" for a fault the retries get past. */
  readonly error: RegExp | "converges";
}

const outage = (body: Record<string, unknown>) => (t: ChaosTenant) => control(t.handle, "PUT", "/directory/outage", body).then(() => undefined);
/** A full read is what an outage mid-page-set or an empty page set hits: the delta tokens expire first. */
const inFullRead = (body: Record<string, unknown>) => async (t: ChaosTenant) => {
  await control(t.handle, "POST", "/directory/expireDeltaTokens", { as: "410" });
  await outage(body)(t);
};
const healed = async (t: ChaosTenant, group: string): Promise<string> => {
  await control(t.handle, "DELETE", "/directory/outage");
  return group;
};

const OUTAGES: readonly Outage[] = [
  {
    name: "a users delta page answers 503 beyond the retries",
    start: inFullRead({ resource: "users", fault: "503", afterPages: 3, retryAfterSeconds: 0.01 }),
    end: healed,
    error: /^cync apply: read directory failed with status 503 serviceNotAvailable: GET https:\/\/[\d.:]+\/v1\.0\/users\/delta$/,
  },
  {
    name: "a groups delta page answers 503 beyond the retries",
    start: inFullRead({ resource: "groups", fault: "503", afterPages: 2, retryAfterSeconds: 0.01 }),
    end: healed,
    error: /^cync apply: read directory failed with status 503 serviceNotAvailable: GET https:\/\/[\d.:]+\/v1\.0\/groups\/delta$/,
  },
  {
    name: "groups delta answers 404 Request_ResourceNotFound",
    start: outage({ resource: "groups", fault: "404" }),
    end: healed,
    error: /^cync apply: read directory failed with status 404 Request_ResourceNotFound: GET https:\/\/[\d.:]+\/v1\.0\/groups\/delta$/,
  },
  {
    name: "two connections drop mid-page-set, and the retries get past them",
    start: inFullRead({ resource: "users", fault: "reset", afterPages: 3, times: 2 }),
    end: healed,
    error: "converges",
  },
  {
    name: "a full users read returns no users",
    start: inFullRead({ resource: "users", fault: "empty" }),
    end: healed,
    error: /^cync apply: read users delta: a full read returned no users at all; a tenant always has some, so the read is not trusted$/,
  },
  {
    name: "a full groups read returns the group without its members",
    start: inFullRead({ resource: "groups", fault: "empty" }),
    end: healed,
    error: /^cync apply: read groups delta: a full read returned group [0-9a-f-]+ without members, but it had \d+ and Graph still lists members for it; the read is not trusted$/,
  },
  {
    name: "the group the policy names is deleted",
    start: (t, group) => control(t.handle, "DELETE", `/groups/${group}`).then(() => undefined),
    // Re-created under the same name, as an administrator would.
    end: createGroup,
    error: new RegExp(`^cync apply: cannot resolve the groups the policies name: policy "staff": no group is named "${GROUP}"$`),
  },
  {
    name: "the group the policy names is renamed",
    start: (t, group) => control(t.handle, "PATCH", `/groups/${group}`, { displayName: `${GROUP} (old)` }).then(() => undefined),
    end: async (t, group) => {
      await control(t.handle, "PATCH", `/groups/${group}`, { displayName: GROUP });
      return group;
    },
    error: new RegExp(`^cync apply: cannot resolve the groups the policies name: policy "staff": no group is named "${GROUP}"$`),
  },
];

describe(`source outage: ${size.seeds} seeds, ${size.users} users, ${size.mailboxes} mailboxes`, () => {
  it("no deletes, nothing written, one clear error line and a non-zero exit; the next healthy run converges", async () => {
    const survived = noSurvival();
    for (let seed = 1; seed <= size.seeds; seed++) {
      const t = await startChaosTenant({ users: size.users, mailboxes: size.mailboxes, seed, directory: { deltaPageSize: 4, groupMembersPerPage: 4 } });
      try {
        let group = await readThroughGroup(t);
        await t.plant();
        await expectConverged(t, await t.apply(), "first run", survived);
        for (const [day, o] of OUTAGES.entries()) {
          await directoryDay(t, group, day);
          await o.start(t, group);
          const before = await writes(t);
          const run = await t.apply();
          survived.faults++;
          if (o.error === "converges") {
            await expectConverged(t, run, o.name, survived);
          } else {
            expect(run.code, o.name).not.toBe(0);
            const errors = run.stderr.split("\n").filter((l) => l.startsWith("cync apply:"));
            expect(errors, o.name).toHaveLength(1);
            expect(errors[0], o.name).toMatch(o.error);
            const people = (await tenantFile(t)).users.flatMap((u) => [u.mail, u.displayName, u.userPrincipalName]).filter((v): v is string => typeof v === "string");
            expect(people.filter((p) => errors[0]!.includes(p)), `${o.name}: personal data in the error`).toEqual([]);
            expect((await writes(t)) - before, `${o.name}: writes`).toBe(0);
          }
          expect((await t.judge()).foreignWrites, o.name).toEqual([]);
          group = await o.end(t, group);
          await expectConverged(t, await t.apply(), `${o.name}, healed`, survived);
        }
        survived.seeds++;
      } finally {
        await t.close();
      }
    }
    report("outage", survived);
  }, 300_000);
});

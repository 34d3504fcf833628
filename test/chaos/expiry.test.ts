/**
 * Chaos scenario, expiry (README "Reliability: `npm run test:chaos`"), on a tenant whose policy
 * reads sources and targets through a group (directory-day.ts), so users delta and groups delta are
 * both in play:
 *
 * - the access token expires several times during one apply: tokens live a real second and the
 *   run lasts at least three lifetimes on the tenant's clock; an expired token is refused 401,
 *   which would fail the run, so exit 0 means cync renewed each one in time;
 * - the directory delta tokens (users and groups) expire, refused both ways Graph does — 400
 *   `syncStateNotFound` and 410 Gone with a resync Location — after a day of joiners, leavers and
 *   renames: cync reads the directory in full and deletes exactly the leaver's contacts, nobody
 *   merely not yet re-read;
 * - every contacts delta token expires (410 `SyncStateNotFound`): full folder reads.
 *
 * Each ends converged with no duplicate, no failed mailbox and nothing foreign touched.
 */
import { describe, expect, it } from "vitest";
import type { TenantFile } from "@cync/simulator";
import { control, startChaosTenant, type ChaosTenant } from "./chaos-tenant";
import { departures, directoryDay, expectConverged, readThroughGroup } from "./directory-day";
import { desiredState } from "./oracle";
import { chaosSize, noSurvival, report } from "./survival";

const size = chaosSize({ seeds: 1, users: 16, mailboxes: 4 });
/**
 * The access token's lifetime, simulated seconds, and the tenant's clock speed: a token lives one
 * real second (the tenant scales `expires_in` to the client's real clock).
 */
const TOKEN_LIFETIME_SEC = 600;
const TIME_SCALE = 600;

async function statusCount(t: ChaosTenant, status: number): Promise<number> {
  const stats = (await control(t.handle, "GET", "/stats")) as { requests: { byStatus: Record<string, number> } };
  return stats.requests.byStatus[String(status)] ?? 0;
}

describe(`expiry: ${size.seeds} seeds, ${size.users} users, ${size.mailboxes} mailboxes`, () => {
  it("access tokens, directory delta tokens (400 and 410) and contacts delta tokens expire; every run converges", async () => {
    const survived = noSurvival();
    for (let seed = 1; seed <= size.seeds; seed++) {
      // Access tokens: a tenant of its own, whose latency makes the first apply last several token
      // lifetimes however fast the machine; the first apply writes every contact meanwhile. The
      // tenant refuses an expired token (401), which would fail the run: exit 0 and converged
      // means cync renewed each one in time.
      const slow = await startChaosTenant({ users: size.users, mailboxes: size.mailboxes, seed, latencyMs: 150, tokenLifetimeSec: TOKEN_LIFETIME_SEC, timeScale: TIME_SCALE });
      try {
        await readThroughGroup(slow);
        await slow.plant();
        const clock = async (): Promise<number> => Date.parse(((await control(slow.handle, "GET", "/clock")) as { now: string }).now);
        const began = await clock();
        const first = await slow.apply({ concurrency: 1 });
        const lifetimes = ((await clock()) - began) / (TOKEN_LIFETIME_SEC * 1000);
        console.log(`chaos expiry seed ${seed}: the first apply lasted ${lifetimes.toFixed(1)} access-token lifetimes`);
        expect(lifetimes, "the token expired at least three times during the run").toBeGreaterThanOrEqual(3);
        await expectConverged(slow, first, "token expiry", survived);
        survived.faults += Math.floor(lifetimes);
      } finally {
        await slow.close();
      }

      const t = await startChaosTenant({ users: size.users, mailboxes: size.mailboxes, seed, latencyMs: 5 });
      try {
        const groupId = await readThroughGroup(t);
        await t.plant();
        await expectConverged(t, await t.apply(), "first run", survived);

        // Directory delta tokens expire, refused each way Graph does, after a day of changes.
        for (const [day, as] of (["400", "410"] as const).entries()) {
          const before = await directoryDay(t, groupId, day);
          await control(t.handle, "POST", "/directory/expireDeltaTokens", { as });
          const refusedBefore = await statusCount(t, Number(as));
          const run = await t.apply();
          expect((await statusCount(t, Number(as))) - refusedBefore, `users and groups delta refused ${as}`).toBe(2);
          // The full resync deletes the leaver's contacts and nobody else's.
          expect(run.report?.planned.delete, `delta expiry ${as}`).toBe(departures(before, (await control(t.handle, "GET", "/tenant")) as TenantFile));
          await expectConverged(t, run, `delta expiry ${as}`, survived);
          survived.faults += 2;
        }

        // Every contacts delta token expires, after a change every mailbox must take.
        const targets = [...desiredState((await control(t.handle, "GET", "/tenant")) as TenantFile).keys()];
        for (const m of targets) await control(t.handle, "POST", `/mailboxes/${m}/expireDeltaTokens`);
        await directoryDay(t, groupId, 2);
        const gone = await statusCount(t, 410);
        const run = await t.apply();
        expect((await statusCount(t, 410)) - gone, "contacts delta refused 410").toBeGreaterThanOrEqual(targets.length);
        await expectConverged(t, run, "contacts delta expiry", survived);
        survived.faults += targets.length;
        survived.seeds++;
      } finally {
        await t.close();
      }
    }
    report("expiry", survived);
  }, 300_000);
});

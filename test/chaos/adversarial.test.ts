/**
 * Chaos scenario, adversarial directory data (README "Reliability: `npm run test:chaos`"): the
 * directory gets users no import should produce and every real tenant has some of — fields at and
 * over Exchange's limits, 1,000-character names, more addresses than a contact holds, addresses that
 * are not addresses, emoji cut at the limit, right-to-left text, zero-width and control characters
 * (NUL, U+FFFE, lone surrogates), nulls and empty lists, no name at all, two users sharing one mail
 * address, phone numbers that do not parse. The policy maps every address attribute
 * (mail, otherMails, proxyAddresses) and the business phones twice, so the lists overflow.
 *
 * 1. Against a tenant with Exchange's limits: the run ends with exit 0, the tenant refused nothing
 *    (no 400 at all), every user with a mail address — the nameless one shown by it, both users of
 *    the shared address — is a contact as the oracle computes it, nothing foreign changed, and a
 *    second run has nothing to do.
 * 2. Against a tenant told Exchange is stricter than cync believes (64-character text): the users
 *    with longer text are refused and reported by user id, not by mailbox; each refused body is
 *    sent at most once per mailbox worked on at once, never once per mailbox; every other user's
 *    contact is written.
 */
import { describe, expect, it } from "vitest";
import type { TenantUser } from "@cync/simulator";
import { STAFF_POLICY } from "../e2e/harness";
import { startChaosTenant, type ChaosTenant } from "./chaos-tenant";
import { FOLDER, type MailboxView, type ViewContact } from "./mailbox-view";
import type { OracleOptions } from "./oracle";
import { chaosSize, noSurvival, report, type Survival } from "./survival";

const size = chaosSize({ seeds: 1, users: 16, mailboxes: 4 });

/** The suite's policy, mapping every address attribute and the business phones twice. */
const POLICY = `${STAFF_POLICY}  mapping:
    emailAddresses:
      - attribute: mail
      - attribute: otherMails
      - attribute: proxyAddresses
    homePhones:
      - attribute: businessPhones
`;
const ORACLE: OracleOptions = { mailAttributes: ["mail", "otherMails", "proxyAddresses"] };

type Person = Partial<Omit<TenantUser, "id" | "userPrincipalName" | "mail">> & { mail: string | null } & Record<string, unknown>;

const long = (n: number, unit = "x"): string => unit.repeat(n);

/** The adversarial users, by what is wrong with them; `mail` is completed with the tenant's domain. */
const PEOPLE = (domain: string): Record<string, Person> => ({
  atLimits: {
    mail: `limits@${domain}`,
    displayName: long(255, "d"),
    givenName: long(255, "g"),
    surname: long(255, "s"),
    jobTitle: long(255, "j"),
    department: long(255, "p"),
    companyName: long(255, "c"),
    officeLocation: long(255, "o"),
    streetAddress: long(255, "r"),
    city: long(255, "y"),
  },
  overLimits: {
    mail: `over@${domain}`,
    displayName: long(1000, "D"),
    givenName: long(1000, "G"),
    surname: long(256, "S"),
    jobTitle: long(256, "J"),
    department: long(1000, "P"),
    companyName: long(300, "C"),
    officeLocation: long(256, "O"),
    streetAddress: long(1000, "R"),
    postalCode: long(256, "9"),
  },
  emojiAtTheCut: { mail: `emoji@${domain}`, displayName: `${long(254, "e")}😀😀`, jobTitle: `${long(250, "j")}👩‍👩‍👧‍👦`, department: "🇮🇪🇫🇷".repeat(100) },
  composedTooLong: { mail: `composed@${domain}`, displayName: null, givenName: long(200, "g"), surname: long(200, "s") },
  manyAddresses: {
    mail: `many@${domain}`,
    displayName: "Many Addresses",
    otherMails: [`many.2@${domain}`, `MANY@${domain}`, `many.3@${domain}`, `many.4@${domain}`, `many.5@${domain}`],
    proxyAddresses: [`SMTP:many@${domain}`, `smtp:many.6@${domain}`],
  },
  invalidAddresses: { mail: "not an address", displayName: "Invalid Addresses", otherMails: ["@@", "x@localhost", "a@b@c.example", `valid.other@${domain}`] },
  unusableMail: { mail: "n/a", displayName: "Unusable Mail", otherMails: [], proxyAddresses: [] },
  rightToLeft: { mail: `rtl@${domain}`, displayName: "\u200fמרים כהן", givenName: "مريم", surname: "כהן", department: "\u202bמחלקה\u202c", jobTitle: "مهندسة" },
  controls: {
    mail: `controls@${domain}`,
    displayName: "Nul\u0000 Person\u0007",
    givenName: "Nul\u0000",
    surname: "Person\ud800",
    jobTitle: "\ufffeBoss\uffff",
    department: "\u200b",
    officeLocation: "B\u001b[31m40",
    city: "Tab\there",
  },
  nullsEverywhere: {
    mail: `nulls@${domain}`,
    displayName: null,
    givenName: "Null",
    surname: "Everywhere",
    jobTitle: null,
    department: null,
    companyName: null,
    mobilePhone: null,
    businessPhones: [],
    otherMails: [],
    proxyAddresses: [],
    streetAddress: null,
    city: null,
  },
  nameless: { mail: `nameless@${domain}`, displayName: null, givenName: null, surname: null },
  invisibleName: { mail: `invisible@${domain}`, displayName: "\u200b\u200e", givenName: "\u0000", surname: "\u2060" },
  sharedMailA: { mail: `shared@${domain}`, displayName: "Shared Mail A" },
  sharedMailB: { mail: `shared@${domain}`, displayName: "Shared Mail B" },
  badPhones: { mail: `phones@${domain}`, displayName: "Bad Phones", mobilePhone: "call reception", businessPhones: ["ext. 1234", "++++", "123", "+1 (425) 555-0100"] },
});

/** Hires every person as an enabled member without a mailbox (a source, not a target); their ids by name. */
async function hire(t: ChaosTenant): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const [name, person] of Object.entries(PEOPLE(t.handle.domain))) {
    const res = await fetch(`${t.handle.controlUrl}/users`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userPrincipalName: `${name.toLowerCase()}@${t.handle.domain}`, accountEnabled: true, userType: "Member", mailbox: null, ...person }),
    });
    expect(res.status, name).toBe(201);
    ids.set(name, ((await res.json()) as { id: string }).id);
  }
  return ids;
}

async function refusals(t: ChaosTenant): Promise<number> {
  const stats = (await (await fetch(`${t.handle.controlUrl}/stats`)).json()) as { requests: { byStatus: Record<string, number> } };
  return stats.requests.byStatus["400"] ?? 0;
}

/** Source user id → display name of cync's contacts in the first target mailbox, as the tenant shows them. */
async function namesInFirstMailbox(t: ChaosTenant): Promise<Map<string, string>> {
  const get = async (p: string): Promise<unknown> => (await fetch(`${t.handle.controlUrl}${p}`)).json();
  const tenant = (await get("/tenant")) as { users: TenantUser[] };
  const target = tenant.users.find((u) => u.mailbox === "user" && u.accountEnabled === true)!;
  const view = (await get(`/mailboxes/${target.id}`)) as MailboxView;
  const contacts = view.folders.filter((f) => f.displayName === FOLDER).flatMap((f) => f.contacts);
  const source = (c: ViewContact): unknown => c.extensions.find((e) => String(e["id"]).endsWith("io.cync.owner"))?.["sourceUserId"];
  return new Map(contacts.map((c) => [String(source(c)), c.displayName ?? ""]));
}

async function tally(t: ChaosTenant, survived: Survival, verdict: Awaited<ReturnType<ChaosTenant["judge"]>>, retries: number): Promise<void> {
  survived.seeds++;
  survived.faults += await t.faults();
  survived.retries += retries;
  survived.lost += verdict.missing;
  survived.foreignWrites += verdict.foreignWrites.length;
}

describe(`adversarial directory data: ${size.seeds} seeds, ${size.users} users, ${size.mailboxes} mailboxes`, () => {
  it("every contact is accepted, the nameless user is shown by their address, a refused user is reported by id and blocks no one", async () => {
    const survived = noSurvival();
    for (let seed = 1; seed <= size.seeds; seed++) {
      // 1. Exchange's limits: nothing refused, everyone a contact.
      const t = await startChaosTenant({ users: size.users, mailboxes: size.mailboxes, seed }, { yaml: POLICY, oracle: ORACLE });
      try {
        const ids = await hire(t);
        await t.plant();
        const run = await t.apply();
        expect(run.code, `seed ${seed}: ${run.stderr} ${JSON.stringify(run.report?.failures)}`).toBe(0);
        expect(await refusals(t), "400s answered by the tenant").toBe(0);
        const verdict = await t.judge();
        expect(verdict.diverged, `seed ${seed}`).toEqual([]);
        expect(verdict.foreignWrites).toEqual([]);
        // Spelled out for the users the scenario is about (the oracle judged them all).
        const shown = await namesInFirstMailbox(t);
        expect(shown.get(ids.get("nameless")!)).toBe(`nameless@${t.handle.domain}`);
        expect(shown.get(ids.get("invisibleName")!)).toBe(`invisible@${t.handle.domain}`);
        expect([shown.get(ids.get("sharedMailA")!), shown.get(ids.get("sharedMailB")!)]).toEqual(["Shared Mail A", "Shared Mail B"]);
        expect(shown.get(ids.get("overLimits")!)).toBe(long(255, "D"));
        expect(shown.get(ids.get("unusableMail")!)).toBe("Unusable Mail");
        const again = await t.apply();
        expect([again.code, again.report?.planned]).toEqual([0, { create: 0, update: 0, delete: 0, mailboxes: 0 }]);
        await tally(t, survived, verdict, run.report?.retries ?? 0);
      } finally {
        await t.close();
      }

      // 2. Exchange stricter than cync believes: the long users are refused, the others written.
      const strict = await startChaosTenant({ users: size.users, mailboxes: size.mailboxes, seed, contactLimits: { textLength: 64 } }, { yaml: POLICY, oracle: ORACLE });
      try {
        const ids = await hire(strict);
        const refusedUsers = new Set(["atLimits", "overLimits", "emojiAtTheCut", "composedTooLong"].map((n) => ids.get(n)!));
        await strict.plant();
        const concurrency = 2;
        const run = await strict.apply({ concurrency });
        const report = run.report!;
        expect(run.code, run.stderr).toBe(1);
        expect(report.failures, "no mailbox fails for a user's data").toEqual([]);
        expect(new Set(report.refusedContacts.map((r) => r.sourceUserId))).toEqual(refusedUsers);
        expect(report.refusedContacts.every((r) => r.error === "400 ErrorInvalidProperty" && r.mailboxes === report.planned.mailboxes)).toBe(true);
        const sent = await refusals(strict);
        expect(sent, "400s: at most one per refused user and mailbox worked on at once").toBeLessThanOrEqual(refusedUsers.size * concurrency);
        const verdict = await strict.judge(refusedUsers);
        expect(verdict.diverged, `seed ${seed}, strict tenant`).toEqual([]);
        expect(verdict.foreignWrites).toEqual([]);
        console.log(`chaos adversarial: seed ${seed}, strict tenant: ${refusedUsers.size} users refused in ${report.planned.mailboxes} mailboxes with ${sent} 400s`);
        await tally(strict, survived, verdict, report.retries);
      } finally {
        await strict.close();
      }
    }
    report("adversarial", survived);
  }, 300_000);
});

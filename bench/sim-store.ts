/**
 * Memory of the simulator's contact store (figures in the README's "Benchmarks"): a tenant of USERS
 * source users whose contacts cync has written into MAILBOXES mailboxes, PER_MAILBOX each, every
 * contact carrying the ownership extension — by default 20,000 users and 10,000 × 100 = 1,000,000
 * contacts. Reports heap and RSS after a full GC; the budget is 2 GB.
 *
 *   npm run bench:sim:store              # defaults
 *   npm run bench:sim:store -- 2000 100  # MAILBOXES PER_MAILBOX
 */
import { type ContactProps, MailboxStore } from "@cync/simulator";

const MAILBOXES = Number(process.argv[2] ?? 10_000);
const PER_MAILBOX = Number(process.argv[3] ?? 100);
const USERS = 20_000;
const BUDGET_BYTES = 2 * 1024 ** 3;

const DEPARTMENTS = ["Sales", "Marketing", "Engineering", "Finance", "Legal", "Operations", "Support", "HR"];
const CITIES = ["Seattle", "Redmond", "London", "Paris", "Berlin", "Madrid", "Tokyo", "Sydney"];

/** The contact cync would write for source user `u` (same content in every mailbox). */
function contactFor(u: number): { props: ContactProps; marker: Record<string, unknown> } {
  const given = `Given${u}`;
  const sur = `Surname${u % 5000}`;
  const dept = DEPARTMENTS[u % DEPARTMENTS.length]!;
  const city = CITIES[u % CITIES.length]!;
  // JSON round trip: every mailbox's copy arrives as separate strings, as parsed request bodies do.
  return JSON.parse(
    JSON.stringify({
      props: {
        givenName: given,
        surname: sur,
        displayName: `${given} ${sur}`,
        emailAddresses: [{ address: `user${u}@contoso.test`, name: `${given} ${sur}` }],
        businessPhones: [`+1 425 555 ${String(u % 10_000).padStart(4, "0")}`],
        mobilePhone: `+1 206 555 ${String((u * 7) % 10_000).padStart(4, "0")}`,
        jobTitle: `${dept} specialist`,
        department: dept,
        companyName: "Contoso",
        officeLocation: `${city} ${u % 40}`,
        businessAddress: { street: `${u % 900} Main St`, city, countryOrRegion: "US", postalCode: "98052" },
      },
      marker: { policy: "all-staff", source: `0000${u}-0000-4000-8000-000000000000`, hash: `sha256-${(u * 2654435761) % 2 ** 32}` },
    }),
  ) as { props: ContactProps; marker: Record<string, unknown> };
}

function mb(n: number): number {
  return Math.round(n / 1024 / 1024);
}

function main(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with node --expose-gc");
  gc();
  const baseHeap = process.memoryUsage().heapUsed;
  const store = new MailboxStore();
  const started = process.hrtime.bigint();
  for (let m = 0; m < MAILBOXES; m++) {
    const mailbox = store.ensureMailbox(`mailbox-${m}`);
    const folder = store.createFolder(mailbox, mailbox.contactsId, "Colleagues");
    if (folder === "exists") throw new Error("unexpected folder clash");
    for (let k = 0; k < PER_MAILBOX; k++) {
      const { props, marker } = contactFor((m * 131 + k) % USERS);
      store.createContact(mailbox, folder, props, [{ name: "Com.Cync.Owner", props: marker }], Date.now());
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  gc();
  const mem = process.memoryUsage();
  const contacts = MAILBOXES * PER_MAILBOX;
  const heap = mem.heapUsed - baseHeap;
  console.log(
    JSON.stringify({
      mailboxes: MAILBOXES,
      contacts,
      sourceUsers: USERS,
      heapMB: mb(heap),
      rssMB: mb(mem.rss),
      bytesPerContact: Math.round(heap / contacts),
      buildSeconds: Number(seconds.toFixed(1)),
      contactsPerSecond: Math.round(contacts / seconds),
      withinBudget: mem.rss <= BUDGET_BYTES,
    }),
  );
  // Keep the store reachable until measured.
  if (store.mailboxCount() !== MAILBOXES) throw new Error("store lost mailboxes");
}

main();

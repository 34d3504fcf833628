/**
 * The demo's directory changes — a hire, a leaver, a phone (and photo) change and a department move — chosen
 * afresh on every run (pure), so that running the demo again first finds nothing to do for what
 * has not changed, then shows exactly the new changes.
 *
 * Each change is picked so it touches one contact in every mailbox of the example `all-employees`
 * policy and nothing else: the people changed have no mailbox of their own (so no target appears
 * or disappears), are outside Sales and Business Development (the `sales-external` policy), and
 * are ordinary enabled members with mail (the built-in source filters).
 */
import type { TenantFile, TenantUser } from "@cync/simulator";

/** The run number is kept in the tenant itself: one demo hire per run, numbered. */
export const HIRE_PREFIX = "demo.hire";

/** Departments the sales policy looks at; the demo leaves their people alone. */
const SALES_DEPARTMENTS: ReadonlySet<string> = new Set(["Sales", "Business Development"]);

const HIRE_NAMES: readonly (readonly [string, string])[] = [
  ["Robin", "Novak"],
  ["Mina", "Haddad"],
  ["Jonas", "Berg"],
  ["Ama", "Owusu"],
  ["Lucía", "Ferreira"],
  ["Kenji", "Mori"],
  ["Zara", "Quinn"],
  ["Tomasz", "Wójcik"],
];

export interface DemoChanges {
  /** 1 for the first demo run, 2 for the second… */
  readonly run: number;
  readonly hire: Omit<TenantUser, "id">;
  readonly leaver: TenantUser;
  readonly phone: { readonly user: TenantUser; readonly mobilePhone: string };
  readonly move: { readonly user: TenantUser; readonly department: string };
}

const live = (u: TenantUser): boolean => !u.deletedDateTime;

/** People whose change touches exactly one contact per all-employees mailbox (see module doc). */
function eligible(users: readonly TenantUser[]): TenantUser[] {
  return users
    .filter(
      (u) =>
        live(u) &&
        u.accountEnabled === true &&
        u.userType === "Member" &&
        typeof u.mail === "string" &&
        u.mailbox === null &&
        typeof u.department === "string" &&
        !SALES_DEPARTMENTS.has(u.department) &&
        !/^(service|test) account/i.test(u.jobTitle ?? "") &&
        !u.userPrincipalName.startsWith(HIRE_PREFIX),
    )
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

export function demoRunNumber(tenant: TenantFile): number {
  return tenant.users.filter((u) => u.userPrincipalName.startsWith(HIRE_PREFIX)).length + 1;
}

/**
 * This run's changes, or a message saying why none can be picked (a tenant too small or already
 * emptied by many runs).
 */
export function pickChanges(tenant: TenantFile): DemoChanges | string {
  const run = demoRunNumber(tenant);
  const people = eligible(tenant.users);
  if (people.length < 3) return `the demo tenant has ${people.length} people left to change; delete .cync/demo to start over`;
  // Three people with distinct names (generated names repeat), spread over the list, different on every run.
  const picked: TenantUser[] = [];
  const start = (run * 7) % people.length;
  const stride = Math.max(1, Math.floor(people.length / 3));
  // A third of the list apart first, then everyone in turn (the stride may cycle early).
  const order = [0, 1, 2].map((k) => (start + k * stride) % people.length).concat(people.map((_, k) => (start + k) % people.length));
  for (const i of order) {
    const candidate = people[i]!;
    if (picked.length < 3 && !picked.some((p) => p.id === candidate.id || p.displayName === candidate.displayName)) picked.push(candidate);
  }
  if (picked.length < 3) return "the demo tenant has too few distinct people left to change; delete .cync/demo to start over";
  const [leaver, phoned, moved] = picked as [TenantUser, TenantUser, TenantUser];
  const departments = [...new Set(tenant.users.map((u) => u.department).filter((d): d is string => typeof d === "string"))]
    .filter((d) => !SALES_DEPARTMENTS.has(d) && d !== moved.department)
    .sort();
  const [given, surname] = HIRE_NAMES[(run - 1) % HIRE_NAMES.length]!;
  const local = `${HIRE_PREFIX}${run}.${given.toLowerCase()}`.normalize("NFD").replace(/[^a-z0-9.]/g, "");
  const domain = tenant.domain;
  return {
    run,
    hire: {
      userPrincipalName: `${local}@${domain}`,
      mail: `${local}@${domain}`,
      displayName: `${given} ${surname}`,
      givenName: given,
      surname,
      jobTitle: "Software Engineer",
      department: moved.department ?? "Engineering",
      mobilePhone: `+1 425 555 ${String(1000 + run).slice(-4)}`,
      accountEnabled: true,
      userType: "Member",
      mailbox: null,
    },
    leaver,
    phone: { user: phoned, mobilePhone: `+1 206 555 ${String(2000 + run).slice(-4)}` },
    move: { user: moved, department: departments[run % departments.length] ?? "Operations" },
  };
}

/** One line per change, for the demo's narration (demo data only: synthetic people). */
export function describeChanges(c: DemoChanges): string[] {
  return [
    `hired ${c.hire.displayName ?? c.hire.userPrincipalName} (${c.hire.department ?? "no department"})`,
    `${c.leaver.displayName ?? c.leaver.userPrincipalName} left the company`,
    `${c.phone.user.displayName ?? c.phone.user.userPrincipalName} has a new mobile number, ${c.phone.mobilePhone}, and a new photo`,
    `${c.move.user.displayName ?? c.move.user.userPrincipalName} moved from ${c.move.user.department ?? "no department"} to ${c.move.department}`,
  ];
}

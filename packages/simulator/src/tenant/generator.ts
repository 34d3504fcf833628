/**
 * A deterministic tenant generator (`--users N --mailboxes M --seed S`): the same arguments always
 * give the same tenant, down to ids. The data is realistic and messy on purpose (names.ts): guests
 * (`#EXT#`), disabled and soft-deleted users, service accounts without mailboxes, shared, room and
 * equipment mailboxes (disabled, unlicensed), unlicensed members, missing mail/phone/title,
 * departments and nested groups. Licensed users carry an Exchange Online plan
 * (assignedPlans service "exchange", capabilityStatus "Enabled").
 */
import { seededRandom } from "../faults";
import { DEPARTMENTS, JOB_TITLES, OFFICES, PHONE_FORMATS, personName } from "./names";
import { E3_SKU_ID, EXCHANGE_PLAN_ID, type TenantFile, type TenantGroup, type TenantUser } from "./model";

export interface GeneratorOptions {
  readonly users: number;
  /** Users with a user mailbox (licensed members); defaults to every member. */
  readonly mailboxes?: number | undefined;
  readonly seed: number;
  readonly domain?: string;
}

function uuid(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16));
  hex[12] = "4";
  hex[16] = "89ab"[Math.floor(rand() * 4)]!;
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
const chance = (rand: () => number, p: number): boolean => rand() < p;

/** How many of N accounts are of each special kind (at least one of each once N ≥ 20). */
function composition(total: number): Record<"guests" | "services" | "shared" | "rooms" | "equipment", number> {
  const share = (p: number): number => (total >= 20 ? Math.max(1, Math.round(total * p)) : 0);
  return { guests: share(0.05), services: share(0.02), shared: share(0.03), rooms: share(0.02), equipment: share(0.01) };
}

export function generateTenant(options: GeneratorOptions): TenantFile {
  const rand = seededRandom(options.seed);
  const domain = options.domain ?? "contoso.onmicrosoft.com";
  const tenantId = uuid(rand);
  const counts = composition(options.users);
  const specials = counts.guests + counts.services + counts.shared + counts.rooms + counts.equipment;
  const memberCount = options.users - specials;
  const licensed = options.mailboxes ?? memberCount;
  if (licensed > memberCount || licensed < 0) {
    throw new RangeError(`--mailboxes must be between 0 and ${memberCount} for ${options.users} users (the rest are guests, service accounts and resource mailboxes)`);
  }
  const epoch = Date.parse("2020-01-01T00:00:00Z");
  const created = (): string => new Date(epoch + Math.floor(rand() * 5 * 365 * 86_400_000)).toISOString().replace(/\.\d{3}Z$/, "Z");
  const usedLocal = new Map<string, number>();
  const localPart = (base: string): string => {
    const k = base.toLowerCase();
    const count = usedLocal.get(k) ?? 0;
    usedLocal.set(k, count + 1);
    return count === 0 ? base : `${base}${count + 1}`;
  };
  const phone = (): string => {
    const subscriber = String(Math.floor(rand() * 9_000_000) + 1_000_000);
    return pick(rand, PHONE_FORMATS)(subscriber, chance(rand, 0.2) ? String(100 + Math.floor(rand() * 900)) : undefined);
  };
  const users: TenantUser[] = [];

  for (let i = 0; i < memberCount; i++) {
    const name = personName(rand);
    const office = pick(rand, OFFICES);
    const local = localPart(`${name.latin[0]}.${name.latin[1]}`);
    const upn = `${local}@${domain}`;
    const hasMailbox = i < licensed;
    const user: TenantUser = {
      id: uuid(rand),
      userPrincipalName: upn,
      displayName: name.surnameFirst ? `${name.surname} ${name.given}` : `${name.given} ${name.surname}`,
      givenName: name.given,
      surname: name.surname,
      mail: hasMailbox || chance(rand, 0.5) ? upn : null,
      mailNickname: local,
      businessPhones: chance(rand, 0.85) ? [phone()] : [],
      mobilePhone: chance(rand, 0.6) ? phone() : null,
      jobTitle: chance(rand, 0.9) ? pick(rand, JOB_TITLES) : null,
      department: chance(rand, 0.95) ? pick(rand, DEPARTMENTS) : null,
      companyName: "Contoso",
      officeLocation: chance(rand, 0.8) ? `${office.city} ${Math.floor(rand() * 40) + 1}/${Math.floor(rand() * 300) + 100}` : null,
      streetAddress: office.street,
      city: office.city,
      state: office.state ?? null,
      postalCode: office.postalCode,
      country: office.country,
      usageLocation: office.usageLocation,
      preferredLanguage: chance(rand, 0.7) ? "en-US" : null,
      employeeId: chance(rand, 0.9) ? String(100000 + i) : null,
      accountEnabled: !chance(rand, 0.02),
      userType: "Member",
      createdDateTime: created(),
      mailbox: hasMailbox ? "user" : null,
      proxyAddresses: hasMailbox ? [`SMTP:${upn}`, `smtp:${local}@contoso.com`] : [],
    };
    if (hasMailbox) {
      user.assignedLicenses = [{ skuId: E3_SKU_ID, disabledPlans: [] }];
      user.assignedPlans = [{ assignedDateTime: user.createdDateTime!, capabilityStatus: "Enabled", service: "exchange", servicePlanId: EXCHANGE_PLAN_ID }];
    } else {
      user.assignedLicenses = [];
      user.assignedPlans = [];
    }
    // About 1% have left recently: soft-deleted, still restorable.
    if (chance(rand, 0.01)) user.deletedDateTime = created();
    users.push(user);
  }

  for (let i = 0; i < counts.guests; i++) {
    const name = personName(rand);
    const local = localPart(`${name.latin[0]}.${name.latin[1]}_fabrikam.com#EXT#`);
    users.push({
      id: uuid(rand),
      userPrincipalName: `${local}@${domain}`,
      displayName: `${name.given} ${name.surname} (Fabrikam)`,
      givenName: name.given,
      surname: name.surname,
      mail: `${name.latin[0]}.${name.latin[1]}@fabrikam.com`,
      businessPhones: chance(rand, 0.3) ? [phone()] : [],
      userType: "Guest",
      accountEnabled: true,
      createdDateTime: created(),
      companyName: "Fabrikam",
      mailbox: null,
      assignedLicenses: [],
      assignedPlans: [],
    });
  }
  const account = (displayName: string, local: string, mailbox: TenantUser["mailbox"]): TenantUser => {
    const part = localPart(local);
    return {
      id: uuid(rand),
      userPrincipalName: `${part}@${domain}`,
      displayName,
      mail: mailbox ? `${part}@${domain}` : null,
      mailNickname: part,
      businessPhones: mailbox === "room" && chance(rand, 0.5) ? [phone()] : [],
      accountEnabled: mailbox === null,
      userType: "Member",
      createdDateTime: created(),
      mailbox,
      assignedLicenses: [],
      assignedPlans: [],
    };
  };
  const rooms = ["Adams", "Baker", "Crater", "Rainier", "Olympus", "Fuji", "Kilimanjaro", "Matterhorn"];
  for (let i = 0; i < counts.services; i++) users.push(account(`svc-${["backup", "scanner", "sync", "monitoring"][i % 4]}-${i + 1}`, `svc.${i + 1}`, null));
  for (let i = 0; i < counts.shared; i++) users.push(account(["Info Desk", "Sales Team", "Support", "Payroll"][i % 4]! + (i >= 4 ? ` ${i + 1}` : ""), `shared.${i + 1}`, "shared"));
  for (let i = 0; i < counts.rooms; i++) users.push(account(`Conf Room ${rooms[i % rooms.length]!}${i >= rooms.length ? ` ${i + 1}` : ""}`, `room.${i + 1}`, "room"));
  for (let i = 0; i < counts.equipment; i++) users.push(account(`Projector ${i + 1}`, `equipment.${i + 1}`, "equipment"));

  return { version: 1, tenantId, domain, users, groups: groupsFor(users, rand) };
}

/**
 * A group per department, "All Staff" nesting them, a "Leadership" group inside Executive, and the
 * kind of groups directory admins keep for contact sync, which the example policies in policies/
 * name: "Hidden from GAL" (service accounts and a few executives), "cync opt-out" (people who asked
 * not to receive contacts) and "Sales - External Facing" (Sales people with a mobile phone), so that
 * `cync sim` + `cync plan` work on the examples as they stand.
 */
function groupsFor(users: readonly TenantUser[], rand: () => number): TenantGroup[] {
  const group = (displayName: string, members: string[]): TenantGroup => {
    const nick = displayName.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    return {
      id: uuid(rand),
      displayName,
      description: `${displayName} (generated)`,
      mailNickname: nick,
      mailEnabled: false,
      securityEnabled: true,
      groupTypes: [],
      members,
    };
  };
  const members = users.filter((u) => u.userType === "Member" && u.mailbox !== "room" && u.mailbox !== "equipment");
  const departments = DEPARTMENTS.map((d) => group(`Department ${d}`, members.filter((u) => u.department === d).map((u) => u.id)));
  const leadership = group("Leadership", members.filter((u) => u.jobTitle === "Director" || u.jobTitle === "Vice President").map((u) => u.id));
  departments.find((g) => g.displayName === "Department Executive")?.members.push(leadership.id);
  const allStaff = group("All Staff", departments.map((g) => g.id));
  const people = members.filter((u) => u.mailbox === "user");
  const hidden = group("Hidden from GAL", [
    ...users.filter((u) => u.userPrincipalName.startsWith("svc.")).map((u) => u.id),
    ...people.filter((u) => u.jobTitle === "Vice President" && chance(rand, 0.5)).map((u) => u.id),
  ]);
  const optOut = group("cync opt-out", people.filter(() => chance(rand, 0.02)).map((u) => u.id));
  const salesFacing = group("Sales - External Facing", people.filter((u) => u.department === "Sales" && typeof u.mobilePhone === "string").map((u) => u.id));
  return [allStaff, ...departments, leadership, hidden, optOut, salesFacing];
}

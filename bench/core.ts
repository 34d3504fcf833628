/**
 * The pure engine core's CPU cost (`npm run bench:core`): mapping users, reading contacts, planning
 * mailboxes and rendering the PR comment — no I/O, so these are the floor under `cync plan`.
 * BENCH_USERS (default 2000) and BENCH_MAILBOXES (default 200) size the run; figures go to stdout
 * as JSON lines (µs per unit and heap after each phase).
 */
import { mapUser } from "../src/mapping/map-user";
import type { CurrentContact, DesiredContact } from "../src/model/contact";
import { assemblePlan, PolicyPlanBuilder } from "../src/plan/aggregate";
import { createBody } from "../src/plan/bodies";
import { planMailbox } from "../src/plan/mailbox";
import { resolvePolicy } from "../src/policy/resolve";
import { currentContactFromGraph } from "../src/registry/current";
import { renderMarkdown } from "../src/render";

const USERS = Number(process.env["BENCH_USERS"] ?? 2_000);
const MAILBOXES = Number(process.env["BENCH_MAILBOXES"] ?? 200);
const POLICY = "all-employees";

const policy = resolvePolicy({ apiVersion: "cync/v1", kind: "ContactSyncPolicy", metadata: { name: POLICY }, spec: { defaultRegion: "US" } });

function report(phase: string, units: number, unit: string, ms: number): void {
  const heapMb = Math.round(process.memoryUsage().heapUsed / 1e6);
  console.log(JSON.stringify({ phase, [unit]: units, ms: Math.round(ms), usPerUnit: Number(((ms * 1000) / units).toFixed(2)), heapMb }));
}

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const result = fn();
  return [result, performance.now() - start];
}

const users = Array.from({ length: USERS }, (_, i) => ({
  id: `00000000-0000-0000-0000-${String(i).padStart(12, "0")}`,
  displayName: `User ${i}`,
  givenName: "User",
  surname: String(i),
  mail: `user${i}@contoso.com`,
  jobTitle: `Job ${i % 40}`,
  department: `Dept ${i % 12}`,
  officeLocation: `B${i % 9}`,
  mobilePhone: `(425) 555-${String(i % 10_000).padStart(4, "0")}`,
  businessPhones: [`+1 206 555 ${String(i % 10_000).padStart(4, "0")}`],
  city: "Redmond",
  country: "United States",
}));

const [desired, mapMs] = time(() => {
  const map = new Map<string, DesiredContact>();
  for (const u of users) {
    const r = mapUser(u, policy);
    if (r.ok) map.set(r.contact.sourceUserId, r.contact);
  }
  return map;
});
report("mapUser", USERS, "users", mapMs);

// What a folder returns after a full load: every contact as Graph reports it (marker id as on read).
const folder = [...desired.values()].map((d, i) => {
  const body = createBody(POLICY, d);
  return { id: `c-${i}`, changeKey: `k-${i}`, ...body, extensions: body.extensions.map((e) => ({ ...e, id: `Microsoft.OutlookServices.OpenTypeExtension.${e.extensionName}` })) };
});

const mailboxes = Array.from({ length: MAILBOXES }, (_, m) => ({ id: `m-${String(m).padStart(6, "0")}`, upn: `mailbox${m}@contoso.com` }));

function planAll(current: (m: number) => CurrentContact[]) {
  const builder = new PolicyPlanBuilder({ policy: POLICY, folder: "CYNC", mode: "sync", sourceUsers: desired.size });
  let readMs = 0;
  let planMs = 0;
  mailboxes.forEach((mailbox, m) => {
    const [cur, r] = time(() => current(m));
    const [changes, p] = time(() => planMailbox({ mailbox, policy: POLICY, desired, current: cur, mode: "sync", selfUserId: mailbox.id }));
    readMs += r;
    planMs += p;
    builder.add(changes);
  });
  return { plan: assemblePlan([builder.finish()], { policyDigests: {} }), readMs, planMs };
}

const first = planAll(() => []);
report("plan first load (all creates)", USERS * MAILBOXES, "contacts", first.planMs);
const [md, renderMs] = time(() => renderMarkdown(first.plan));
report(`render markdown (${md.length} chars)`, USERS * MAILBOXES, "changes", renderMs);

const steady = planAll(() => folder.map((g) => currentContactFromGraph(g, POLICY)!));
report("read contacts (currentContactFromGraph)", USERS * MAILBOXES, "contacts", steady.readMs);
report("plan steady state (nothing changed)", USERS * MAILBOXES, "contacts", steady.planMs);
console.log(JSON.stringify({ phase: "steady-state summary", ...steady.plan.summary }));

/**
 * The request pattern of tardispilot/GraphContactSync, the closest open-source peer, replayed
 * against the benchmark's tenant (it is PowerShell on Microsoft's Graph SDK, so it cannot run
 * here): `Sync-ManagedContacts` in
 * https://github.com/tardispilot/GraphContactSync/blob/7ac812391084fd0f3c41c8b64a00d2111422d69d/GraphContactSync.ps1
 * (lines 61–323; the directory read, lines 391–403). Per run: the enabled users, paged. Per
 * mailbox, one after the other: the folder by name (created when missing), every contact in it
 * with the correlation extension expanded (the SDK's `-All`: Outlook's default page of 10), then
 * for every contact that stays the source user's photo metadata (`Get-MgUserPhoto`), a changed
 * contact deleted and created again, and for every contact created the photo metadata and, as no
 * photo file is cached for a user without a photo, the photo content. Requests are sequential,
 * retried on 429 after Retry-After up to 3 times (the SDK's retry handler defaults).
 *
 * The workload is cync's (enabled members with mail into every user mailbox); the tenant has no
 * user photos, so every photo request is answered 404, as for users without one.
 */
import { ratio, type TenantCounts } from "./figures";
import { contactsInMailboxes, type Tenant, type TenantUser } from "./tenant";

const PEER_FOLDER = "GraphContactSync";
const EXTENSION = "ManagedContactCorrelation";
const FIELDS = ["displayName", "givenName", "surname", "jobTitle", "department", "officeLocation", "mobilePhone", "businessPhones"] as const;
const USER_SELECT = ["id", "userType", "userPrincipalName", ...FIELDS, "mail", "companyName", "streetAddress", "city", "state", "postalCode", "country"].join(",");

type Json = Record<string, unknown>;

/** The peer's figures 1–4 (bench/figures.ts names). */
export interface PeerRun {
  readonly requestsPerWrite: number | null;
  readonly steadyStateWrites: number;
  readonly steadyStateReadsPerMailbox: number | null;
  /** The peer keeps no state: a run without state is its every run. */
  readonly coldStateWrites: number;
  readonly churnWriteRatio: number | null;
  readonly throttledShare: number | null;
  readonly writesPerSecond: number | null;
}

interface Client {
  request(method: string, url: string, body?: unknown): Promise<{ status: number; body: Json }>;
}

function client(tenant: Tenant): Client {
  const base = `${tenant.ready.graphUrl}/v1.0`;
  return {
    async request(method, url, body) {
      for (let attempt = 0; ; attempt++) {
        const res = await fetch(url.startsWith("https:") ? url : `${base}${url}`, {
          method,
          headers: { authorization: `Bearer ${tenant.ready.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await res.text();
        if (res.status === 429 && attempt < 3) {
          await new Promise((r) => setTimeout(r, Number(res.headers.get("retry-after") ?? 1) * 1000));
          continue;
        }
        return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
      }
    },
  };
}

async function all(graph: Client, first: string): Promise<{ items: Json[]; pages: number }> {
  const items: Json[] = [];
  let pages = 0;
  for (let url: string | undefined = first; url !== undefined; pages++) {
    const page = await graph.request("GET", url);
    items.push(...((page.body["value"] as Json[] | undefined) ?? []));
    url = page.body["@odata.nextLink"] as string | undefined;
  }
  return { items, pages };
}

const changed = (contact: Json, user: Json): boolean =>
  FIELDS.some((f) => JSON.stringify(contact[f] ?? null) !== JSON.stringify(user[f] ?? null)) ||
  ((contact["emailAddresses"] as { address?: string }[] | undefined)?.[0]?.address ?? null) !== (user["mail"] ?? null);

const correlation = (contact: Json): string | undefined => (contact["extensions"] as Json[] | undefined)?.find((e) => e["CorrelationId"] !== undefined)?.["CorrelationId"] as string | undefined;

/** One run of the peer over `mailboxes`; stops between requests once `deadline` (performance.now()) has passed. */
async function run(graph: Client, mailboxes: readonly string[], deadline = Infinity): Promise<{ directoryRequests: number }> {
  const directory = await all(graph, `/users?$filter=accountEnabled eq true&$select=${USER_SELECT}`);
  const result = { directoryRequests: directory.pages };
  const users = directory.items.filter((u) => u["userType"] === "Member" && typeof u["mail"] === "string");
  const byId = new Map(users.map((u) => [u["id"] as string, u]));
  for (const mailbox of mailboxes) {
    if (performance.now() > deadline) return result;
    const found = await graph.request("GET", `/users/${mailbox}/contactFolders?$filter=displayName eq '${PEER_FOLDER}'`);
    let folder = (found.body["value"] as Json[] | undefined)?.[0];
    folder ??= (await graph.request("POST", `/users/${mailbox}/contactFolders`, { displayName: PEER_FOLDER })).body;
    const contacts = `/users/${mailbox}/contactFolders/${folder["id"] as string}/contacts`;
    const existing = (await all(graph, `${contacts}?$expand=extensions($filter=id eq '${EXTENSION}')`)).items;
    const kept = new Set<string>();
    const toDelete: Json[] = [];
    const toAdd: Json[] = [];
    for (const contact of existing) {
      const user = byId.get(correlation(contact) ?? "");
      if (user === undefined) {
        toDelete.push(contact);
        continue;
      }
      kept.add(user["id"] as string);
      await graph.request("GET", `/users/${user["userPrincipalName"] as string}/photos/120x120`);
      if (changed(contact, user)) {
        toDelete.push(contact);
        toAdd.push(user);
      }
    }
    toAdd.push(...users.filter((u) => !kept.has(u["id"] as string)));
    for (const contact of toDelete) {
      if (performance.now() > deadline) return result;
      await graph.request("DELETE", `${contacts}/${contact["id"] as string}`);
    }
    for (const user of toAdd) {
      if (performance.now() > deadline) return result;
      const upn = user["userPrincipalName"] as string;
      await graph.request("GET", `/users/${upn}/photos/120x120`);
      await graph.request("GET", `/users/${upn}/photos/120x120/$value`);
      await graph.request("POST", contacts, {
        extensions: [{ "@odata.type": "microsoft.graph.openTypeExtension", extensionName: EXTENSION, CorrelationId: user["id"], PhotoChecksum: "" }],
        ...Object.fromEntries(FIELDS.map((f) => [f, user[f]])),
        emailAddresses: [{ name: user["displayName"], address: user["mail"] }],
      });
    }
  }
  return result;
}

export interface PeerOptions {
  /** The user mailboxes to write, as cync's targets. */
  readonly mailboxes: readonly TenantUser[];
  /** Changes 1 % of the users held in every mailbox; returns how many (figure 3). */
  readonly churn?: (tenant: Tenant) => Promise<number>;
  /** Only a first load, cut off after this many seconds (figure 4: the peer's rate). */
  readonly seconds?: number;
}

export async function replayPeer(tenant: Tenant, options: PeerOptions): Promise<PeerRun> {
  const graph = client(tenant);
  const mailboxes = options.mailboxes.map((m) => m.id);
  const measure = async (deadline?: number): Promise<TenantCounts & { seconds: number; directoryRequests: number }> => {
    await tenant.reset();
    const started = performance.now();
    const { directoryRequests } = await run(graph, mailboxes, deadline);
    const seconds = (performance.now() - started) / 1000;
    return { ...(await tenant.counts()), seconds, directoryRequests };
  };
  if (options.seconds !== undefined) {
    const timed = await measure(performance.now() + options.seconds * 1000);
    return { requestsPerWrite: ratio(timed.requests, timed.writes), steadyStateWrites: 0, steadyStateReadsPerMailbox: null, coldStateWrites: 0, churnWriteRatio: null, throttledShare: ratio(timed.throttled, timed.requests), writesPerSecond: ratio(timed.writes, timed.seconds) };
  }
  const first = await measure();
  const written = await contactsInMailboxes(tenant, PEER_FOLDER);
  const steady = await measure();
  const changedUsers = options.churn ? await options.churn(tenant) : 0;
  const churned = await measure();
  return {
    requestsPerWrite: ratio(first.requests, written.contacts),
    steadyStateWrites: steady.writeRequests,
    // Its photo reads go to /users, not to a mailbox's folders: every request but the directory's.
    steadyStateReadsPerMailbox: ratio(steady.requests - steady.directoryRequests, written.mailboxes),
    coldStateWrites: steady.writeRequests,
    churnWriteRatio: ratio(churned.writes, changedUsers * written.mailboxes),
    throttledShare: ratio(first.throttled, first.requests),
    writesPerSecond: ratio(first.writes, first.seconds),
  };
}

/**
 * The embedded tenant of `npm run bench`, seen from the benchmark: started in its own process
 * (bench/tenant-process.ts), read and changed through its control API only — its statistics count
 * every Graph request, so nothing the measured client reports about itself is taken on trust.
 */
import { fork } from "node:child_process";
import * as path from "node:path";
import type { SimulatorOptions } from "@cync/simulator";
import { EXTENSION_NAME } from "../src/registry/ownership";
import { BENCH_CA_DIR } from "./ca";
import { tenantCounts, type StatsLike, type TenantCounts } from "./figures";
import type { MailboxCensus } from "./shard-figures";
import type { TenantReady } from "./tenant-process";

/** The repository: scripts/bench.mjs starts every benchmark there. */
export const ROOT = process.cwd();

export interface Tenant {
  readonly ready: TenantReady;
  control<T>(method: string, route: string, body?: unknown): Promise<T>;
  counts(): Promise<TenantCounts>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startTenant(options: SimulatorOptions): Promise<Tenant> {
  const child = fork(path.join(__dirname, "tenant-process.js"), [JSON.stringify({ caDir: path.join(ROOT, BENCH_CA_DIR), ...options })], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
  const ready = await new Promise<TenantReady>((resolve, reject) => {
    child.once("message", (m) => resolve(m as TenantReady));
    child.once("exit", (code) => reject(new Error(`the tenant process exited with ${String(code)}`)));
  });
  const control = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${ready.controlUrl}${route}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }) });
    if (!res.ok) throw new Error(`${method} ${route}: ${res.status}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  return {
    ready,
    control,
    counts: async () => tenantCounts(await control<StatsLike>("GET", "/stats")),
    reset: () => control("POST", "/stats/reset"),
    close: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.disconnect();
      }),
  };
}

export interface TenantUser {
  readonly id: string;
  readonly accountEnabled?: boolean;
  readonly userType?: string;
  readonly mail?: string | null;
  readonly mailbox?: string | null;
}

/** Users every target mailbox holds a contact of: enabled members with mail and no mailbox of their own (no self-exclusion). */
export async function heldEverywhere(tenant: Tenant): Promise<TenantUser[]> {
  const { users } = await tenant.control<{ users: TenantUser[] }>("GET", "/tenant");
  return users.filter((u) => u.accountEnabled === true && u.userType === "Member" && typeof u.mail === "string" && !u.mailbox);
}

/** Contacts in the target mailboxes' cync folders, counted in the tenant. */
export async function contactsInMailboxes(tenant: Tenant, folder: string): Promise<{ contacts: number; mailboxes: number }> {
  const { users } = await tenant.control<{ users: TenantUser[] }>("GET", "/tenant");
  let contacts = 0;
  let mailboxes = 0;
  for (const u of users.filter((x) => x.mailbox === "user")) {
    const mb = await tenant.control<{ folders: { displayName: string; contacts: unknown[] }[] }>("GET", `/mailboxes/${u.id}`);
    const f = mb.folders.find((x) => x.displayName === folder);
    if (f) {
      contacts += f.contacts.length;
      mailboxes++;
    }
  }
  return { contacts, mailboxes };
}


/**
 * Each user mailbox's cync folders as the tenant holds them: how many folders named `folder`, the
 * contacts in them, and how many distinct source users those contacts are for (by cync's ownership
 * marker, src/registry/ownership.ts) — so a contact written twice shows, whoever wrote it.
 */
export async function folderCensus(tenant: Tenant, folder: string): Promise<MailboxCensus[]> {
  const { users } = await tenant.control<{ users: TenantUser[] }>("GET", "/tenant");
  const census: MailboxCensus[] = [];
  for (const u of users.filter((x) => x.mailbox === "user")) {
    const mb = await tenant.control<{ folders: { displayName: string; contacts: { extensions?: { extensionName?: string; sourceUserId?: string }[] }[] }[] }>("GET", `/mailboxes/${u.id}`);
    const folders = mb.folders.filter((f) => f.displayName === folder);
    const contacts = folders.flatMap((f) => f.contacts);
    const sources = new Set(contacts.map((c) => c.extensions?.find((e) => e.extensionName === EXTENSION_NAME)?.sourceUserId ?? "unmarked"));
    census.push({ mailboxId: u.id, folders: folders.length, contacts: contacts.length, sources: sources.size });
  }
  return census;
}

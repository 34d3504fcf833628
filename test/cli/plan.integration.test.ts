/**
 * `cync plan` end to end: the built CLI in a child process, signed in with the real @azure/identity
 * credential and talking to the embedded tenant over HTTPS with the real Graph client
 * (NODE_EXTRA_CA_CERTS set at process start, as a user would). The tenant is changed through the
 * simulator's control API; cync-owned contacts are written with Graph POSTs as the applier would
 * write them. The CLI comes from dist/ (`npm test` builds first).
 */
import { execFile } from "node:child_process";
import { request } from "node:https";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBody } from "../../src/plan/bodies";
import { planValidator } from "../../src/plan/schema";
import { planFromJson } from "../../src/plan/serialize";
import type { MailboxChanges, Plan } from "../../src/plan/types";
import { simulatorEnv, type SimulatorHandle, startSimulator } from "@cync/simulator";

const BIN = path.resolve(__dirname, "../../bin/cync.js");

const staffPolicy = `apiVersion: cync/v1
kind: ContactSyncPolicy
metadata:
  name: staff
spec:
  defaultRegion: US
`;
/** A second policy into its own folder, so `--policy` has something to narrow. */
const directorsPolicy = `apiVersion: cync/v1
kind: ContactSyncPolicy
metadata:
  name: directors
spec:
  source:
    where: { attribute: jobTitle, startsWith: Director }
  folder: { name: Directors }
  defaultRegion: US
`;

interface Cli {
  code: number;
  stdout: string;
  stderr: string;
}

/** A small HTTPS client trusting the simulator's CA, for the control API and the seeding writes. */
function https(sim: SimulatorHandle, method: string, url: string, body?: unknown, token?: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      url,
      {
        method,
        ca: sim.caPem,
        headers: {
          ...(payload === undefined ? {} : { "content-type": "application/json" }),
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text === "" ? undefined : (JSON.parse(text) as unknown) }));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

async function startTenant(users: number, work: string): Promise<{ sim: SimulatorHandle; cli: (...args: string[]) => Promise<Cli>; dirs: { policies: string; state: string } }> {
  const sim = await startSimulator({ users, seed: 11, caDir: path.join(work, "ca"), throttle: false });
  const dirs = { policies: path.join(work, "policies"), state: path.join(work, "state") };
  await mkdir(dirs.policies, { recursive: true });
  await writeFile(path.join(dirs.policies, "staff.yaml"), staffPolicy);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(AZURE_|CYNC_|ACTIONS_ID_TOKEN)/.test(k)) env[k] = v;
  // The read-only planner app: cync plan needs no write permission
  // (docs/architecture.md#least-privilege).
  Object.assign(env, simulatorEnv(sim, "planner"));
  const cli = (...args: string[]): Promise<Cli> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [BIN, "plan", "--policies", dirs.policies, "--state-dir", dirs.state, ...args],
        { env, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  return { sim, cli, dirs };
}

/** The saved-plan JSON read back as the applier reads it (creates are stored once per policy). */
const json = (out: Cli): Plan => planFromJson(JSON.parse(out.stdout) as Parameters<typeof planFromJson>[0]);
const mailboxOf = (plan: Plan, id: string): MailboxChanges | undefined => plan.policies[0]!.mailboxes.find((m) => m.mailbox.id === id);

describe("cync plan against the embedded tenant", () => {
  let work: string;
  let sim: SimulatorHandle;
  let cli: (...args: string[]) => Promise<Cli>;
  let dirs: { policies: string; state: string };
  let fresh: Plan;
  /** Mailbox id → folder id and contact id by source user, after seeding. */
  const written = new Map<string, { folder: string; contacts: Map<string, string> }>();
  const control = (method: string, p: string, body?: unknown) => https(sim, method, `${sim.controlUrl}${p}`, body);

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), "cync-plan-it-"));
    ({ sim, cli, dirs } = await startTenant(24, work));
  });
  afterAll(async () => {
    await sim?.close();
    await rm(work, { recursive: true, force: true });
  });

  it("plans every source user into every target mailbox of a fresh tenant (exit 2, creates only)", async () => {
    const out = await cli("--format", "json");
    expect(out.stderr).toBe("");
    expect(out.code).toBe(2);
    fresh = json(out);
    const staff = fresh.policies[0]!;
    expect(fresh.summary).toMatchObject({ update: 0, delete: 0 });
    expect(staff.mailboxes.length).toBeGreaterThan(5);
    expect(fresh.summary.create).toBe(staff.mailboxes.reduce((n, m) => n + m.create.length, 0));
    for (const m of staff.mailboxes) {
      // Everyone but the mailbox owner (includeSelf is off by default).
      const expected = staff.sourceUsers - (m.create.some((c) => c.sourceUserId === m.mailbox.id) ? 0 : 1);
      expect(m.create.length).toBe(expected);
      expect(m.create.map((c) => c.sourceUserId)).not.toContain(m.mailbox.id);
    }
    expect(fresh.meta).toMatchObject({ tenant: expect.stringContaining(sim.tenantId.toLowerCase()) as unknown });
    expect(fresh.meta.directoryDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  it("prints text and markdown for the same plan", async () => {
    const text = await cli();
    expect(text.code).toBe(2);
    expect(text.stdout).toMatch(new RegExp(`^cync plan: ${fresh.summary.create.toLocaleString("en-US")} to create, 0 to update, 0 to delete`));
    const md = await cli("--format", "markdown");
    expect(md.code).toBe(2);
    expect(md.stdout).toContain("<!-- cync-plan: ");
  });

  it("with --base-policies naming the same policies: no policy changed, every change pending", async () => {
    const out = await cli("--base-policies", dirs.policies);
    expect(out.code).toBe(2);
    const pending = fresh.summary.create.toLocaleString("en-US");
    expect(out.stdout.split("\n").slice(0, 2)).toEqual(["This pull request changes no policy.", `Pending regardless of this pull request: ${pending} to create, 0 to update, 0 to delete.`]);
  });

  it("exits 1 with one line when the base policies have errors", async () => {
    const out = await cli("--base-policies", path.join(work, "no-such-dir"));
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/cync plan: the base policies have errors \(run `cync validate .*no-such-dir`\)\n$/);
  });

  it("writes the plan to --out and prints a one-line summary", async () => {
    const file = path.join(work, "plan.json");
    const out = await cli("--format", "json", "--out", file);
    expect(out.code).toBe(2);
    expect(out.stdout).toMatch(/written to .*plan\.json\n$/);
    const { readFile } = await import("node:fs/promises");
    const saved = JSON.parse(await readFile(file, "utf8")) as Parameters<typeof planFromJson>[0];
    const validate = planValidator();
    expect(validate(saved), JSON.stringify(validate.errors)).toBe(true);
    expect(planFromJson(saved)).toEqual(fresh);
  });

  it("finds nothing to do once the contacts are written (exit 0)", async () => {
    const token = await sim.issueToken("applier");
    for (const m of fresh.policies[0]!.mailboxes) {
      const folder = await https(sim, "POST", `${sim.graphUrl}/v1.0/users/${m.mailbox.id}/contactFolders`, { displayName: "CYNC" }, token);
      const folderId = (folder.body as { id: string }).id;
      const contacts = new Map<string, string>();
      for (const c of m.create) {
        const res = await https(sim, "POST", `${sim.graphUrl}/v1.0/users/${m.mailbox.id}/contactFolders/${folderId}/contacts`, createBody("staff", c), token);
        expect(res.status).toBe(201);
        contacts.set(c.sourceUserId, (res.body as { id: string }).id);
      }
      written.set(m.mailbox.id, { folder: folderId, contacts });
    }
    const out = await cli();
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/no changes/);
  });

  it("costs one users delta page and one request per mailbox when nothing changed", async () => {
    await control("POST", "/stats/reset");
    const out = await cli();
    expect(out.code).toBe(0);
    const stats = (await control("GET", "/stats")).body as { requests: { total: number; byMethod: Record<string, number> } };
    expect(stats.requests.byMethod).toMatchObject({ GET: 1 + written.size, POST: 0, PATCH: 0, DELETE: 0 });
    expect(stats.requests.total).toBe(1 + written.size);
  });

  it("re-reads a folder whose delta token expired (410), and only that one", async () => {
    const [expired] = [...written.keys()];
    expect((await control("POST", `/mailboxes/${expired!}/expireDeltaTokens`)).status).toBe(204);
    await control("POST", "/stats/reset");
    const out = await cli();
    expect(out.code).toBe(0);
    const stats = (await control("GET", "/stats")).body as { requests: { total: number; byStatus: Record<string, number> } };
    // The expired round (410), then an initial delta round and a listing for that folder.
    expect(stats.requests.total).toBe(1 + written.size + 2);
    expect(stats.requests.byStatus["410"]).toBe(1);
  });

  describe("after the tenant and the mailboxes changed", () => {
    let alice: string;
    let changed: Plan;
    const sources: string[] = [];

    beforeAll(async () => {
      alice = [...written.keys()][0]!;
      const contacts = written.get(alice)!.contacts;
      sources.push(...[...contacts.keys()].slice(0, 3));
      const [tampered, deletedByOwner, disabled] = sources as [string, string, string];
      const folder = written.get(alice)!.folder;
      // The owner adds a contact of their own to cync's folder, edits one of cync's, deletes another.
      expect((await control("POST", `/mailboxes/${alice}/contactFolders/${folder}/contacts`, { givenName: "Mum", displayName: "Mum" })).status).toBe(201);
      expect((await control("PATCH", `/mailboxes/${alice}/contacts/${contacts.get(tampered)!}`, { jobTitle: "Edited on my phone" })).status).toBe(200);
      expect((await control("DELETE", `/mailboxes/${alice}/contacts/${contacts.get(deletedByOwner)!}`)).status).toBe(204);
      // A user is disabled in Entra ID.
      expect((await control("PATCH", `/users/${disabled}`, { accountEnabled: false })).status).toBe(200);
      const out = await cli("--format", "json");
      expect(out.code).toBe(2);
      changed = json(out);
    });

    it("leaves the owner's own contact in cync's folder alone", () => {
      const m = mailboxOf(changed, alice)!;
      expect(m.unmarked).toBe(1);
      expect(m.delete.map((d) => d.fields.displayName)).not.toContain("Mum");
    });

    it("plans the tampered contact's repair, old beside new", () => {
      const m = mailboxOf(changed, alice)!;
      const repair = m.update.find((u) => u.sourceUserId === sources[0]);
      expect(repair).toMatchObject({ changed: ["jobTitle"], old: { jobTitle: "Edited on my phone" } });
      expect(repair!.new.jobTitle).not.toBe("Edited on my phone");
    });

    it("re-creates the contact the owner deleted", () => {
      expect(mailboxOf(changed, alice)!.create.map((c) => c.sourceUserId)).toContain(sources[1]);
    });

    it("deletes the disabled user's contact in every mailbox that holds it", () => {
      const holders = [...written].filter(([id, w]) => id !== sources[2] && w.contacts.has(sources[2]!)).map(([id]) => id);
      const planned = changed.policies[0]!.mailboxes.filter((m) => m.delete.some((d) => d.sourceUserId === sources[2] && d.reason === "source-gone"));
      expect(planned.map((m) => m.mailbox.id).sort()).toEqual(holders.sort());
    });

    it("gives the same plan with the state directory deleted", async () => {
      await rm(dirs.state, { recursive: true, force: true });
      const out = await cli("--format", "json");
      expect(out.code).toBe(2);
      expect(json(out)).toEqual(changed);
    });

    it("narrows to one mailbox by UPN, and to one policy", async () => {
      const upn = mailboxOf(changed, alice)!.mailbox.upn;
      const one = json(await cli("--format", "json", "--mailbox", upn.toUpperCase()));
      expect(one.policies[0]!.mailboxes.map((m) => m.mailbox.id)).toEqual([alice]);
      await writeFile(path.join(dirs.policies, "directors.yaml"), directorsPolicy);
      const both = json(await cli("--format", "json"));
      expect(both.policies.map((p) => p.policy)).toEqual(["directors", "staff"]);
      const narrowed = json(await cli("--format", "json", "--policy", "staff"));
      expect(narrowed.policies.map((p) => p.policy)).toEqual(["staff"]);
      expect(narrowed.policies[0]).toEqual(changed.policies[0]);
      await rm(path.join(dirs.policies, "directors.yaml"));
    });

    it("skips and reports mailboxes without Exchange or outside cync's scope, never failing the run", async () => {
      const [noMailbox, outOfScope] = [...written.keys()].filter((id) => !sources.includes(id) && id !== alice) as [string, string];
      expect((await control("PATCH", `/users/${noMailbox}`, { mailbox: null })).status).toBe(200);
      const everyoneElse = [...written.keys()].filter((id) => id !== outOfScope);
      expect((await control("PUT", `/apps/${sim.apps.planner.clientId}/mailboxScope`, { mailboxes: everyoneElse })).status).toBeLessThan(300);
      const out = await cli("--format", "json");
      expect(out.code).toBe(2);
      const skipped = json(out).policies[0]!.skipped.map((s) => [s.mailbox.id, s.code, s.message]);
      expect(skipped).toContainEqual([noMailbox, "no-exchange-mailbox", "no Exchange Online mailbox"]);
      expect(skipped).toContainEqual([outOfScope, "not-in-scope", expect.stringMatching(/^not in cync's mailbox scope/) as unknown]);
      await control("PUT", `/apps/${sim.apps.planner.clientId}/mailboxScope`, { mailboxes: null });
    });

    it("exits 1 with one line when a filter names nothing", async () => {
      const out = await cli("--policy", "nope");
      expect(out.code).toBe(1);
      expect(out.stdout).toBe("");
      expect(out.stderr).toBe('cync plan: no policy named "nope" (known: staff)\n');
    });
  });
});

describe("cync plan on a large tenant", () => {
  it("keeps the markdown comment within 60,000 characters", async () => {
    const work = await mkdtemp(path.join(tmpdir(), "cync-plan-large-"));
    const { sim, cli } = await startTenant(400, work);
    try {
      const md = await cli("--format", "markdown");
      expect(md.code).toBe(2);
      expect(md.stdout.length).toBeLessThanOrEqual(60_000);
      const text = await cli();
      const creates = Number(/^cync plan: ([\d,]+) to create/.exec(text.stdout)?.[1]?.replace(/,/g, ""));
      expect(creates).toBeGreaterThan(50_000);
    } finally {
      await sim.close();
      await rm(work, { recursive: true, force: true });
    }
  }, 120_000);
});

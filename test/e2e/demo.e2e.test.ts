/**
 * `cync demo` as a user runs it (the built CLI, `npm test` builds first), twice on a small tenant:
 * the first run fills the mailboxes and applies exactly the four directory changes; the second
 * finds nothing to do for what has not changed, then applies its own four changes. The process
 * relaunches itself to trust the demo tenant's CA, keeping the CA the test runner already trusts.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");

function demo(dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, "bin/cync.js"), "demo", "--dir", dir, "--policies", path.join(ROOT, "policies"), "--users", "60", "--mailboxes", "8"],
      { env: process.env, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** `3. Re-sync    1 created, 2 updated, 1 deleted in 8 mailboxes` → numbers. */
function resync(stdout: string): { create: number; update: number; delete: number; mailboxes: number } {
  const m = /3\. Re-sync +(\d+) created, (\d+) updated, (\d+) deleted in (\d+) mailboxes/.exec(stdout);
  if (m === null) throw new Error(`no re-sync line in:\n${stdout}`);
  const [create, update, del, mailboxes] = m.slice(1).map(Number) as [number, number, number, number];
  return { create, update, delete: del, mailboxes };
}

describe("cync demo", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "cync-demo-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("fills the tenant, then applies exactly a hire, a leaver, a phone change and a department move", async () => {
    const run = await demo(dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/1\. Sync +[\d,]+ created, 0 updated, 0 deleted/);
    const r = resync(run.stdout);
    // One contact per all-employees mailbox for each change: +hire, -leaver, ~phone, ~department.
    expect(r.mailboxes).toBeGreaterThan(0);
    expect(r).toEqual({ create: r.mailboxes, update: 2 * r.mailboxes, delete: r.mailboxes, mailboxes: r.mailboxes });
    expect(run.stdout).toContain("Result        every mailbox holds exactly what the policies ask for");
    // The example all-employees policy syncs photos: the first load uploads some.
    expect(run.stdout).toMatch(/Photos +[1-9][\d,]* contact photos uploaded; [\d,]+ photo checks, [\d,]+ downloads/);
  }, 120_000);

  it("finds nothing to do on the second run for what has not changed", async () => {
    const run = await demo(dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("cync demo, run 2");
    expect(run.stdout).toMatch(/1\. Sync +nothing to do — .*\(0 writes\)/);
    const r = resync(run.stdout);
    expect(r).toEqual({ create: r.mailboxes, update: 2 * r.mailboxes, delete: r.mailboxes, mailboxes: r.mailboxes });
  }, 120_000);
});

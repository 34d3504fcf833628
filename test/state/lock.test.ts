import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMemoryStateStore, openStateStore, STALE_MS, StateLockedError } from "../../src/state";

const contoso = { tenantId: "contoso.onmicrosoft.com", graphUrl: "https://graph.microsoft.com" };
const fabrikam = { tenantId: "fabrikam.onmicrosoft.com", graphUrl: "https://graph.microsoft.com" };

let root: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "cync-lock-"));
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe("the state directory's lock", () => {
  it("refuses a second holder with a message naming the directory, and admits it once released", async () => {
    const first = openStateStore({ dir: root, ...contoso });
    const second = openStateStore({ dir: root, ...contoso });
    const release = await first.lock();
    const refused = await second.lock().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StateLockedError);
    expect((refused as Error).message).toContain(first.dir);
    expect((refused as Error).message).toMatch(/another cync run is applying/);
    await release();
    await (await second.lock())();
  });

  it("is per tenant: two tenants in one state directory do not wait for each other", async () => {
    const release = await openStateStore({ dir: root, ...contoso }).lock();
    await (await openStateStore({ dir: root, ...fabrikam }).lock())();
    await release();
  });

  it.each([
    ["refreshed just now: a live run's, refused", 0, "refused"],
    [`unrefreshed for longer than ${STALE_MS} ms: a dead run's, taken over`, STALE_MS + 5_000, "taken"],
  ])("a lock %s", async (_name, ageMs, outcome) => {
    const store = openStateStore({ dir: root, ...contoso });
    const lockDir = path.join(store.dir, "apply.lock");
    await fs.mkdir(lockDir, { recursive: true });
    const at = new Date(Date.now() - ageMs);
    await fs.utimes(lockDir, at, at);
    const result = await store.lock().catch((e: unknown) => e);
    if (outcome === "refused") expect(result).toBeInstanceOf(StateLockedError);
    else await (result as () => Promise<void>)();
  });

  it("a lock held by a process killed with SIGKILL is not stuck: it is taken over once stale", async () => {
    const store = openStateStore({ dir: root, ...contoso });
    await fs.mkdir(store.dir, { recursive: true });
    const lockDir = path.join(store.dir, "apply.lock");
    // Another process takes the lock as cync does, says so, then waits to be killed.
    const child = spawn(
      process.execPath,
      ["-e", `require("proper-lockfile").lock(${JSON.stringify(store.dir)}, { lockfilePath: ${JSON.stringify(lockDir)}, realpath: false, stale: ${STALE_MS} }).then(() => { console.log("locked"); setInterval(() => {}, 1000); });`],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    await expect(store.lock()).rejects.toBeInstanceOf(StateLockedError);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    // Time passes without the dead holder refreshing its lock.
    const past = new Date(Date.now() - STALE_MS - 1_000);
    await fs.utimes(lockDir, past, past);
    await (await store.lock())();
  });

  it("the in-memory store locks too", async () => {
    const store = createMemoryStateStore();
    const release = await store.lock();
    await expect(store.lock()).rejects.toBeInstanceOf(StateLockedError);
    await release();
    await (await store.lock())();
  });
});

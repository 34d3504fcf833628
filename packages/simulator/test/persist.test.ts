/** Persistence primitives (packages/simulator/src/tenant/persist.ts): the state file and the save coalescer. */
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MailboxStore } from "../src/mailbox";
import { Directory } from "../src/tenant/directory";
import { generateTenant } from "../src/tenant/generator";
import { STATE_FILE, createSaver, loadState, saveState, type PersistedState } from "../src/tenant/persist";

const dir = mkdtempSync(join(tmpdir(), "cync-persist-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("state file", () => {
  it("round-trips, readable by its owner only (it holds app secrets)", () => {
    const tenant = generateTenant({ users: 20, seed: 3 });
    const state: PersistedState = { version: 1, tenant, changeLog: Directory.fromFile(tenant).changeLog(), cursorKey: "a2V5", mailboxes: new MailboxStore().toJSON() };
    saveState(dir, state);
    expect(loadState(dir)).toEqual(state);
    expect(statSync(join(dir, STATE_FILE)).mode & 0o077).toBe(0);
  });

  it("is absent in a fresh directory, refused in another version", () => {
    expect(loadState(join(dir, "nothing-here"))).toBeUndefined();
    const other = join(dir, "v2");
    saveState(other, { version: 1 } as PersistedState);
    writeFileSync(join(other, STATE_FILE), JSON.stringify({ version: 2 }));
    expect(() => loadState(other)).toThrow(/unsupported state version 2/);
  });
});

describe("createSaver", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([
    ["a burst of changes makes one save after the delay", 3, 499, 0],
    ["… and it happens once the delay has passed", 3, 500, 1],
    ["a single change saves once", 1, 500, 1],
  ])("%s", (_name, changes, waitMs, saves) => {
    const save = vi.fn();
    const saver = createSaver(save, 500);
    for (let i = 0; i < changes; i++) saver.schedule();
    vi.advanceTimersByTime(waitMs);
    expect(save).toHaveBeenCalledTimes(saves);
  });

  it("flush saves what is pending at once, and nothing when nothing is", () => {
    const save = vi.fn();
    const saver = createSaver(save, 500);
    saver.flush();
    expect(save).not.toHaveBeenCalled();
    saver.schedule();
    saver.flush();
    expect(save).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(save).toHaveBeenCalledTimes(1);
  });
});

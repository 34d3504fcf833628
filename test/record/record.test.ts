import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openRecord, readRecord } from "../../src/record/file";
import { parseRecord, RecordFormatError, recordRemoved, recordWrite, type TenantRecord } from "../../src/record/record";

const safety = { maxDeletes: 50, maxDeletePercent: 10, deletion: "deletedItems" } as const;
const staff = { name: "staff", folder: { name: "CYNC" }, safety };
const TENANT = "contoso@https://graph.microsoft.com";

describe("the removal record", () => {
  const recorded = (folder: string, mailboxes: Record<string, { folderCreated: boolean }>): TenantRecord => ({ staff: { folder: { name: folder }, safety, mailboxes } });

  it.each<[string, TenantRecord, boolean, TenantRecord]>([
    ["a first write adds the policy and the mailbox", {}, true, recorded("CYNC", { m1: { folderCreated: true } })],
    ["a later write keeps that cync created the folder", recorded("CYNC", { m1: { folderCreated: true } }), false, recorded("CYNC", { m1: { folderCreated: true } })],
    [
      "a folder change forgets which folders cync created",
      recorded("Old", { m1: { folderCreated: true }, m2: { folderCreated: true } }),
      true,
      recorded("CYNC", { m1: { folderCreated: true }, m2: { folderCreated: false } }),
    ],
  ])("%s", (_name, before, folderCreated, after) => {
    expect(recordWrite(before, staff, "m1", folderCreated)).toEqual(after);
  });

  it("forgets a mailbox whose removal completed, and a policy left with none", () => {
    const two = recordWrite(recordWrite({}, staff, "m1", true), staff, "m2", false);
    expect(Object.keys(recordRemoved(two, "staff", "m1")["staff"]!.mailboxes)).toEqual(["m2"]);
    expect(recordRemoved(recordRemoved(two, "staff", "m1"), "staff", "m2")).toEqual({});
    expect(recordRemoved(two, "other", "m1")).toBe(two);
  });

  it.each([
    ["not JSON", "{", /not valid JSON/],
    ["another format", JSON.stringify({ format: "cync-state" }), /not a cync record/],
    ["another version", JSON.stringify({ format: "cync-record", version: 2, tenants: {} }), /version 2/],
    ["a malformed policy", JSON.stringify({ format: "cync-record", version: 1, tenants: { t: { staff: { folder: {}, safety, mailboxes: {} } } } }), /malformed/],
  ])("refuses a record it cannot trust: %s", (_name, text, message) => {
    expect(() => parseRecord(text, "cync-record.json")).toThrow(RecordFormatError);
    expect(() => parseRecord(text, "cync-record.json")).toThrow(message);
  });
});

describe("the removal record file", () => {
  let dir = "";
  let file = "";
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "cync-record-"));
    file = path.join(dir, "cync-record.json");
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads as empty when missing, and writes every update, the last one winning, 0600", async () => {
    expect(await readRecord(file, TENANT)).toEqual({});
    const handle = await openRecord(file, TENANT);
    for (let i = 0; i < 50; i++) handle.update((r) => recordWrite(r, staff, `m${i}`, false));
    await handle.flush();
    expect(Object.keys((await readRecord(file, TENANT))["staff"]!.mailboxes)).toHaveLength(50);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it("keeps other tenants' records, and drops a tenant left with nothing", async () => {
    const other = await openRecord(file, "other@https://graph.microsoft.com");
    other.update((r) => recordWrite(r, staff, "x1", false));
    await other.flush();
    const handle = await openRecord(file, TENANT);
    handle.update((r) => recordWrite(r, staff, "m1", true));
    handle.update((r) => recordRemoved(r, "staff", "m1"));
    await handle.flush();
    const doc = JSON.parse(await readFile(file, "utf8")) as { tenants: Record<string, unknown> };
    expect(Object.keys(doc.tenants)).toEqual(["other@https://graph.microsoft.com"]);
  });

  it("fails the run on a corrupt record instead of planning without it", async () => {
    await writeFile(file, "not json");
    await expect(openRecord(file, TENANT)).rejects.toThrow(RecordFormatError);
  });
});

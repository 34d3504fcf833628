import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { contactsFolderKey, createMemoryStateStore, fileNameFor, openStateStore, scopeName, STATE_KEYS, STATE_README } from "../../src/state";

const contoso = { tenantId: "contoso.onmicrosoft.com", graphUrl: "https://graph.microsoft.com" };
const fabrikam = { tenantId: "fabrikam.onmicrosoft.com", graphUrl: "https://graph.microsoft.com" };
const contosoOnSim = { tenantId: "contoso.onmicrosoft.com", graphUrl: "https://127.0.0.1:8443" };

let root: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "cync-state-"));
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe("state store on disk", () => {
  it("round-trips a record", async () => {
    const store = openStateStore({ dir: root, ...contoso });
    await store.write(STATE_KEYS.users, { deltaLink: "https://graph/x?$deltatoken=a", users: { u1: { id: "u1" } } });
    expect(await store.read(STATE_KEYS.users)).toEqual({ deltaLink: "https://graph/x?$deltatoken=a", users: { u1: { id: "u1" } } });
  });

  it("replaces a record and leaves no temporary files behind", async () => {
    const store = openStateStore({ dir: root, ...contoso });
    await store.write("k", { n: 1 });
    await store.write("k", { n: 2 });
    expect(await store.read("k")).toEqual({ n: 2 });
    expect((await fs.readdir(store.dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it.each([
    ["a missing file", undefined],
    ["truncated JSON", '{"format":"cync-state","key":"k","version":1,"data":{'],
    ["JSON that is not an object", "42"],
    ["another program's JSON", '{"deltaLink":"x"}'],
    ["a record of another shape version", '{"format":"cync-state","key":"k","version":2,"data":{"n":1}}'],
    ["a record written for another key", '{"format":"cync-state","key":"other","version":1,"data":{"n":1}}'],
    ["binary garbage", "\u0000\u0001\u00ff"],
  ])("reads %s as absent", async (_name, content) => {
    const store = openStateStore({ dir: root, ...contoso });
    await store.write("seed", 1); // creates the directory
    if (content !== undefined) await fs.writeFile(path.join(store.dir, fileNameFor("k")), content);
    expect(await store.read("k")).toBeUndefined();
  });

  it("reads a record with the version it was written with only", async () => {
    const store = openStateStore({ dir: root, ...contoso });
    await store.write("k", { n: 1 }, 3);
    expect(await store.read("k", 3)).toEqual({ n: 1 });
    expect(await store.read("k")).toBeUndefined();
  });

  it.each([
    ["another tenant", fabrikam],
    ["the same tenant behind another Graph URL", contosoOnSim],
  ])("keeps records of %s apart", async (_name, other) => {
    await openStateStore({ dir: root, ...contoso }).write("k", "contoso");
    expect(await openStateStore({ dir: root, ...other }).read("k")).toBeUndefined();
    expect(await openStateStore({ dir: root, ...contoso, tenantId: "CONTOSO.onmicrosoft.com" }).read("k")).toBe("contoso");
  });

  it("creates files only the owner can read, and keeps the directory out of git", async () => {
    const store = openStateStore({ dir: root, ...contoso });
    await store.write("k", { name: "personal data" });
    const file = path.join(store.dir, fileNameFor("k"));
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect((await fs.stat(store.dir)).mode & 0o777).toBe(0o700);
    expect(await fs.readFile(path.join(root, ".gitignore"), "utf8")).toBe("*\n");
    expect(await fs.readFile(path.join(root, "README.txt"), "utf8")).toBe(STATE_README);
  });

  it("removes a record, and removing an absent one is fine", async () => {
    const store = openStateStore({ dir: root, ...contoso });
    await store.write("k", 1);
    await store.remove("k");
    await store.remove("never-written");
    expect(await store.read("k")).toBeUndefined();
  });

  it("treats a deleted state directory as empty", async () => {
    const store = openStateStore({ dir: root, ...contoso });
    await store.write("k", 1);
    await fs.rm(root, { recursive: true, force: true });
    expect(await store.read("k")).toBeUndefined();
  });
});

describe("file names", () => {
  it.each([
    ["directory/users", "directory~2f~users.json"],
    ["plain-key.v1", "plain-key.v1.json"],
    ["..", /^-[0-9a-f]{24}\.json$/],
    ["x".repeat(500), /^x{80}-[0-9a-f]{24}\.json$/],
    [contactsFolderKey("AAA-Mailbox", "AQMkADAwATM0MDAAMS0xMDIALTIyZTAtMDACLTAwCgAuAAADzT8W+/xYHkSJ=="), /^contacts~2f~aaa-mailbox~2f~AQMk.*\.json$/],
  ])("%s → path-safe name", (key, expected) => {
    const name = fileNameFor(key);
    expect(name).not.toMatch(/[/\\]/);
    if (typeof expected === "string") expect(name).toBe(expected);
    else expect(name).toMatch(expected);
  });

  it("distinguishes long keys sharing a prefix", () => {
    expect(fileNameFor(`${"x".repeat(200)}a`)).not.toBe(fileNameFor(`${"x".repeat(200)}b`));
  });

  it("rejects an empty key", () => {
    expect(() => fileNameFor("")).toThrow(/empty/);
  });

  it("scopes by tenant and by the Graph URL's origin only", () => {
    expect(scopeName("t", "https://graph.microsoft.com/")).toBe(scopeName("T", "https://GRAPH.microsoft.com"));
    expect(scopeName("t", "https://graph.microsoft.com")).not.toBe(scopeName("t", "https://graph.microsoft.us"));
  });
});

describe("memory state store", () => {
  it("round-trips copies and honours versions", async () => {
    const store = createMemoryStateStore();
    const value = { list: [1] };
    await store.write("k", value, 2);
    value.list.push(2);
    expect(await store.read("k", 2)).toEqual({ list: [1] });
    expect(await store.read("k")).toBeUndefined();
    await store.remove("k");
    expect(store.keys()).toEqual([]);
  });
});

describe("a state directory deleted while in use", () => {
  it("is recreated by the next write", async () => {
    const store = openStateStore({ dir: root, ...contoso });
    await store.write("k", 1);
    await fs.rm(root, { recursive: true, force: true });
    await store.write("k", 2);
    expect(await store.read("k")).toBe(2);
  });
});

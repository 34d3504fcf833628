/** Checks across policy files: unique names, and no folder written twice for the same mailbox. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadPolicies } from "../../src/policy";
import { LIMITS } from "../../src/policy/limits";

const dir = mkdtempSync(path.join(tmpdir(), "cync-across-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const doc = (name: string, spec: string): string =>
  `apiVersion: cync/v1\nkind: ContactSyncPolicy\nmetadata:\n  name: ${name}\nspec:\n  defaultRegion: US\n${spec.replace(/^/gm, "  ")}\n`;

async function load(files: Record<string, string>) {
  const sub = mkdtempSync(path.join(dir, "case-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(sub, name), text);
  const result = await loadPolicies([sub]);
  return { ...result, at: (name: string) => path.join(sub, name) };
}

describe("policy names", () => {
  it("rejects a name used twice, on the second file's metadata.name", async () => {
    const r = await load({ "a.yaml": doc("staff", "folder: {name: A}"), "b.yaml": doc("staff", "folder: {name: B}") });
    expect(r.diagnostics).toEqual([
      { file: r.at("b.yaml"), line: 4, column: 3, path: "metadata.name", severity: "error", message: `"staff" is already the name of the policy in ${r.at("a.yaml")}; policy names must be unique` },
    ]);
    expect(r.policies.map((p) => p.file)).toEqual([r.at("a.yaml")]);
  });
});

describe("two policies, one folder", () => {
  const overlapping = [
    { name: "both default (CYNC, user mailboxes)", a: "mode: sync", b: "mode: sync", folderLine: 5 },
    { name: "same name in another case", a: "folder: {name: Staff}", b: "folder: {name: STAFF}", folderLine: 7 },
    { name: "both the default Contacts folder", a: "folder: {defaultContacts: true}", b: "folder: {defaultContacts: true}", folderLine: 7 },
    { name: "different attributes say nothing about disjointness", a: "targets: {where: {attribute: department, equals: Sales}}", b: "targets: {where: {attribute: country, equals: US}}", folderLine: 5 },
    { name: "shared value in the same attribute", a: "targets: {where: {attribute: department, in: [Sales, Support]}}", b: "targets: {where: {attribute: department, equals: support}}", folderLine: 5 },
    { name: "different values of a list attribute", a: "targets: {where: {attribute: proxyAddresses, equals: 'smtp:a@x'}}", b: "targets: {where: {attribute: proxyAddresses, equals: 'smtp:b@x'}}", folderLine: 5 },
    { name: "case differs and both ignore case", a: "targets: {where: {attribute: department, equals: SALES}}", b: "targets: {where: {attribute: department, equals: sales}}", folderLine: 5 },
  ];
  it.each(overlapping)("rejects: $name", async ({ a, b, folderLine }) => {
    const r = await load({ "a.yaml": doc("first", a), "b.yaml": doc("second", b) });
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ file: r.at("b.yaml"), line: folderLine, severity: "error" });
    expect(r.diagnostics[0]!.message).toMatch(/^writes the same folder \(.+\) as policy "first" in .*a\.yaml, and their target mailboxes may overlap/);
  });

  const disjoint = [
    { name: "different folders", a: "folder: {name: A}", b: "folder: {name: B}" },
    { name: "named folder and default Contacts", a: "mode: sync", b: "folder: {defaultContacts: true}" },
    { name: "different mailbox kinds", a: "targets: {mailboxKinds: [user]}", b: "targets: {mailboxKinds: [shared, room]}" },
    { name: "no common value of a text attribute", a: "targets: {where: {attribute: department, in: [Sales, Support]}}", b: "targets: {where: {all: [{attribute: country, equals: US}, {attribute: department, equals: Finance}]}}" },
    { name: "case matters when one side says so", a: "targets: {where: {attribute: department, equals: Sales, ignoreCase: false}}", b: "targets: {where: {attribute: department, equals: sales, ignoreCase: false}}" },
    { name: "a condition and its negation", a: "targets: {where: {memberOf: {displayName: Pilot}}}", b: "targets: {where: {not: {memberOf: {displayName: Pilot}}}}" },
    { name: "exists and not exists", a: "targets: {where: {attribute: employeeId, exists: true}}", b: "targets: {where: {attribute: employeeId, exists: false}}" },
  ];
  it.each(disjoint)("accepts: $name", async ({ a, b }) => {
    const r = await load({ "a.yaml": doc("first", a), "b.yaml": doc("second", b) });
    expect(r.diagnostics).toEqual([]);
    expect(r.policies).toHaveLength(2);
  });
});

describe("files and directories", () => {
  it.each([
    { name: "a missing path", setup: (d: string) => path.join(d, "nope"), message: "does not exist" },
    { name: "a directory without policies", setup: (d: string) => d, message: "holds no policy files (*.yaml or *.yml)" },
  ])("reports $name", async ({ setup, message }) => {
    const target = setup(mkdtempSync(path.join(dir, "files-")));
    const r = await loadPolicies([target]);
    expect(r.diagnostics).toEqual([{ file: target, line: 0, column: 0, path: "", message, severity: "error" }]);
  });

  it.each([
    {
      name: "a symbolic link back to the directory (a loop)",
      setup: (d: string) => symlinkSync(d, path.join(d, "loop")),
      at: "loop",
      message: /^is a symbolic link to .*, which is read already \(a loop, or a second way to the same policies\); remove the link$/,
    },
    {
      name: "a second link to the same directory",
      setup: (d: string) => {
        mkdirSync(path.join(d, "team"));
        writeFileSync(path.join(d, "team", "t.yaml"), doc("team", "folder: {name: T}"));
        symlinkSync(path.join(d, "team"), path.join(d, "z-again"));
      },
      at: "z-again",
      message: /team, which is read already/,
    },
    { name: "a policy file linked to itself", setup: (d: string) => symlinkSync("self.yaml", path.join(d, "self.yaml")), at: "self.yaml", message: /^is a symbolic link that leads back to itself; remove it$/ },
    { name: "a broken link", setup: (d: string) => symlinkSync("gone.yaml", path.join(d, "broken.yaml")), at: "broken.yaml", message: /^is a symbolic link to a file that does not exist/ },
    {
      name: "more policy files than LIMITS.maxFiles",
      setup: (d: string) => {
        for (let i = 0; i <= LIMITS.maxFiles; i++) writeFileSync(path.join(d, `p${i}.yaml`), "");
      },
      at: "",
      message: /^holds more than 1000 policy files; cync reads at most 1000 — check that this is the policies directory$/,
    },
  ])("refuses $name", async ({ setup, at, message }) => {
    const d = mkdtempSync(path.join(dir, "links-"));
    writeFileSync(path.join(d, "a.yaml"), doc("ay", "folder: {name: A}"));
    setup(d);
    const started = performance.now();
    const r = await loadPolicies([d]);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(r.diagnostics.filter((x) => x.severity === "error")).toEqual([{ file: path.join(d, at), line: 0, column: 0, path: "", message: expect.stringMatching(message), severity: "error" }]);
  });

  it("follows a symbolic link to a directory of policies", async () => {
    const d = mkdtempSync(path.join(dir, "linked-"));
    const team = mkdtempSync(path.join(dir, "team-"));
    writeFileSync(path.join(team, "t.yaml"), doc("team", "folder: {name: T}"));
    symlinkSync(team, path.join(d, "team"));
    const r = await loadPolicies([d]);
    expect(r.diagnostics).toEqual([]);
    expect(r.policies.map((p) => p.file)).toEqual([path.join(d, "team", "t.yaml")]);
  });

  it("reads *.yaml and *.yml in sorted order, recursively, and skips other files", async () => {
    const r = await load({ "b.yml": doc("bee", "folder: {name: B}"), "a.yaml": doc("ay", "folder: {name: A}"), "notes.md": "# not a policy" });
    expect(r.policies.map((p) => p.resolved.name)).toEqual(["ay", "bee"]);
  });
});

/** `cync validate` end to end through the CLI's main(), and its three output formats. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main";
import { githubLine, textLine } from "../../src/policy/format";
import type { Diagnostic } from "../../src/policy";
import { HEAD, VALID } from "./bad-input.cases";

const dir = mkdtempSync(path.join(tmpdir(), "cync-validate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

async function cync(...args: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const code = await main(["node", "cync", ...args]);
  vi.restoreAllMocks();
  return { code, out };
}

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const good = write("good.yaml", VALID.replace("spec: {}", "spec: {defaultRegion: US}"));
const bad = write("bad.yaml", `${HEAD}spec:\n  mode: mirror\n  folder: {name: CYNC, defaultContacts: true}\n`);
const warned = write("warned.yaml", VALID.replace("name: p", "name: w").replace("spec: {}", "spec: {folder: {name: W}}"));

describe("cync validate", () => {
  it("validates the repository's own policies/ by default", async () => {
    const { code, out } = await cync("validate");
    expect(out).toBe("2 policies valid\n");
    expect(code).toBe(0);
  });

  it.each([
    { name: "a valid file", files: [good], code: 0, out: "1 policy valid\n" },
    {
      name: "an invalid file, one line per error",
      files: [bad],
      code: 1,
      out:
        `${bad}:6:3: error: spec.mode: must be one of sync, upsert-only or create-only, not "mirror"\n` +
        `${bad}:7:3: error: spec.folder: combines "name" and "defaultContacts", which cannot be used together; use one of them\n` +
        "0 policies valid, 2 errors\n",
    },
    {
      name: "warnings alone still pass",
      files: [warned],
      code: 0,
      out: `${warned}:5:1: warning: spec: formats phone numbers without a \`defaultRegion\`: numbers written without a country code stay as they are, and phones will not show caller ID for them; set spec.defaultRegion (e.g. US)\n1 policy valid, 1 warning\n`,
    },
    { name: "a missing path", files: [path.join(dir, "missing.yaml")], code: 1, out: `${path.join(dir, "missing.yaml")}: error: does not exist\n0 policies valid, 1 error\n` },
  ])("text: $name", async ({ files, code, out }) => {
    expect(await cync("validate", ...files)).toEqual({ code, out });
  });

  it("github: workflow annotations", async () => {
    const { code, out } = await cync("validate", "--format", "github", bad);
    expect(code).toBe(1);
    expect(out.split("\n")).toEqual([
      `::error file=${bad},line=6,col=3::spec.mode: must be one of sync, upsert-only or create-only, not "mirror"`,
      `::error file=${bad},line=7,col=3::spec.folder: combines "name" and "defaultContacts", which cannot be used together; use one of them`,
      "0 policies valid, 2 errors",
      "",
    ]);
  });

  it("json: policies with digests, and diagnostics", async () => {
    const { code, out } = await cync("validate", "--format", "json", good, bad);
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report.valid).toBe(false);
    expect(report.policies).toEqual([{ file: good, name: "p", digest: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(report.diagnostics).toHaveLength(2);
    expect(report.diagnostics[0]).toEqual({ file: bad, line: 6, column: 3, path: "spec.mode", message: expect.any(String), severity: "error" });
  });

  it("refuses an unknown format", async () => {
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const { code } = await cync("validate", "--format", "xml");
    expect(code).not.toBe(0);
  });

  it("documents itself in --help", async () => {
    const { code, out } = await cync("validate", "--help");
    expect(code).toBe(0);
    expect(out).toContain("Usage: cync validate [options] [paths...]");
    expect(out).toContain('choices: "text", "json", "github"');
    expect(out).toContain("Exit status: 0 when every policy is valid");
  });
});

describe("line formats", () => {
  const d: Diagnostic = { file: "policies/a,b:c.yaml", line: 3, column: 7, path: "spec.mode", message: "100% wrong\nreally", severity: "error" };
  it.each([
    { name: "text keeps one line", format: textLine, line: "policies/a,b:c.yaml:3:7: error: spec.mode: 100% wrong really" },
    { name: "github escapes properties and data", format: githubLine, line: "::error file=policies/a%2Cb%3Ac.yaml,line=3,col=7::spec.mode: 100%25 wrong%0Areally" },
    { name: "github without a position", format: (x: Diagnostic) => githubLine({ ...x, line: 0, column: 0, path: "", severity: "warning" }), line: "::warning file=policies/a%2Cb%3Ac.yaml::100%25 wrong%0Areally" },
  ])("$name", ({ format, line }) => {
    expect(format(d)).toBe(line);
  });
});

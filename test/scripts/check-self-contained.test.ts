/**
 * scripts/check-self-contained.mjs, run by `npm test`: each case plants files in a fresh git
 * repository (outside this one) and runs the script on it, as `npm test` runs it on this one.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const SCRIPT = join(__dirname, "..", "..", "scripts", "check-self-contained.mjs");

/** What every planted repository holds besides the case's files. */
const BASELINE: Record<string, string> = {
  "docs/guide.md": "# Guide\n\n## Some heading\n\nText.\n",
  "src/ok.ts": "export const ok = 1;\n",
};

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function plant(files: Record<string, string>, git = true): string {
  const root = mkdtempSync(join(tmpdir(), "cync-self-contained-"));
  roots.push(root);
  for (const [file, text] of Object.entries({ ...BASELINE, ...files })) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  if (git) {
    execFileSync("git", ["init", "-q"], { cwd: root });
    execFileSync("git", ["add", "."], { cwd: root });
  }
  return root;
}

function check(root: string): { status: number | null; findings: string[] } {
  const run = spawnSync(process.execPath, [SCRIPT, root], { encoding: "utf8" });
  return { status: run.status, findings: run.stdout.split("\n").filter((l) => /^\S+:\d+: /.test(l)) };
}

describe("check-self-contained", () => {
  it.each<[string, string, string, string]>([
    ["an absolute path on one machine", "src/a.ts", 'const dir = "/mnt/data/graph-fixtures";\n', "src/a.ts:1: outside-path"],
    ["a home directory in Markdown", "docs/x.md", "The data is in /home/alice/payloads.\n", "docs/x.md:1: outside-path"],
    // Spelled in two parts so that this file does not itself name the sibling folder.
    ["a sibling checkout", "test/a.test.ts", `readFileSync("${".."}/shared/x.json");\n`, "test/a.test.ts:1: outside-path"],
    ["a relative path that climbs above the root", "scripts/a.mjs", 'import x from "../../../elsewhere/x.mjs";\n', "scripts/a.mjs:1: outside-path"],
    ["a K: docs abbreviation", "src/a.ts", "// Graph says so (K:throttling.md).\n", "src/a.ts:1: doc-abbreviation"],
    ["an A: docs abbreviation", "src/a.ts", "/**\n * Delta filter (A:user-delta.md).\n */\n", "src/a.ts:2: doc-abbreviation"],
    ["a C# issue shorthand", "src/a.ts", "// PATCH may ignore it (C#8248).\n", "src/a.ts:1: issue-shorthand"],
    ["an owner/repo#N shorthand", "src/a.ts", "// see microsoftgraph/msgraph-metadata#617\n", "src/a.ts:1: issue-shorthand"],
    ["a Q&A number", "src/a.ts", "// Q&A 1660054 says so\n", "src/a.ts:1: issue-shorthand"],
    ["a tracker's issue and item numbers", "src/a.ts", "// as asked (issue 4 item 2)\n", "src/a.ts:1: issue-number"],
    ["design notes", "src/a.ts", "// per the design notes\n", "src/a.ts:1: internal-doc"],
    ["DESIGN.md that is not in the repository", "src/a.ts", "// DESIGN.md decision 5\n", "src/a.ts:1: internal-doc"],
    ["the research notes' graph-facts", "bench/a.ts", "// graph-facts §1\n", "bench/a.ts:1: internal-doc"],
    ["an evidence tag", "src/a.ts", "// homePhones ≤ 2 [inf]\n", "src/a.ts:1: evidence-tag"],
    ["an anchor docs/ does not have", "src/a.ts", "// docs/guide.md#missing-heading\n", "src/a.ts:1: broken-anchor"],
    ["a docs page that does not exist", "src/a.ts", "// docs/nope.md#anything\n", "src/a.ts:1: broken-anchor"],
    ["a comment naming a file that is gone", "src/a.ts", "const x = 1; // see src/gone.ts\n", "src/a.ts:1: broken-path"],
    ["a Markdown link to a file that is gone", "docs/y.md", "See [the code](../src/gone.ts).\n", "docs/y.md:1: broken-anchor"],
  ])("fails on %s, naming file and line", (_name, file, text, expected) => {
    const { status, findings } = check(plant({ [file]: text }));
    expect(status).toBe(1);
    expect(findings.some((f) => f.startsWith(expected))).toBe(true);
  });

  it.each<[string, Record<string, string>]>([
    ["a temporary directory made at run time", { "test/a.test.ts": 'const dir = mkdtempSync(join(tmpdir(), "cync-"));\n' }],
    ["URLs and Graph paths", { "src/a.ts": "// https://learn.microsoft.com/graph/throttling, GET /users/{id}/contacts, /v1.0/$batch\n" }],
    ["a shorthand that is the text of a link to it", { "docs/x.md": "[magodo/terraform-provider-outlook#21](https://github.com/magodo/terraform-provider-outlook/issues/21)\n" }],
    ["relative paths inside the repository", { "test/b.ts": 'import { ok } from "../src/ok"; // src/ok.ts\n' }],
    ["an anchor that exists", { "src/a.ts": "// docs/guide.md#some-heading\n", "docs/z.md": "[guide](guide.md#some-heading)\n" }],
    ["placeholders and globs", { "src/a.ts": "// npx vitest run test/<dir>; test/simulator/faithfulness-*.test.ts; stacks/Pulumi.<stack>.yaml\n" }],
    ["a fenced example of a file that lives elsewhere", { "docs/x.md": "```yaml\n# $schema=../schema/policy.schema.json\n```\n\n```sh\ncync validate policies/sales.yaml\n```\n" }],
    ["a document the repository does hold", { "docs/DESIGN.md": "# Design\n", "src/a.ts": "// DESIGN.md says why\n" }],
    ["identifiers that look like abbreviations", { "src/a.ts": 'const e = { MISSING_CHAR: "x", cA: true, BOTTLENECK: 1 };\n' }],
  ])("passes %s", (_name, files) => {
    const { status, findings } = check(plant(files));
    expect(findings).toEqual([]);
    expect(status).toBe(0);
  });

  it("checks the tree when the directory is not a git checkout", () => {
    const { status, findings } = check(plant({ "src/a.ts": "// K:errors.md\n" }, false));
    expect(status).toBe(1);
    expect(findings).toEqual([expect.stringMatching(/^src\/a\.ts:1: doc-abbreviation/)]);
  });
});

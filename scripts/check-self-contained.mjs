#!/usr/bin/env node
// The repository stands alone: every tracked file is checked for references a reader of the
// repository cannot open — paths outside the repository, abbreviations of documents that are not
// in it, issue numbers without a URL — and for references into the repository that do not resolve
// (a cited file that does not exist, a docs/…md#anchor without that heading). Run by `npm test`;
// prints `file:line: rule: what` for each finding and exits 1 when there is any.
//
//   node scripts/check-self-contained.mjs [ROOT]      (default: the repository this script is in)
//
// The files are `git ls-files` (tracked and staged files); outside a git checkout, the tree minus
// node_modules/, dist/, .cync/ and coverage/. Rules, and what each one allows (docs/architecture.md
// says why the repository must stand alone):
//
//   outside-path    an absolute path on a machine (under /home, /Users, /root, /mnt, /tmp or the
//                   workplace's own root) or a relative path that climbs above the repository root
//                   (a sibling checkout's folder, ../../..). URLs and paths built at run time (os.tmpdir()) are not matched.
//   doc-abbreviation  `K:…`, `R:…`, `A:…` paths of Microsoft's docs repository: cite the Microsoft
//                   Learn URL or docs/graph-behaviour.md#… instead.
//   issue-shorthand `C#123` / `D#123`, `owner/repo#123`, `PR #123`, `Q&A 123` without the URL (a
//                   shorthand is fine as the text of a Markdown link to it).
//   issue-number    "issue 4", "item 2": numbers of a tracker the reader cannot see.
//   internal-doc    DESIGN.md, STYLE.md, PRODUCT.md, graph-facts, pulumi.md, peers.md, research
//                   notes, design notes, graph-fixtures — unless a file of that name is tracked.
//   evidence-tag    `[inf]`, `[obs]`, `[doc]`: say "inferred" / "observed" in words and cite the
//                   docs/graph-behaviour.md section that gives the evidence.
//   broken-anchor   docs/<page>.md#<anchor> (anywhere) or a Markdown link whose page or heading
//                   does not exist.
//   broken-path     in comments and Markdown: a path under one of the repository's top-level
//                   directories (src/…, test/…, docs/…, fixtures/…) that is not a tracked file or
//                   directory. Placeholders (`test/<dir>`, `Pulumi.<stack>.yaml`) and globs are not
//                   paths.
//
// This script and its test spell the patterns out, so they are the only files not checked.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join, posix, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const SELF = "scripts/check-self-contained.mjs";
const EXEMPT = new Set([SELF, "test/scripts/check-self-contained.test.ts"]);
const TOP_DIRS = ["src", "test", "docs", "fixtures", "scripts", "bench", "bin", "schema", "policies", "stacks", "packages", ".github", ".ci"];
/** Documents the project was built from that are not in the repository: [pattern, file name]. */
const INTERNAL_DOCS = [
  [/\bDESIGN\.md\b/, "DESIGN.md"],
  [/\bSTYLE\.md\b/, "STYLE.md"],
  [/\bPRODUCT\.md\b/, "PRODUCT.md"],
  [/\bpulumi\.md\b/, "pulumi.md"],
  [/\bpeers\.md\b/, "peers.md"],
  [/\bgraph-facts\b/, "graph-facts.md"],
];

/** Rules matched on every line of every checked file: [name, pattern, advice]. */
const LINE_RULES = [
  ["outside-path", /(?<![\w.~%-])\/(?:work|home|Users|root|mnt|tmp)\/[\w.-][\w./-]*/, "a path on one machine: vendor the data into the repository and use a path relative to the file"],
  ["outside-path", /\.\.\/shared\b/, "a sibling of the checkout: vendor what is needed into the repository"],
  ["doc-abbreviation", /(?<![\w$])[KRA]:[a-z][\w*-]*(?:\.md\b|-[\w*.-]+)/, "cite the Microsoft Learn URL or docs/graph-behaviour.md#…"],
  ["issue-shorthand", /(?<![\w/])[CD]#\d+\b(?!\]\()/, "write the issue's URL"],
  ["issue-shorthand", /\bQ&A \d+\b(?!\]\()/, "write the Microsoft Q&A URL"],
  ["issue-shorthand", /\bPR #\d+\b(?!\]\()/, "write the pull request's URL"],
  ["issue-shorthand", /(?<![\w./-])[\w.-]+\/[\w.-]+#\d+\b(?!\]\()/, "write the issue's URL (or make the shorthand the text of a link to it)", "not-vendored"],
  ["issue-number", /\b[Ii]ssues? #?\d+\b(?!\]\()|\bitems? \d+(?:(?:,\s*|\s+and\s+)\d+)*(?=[),:;])/, "say what the requirement is; the tracker is not in the repository"],
  ["internal-doc", /\b(?:research(?:\/|\s+notes?\b)|design\s+notes?\b|graph-fixtures\b)/i, "cite a file in the repository (docs/…) or a public URL"],
  ["evidence-tag", /\[(?:inf|obs|doc)\b[^\]\n]*\]/, "say inferred/observed in words and cite docs/graph-behaviour.md#…"],
];

/** Vendored Graph payloads (fixtures/graph/*.json): their notes keep `owner/repo#N` as vendored. */
const VENDORED = /^fixtures\/graph\/[^/]+\.json$/;
/** After a path token: the rest of a placeholder or glob (`test/<dir>`, `stacks/Pulumi.<stack>.yaml`, `faithfulness-*`). */
const PLACEHOLDER_TAIL = /^[\w.-]*[<{*…$]/;

const PATH_TOKEN = new RegExp(`(?<![\\w./@-])(?:${TOP_DIRS.map((d) => d.replace(".", "\\.")).join("|")})/(?:[\\w.-]+/)*[\\w.-]*\\w/?`, "g");
const DOC_ANCHOR = /(?<![\w./-])((?:[\w.-]+\/)*docs\/[\w.-]+\.md)#([\w-]+)/g;
const MD_LINK = /\]\(([^)\s]+)\)/g;
const RELATIVE_CLIMB = /(?<![\w.])(?:\.\.\/)+[\w.-]*/g;

function trackedFiles(root) {
  try {
    const out = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return out.split("\0").filter((f) => f !== "" && existsSync(join(root, f)));
  } catch {
    const files = [];
    const walk = (dir) => {
      for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
        const rel = dir === "" ? entry.name : `${dir}/${entry.name}`;
        if (entry.isDirectory()) {
          if (![".git", "node_modules", "dist", ".cync", "coverage"].includes(entry.name)) walk(rel);
        } else files.push(rel);
      }
    };
    walk("");
    return files;
  }
}

/** GitHub's heading anchor: lower case, punctuation dropped, each space a hyphen; repeats get -1, -2… */
function anchorsOf(text) {
  const anchors = new Set();
  const seen = new Map();
  let fenced = false;
  for (const line of text.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const words = heading[1].replace(/\[([^\]]*)\]\([^)]*\)/g, "$1");
      const base = words.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      anchors.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(m[1]);
  }
  return anchors;
}

/** For each line: true inside a Markdown code fence (fence lines included). */
function fencedLines(file, lines) {
  let open = false;
  return lines.map((line) => {
    if (!file.endsWith(".md")) return false;
    if (/^\s*(```|~~~)/.test(line)) {
      open = !open;
      return true;
    }
    return open;
  });
}

/** The comment parts of a source file's lines (same line numbers), or the whole text for Markdown. */
function commentText(file, text) {
  const ext = extname(file);
  if (ext === ".md") return text;
  const hash = [".yml", ".yaml", ".sh", ""].includes(ext) || text.startsWith("#!");
  const slash = [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"].includes(ext);
  if (!hash && !slash) return "";
  let inBlock = false;
  return text
    .split("\n")
    .map((line) => {
      if (slash) {
        if (inBlock) {
          if (line.includes("*/")) inBlock = false;
          return line;
        }
        const t = line.trimStart();
        if (t.startsWith("/*")) {
          inBlock = !t.includes("*/");
          return line;
        }
        if (t.startsWith("//") || t.startsWith("*")) return line;
        const at = line.search(/(?<![:"'`\w])\/\/\s/);
        return at === -1 ? "" : line.slice(at);
      }
      const t = line.trimStart();
      if (t.startsWith("#")) return line;
      const at = line.search(/\s#\s/);
      return at === -1 ? "" : line.slice(at);
    })
    .join("\n");
}

export function checkRepository(root) {
  const files = trackedFiles(root);
  const tracked = new Set(files);
  const dirs = new Set();
  for (const f of files) for (let d = posix.dirname(f); d !== "."; d = posix.dirname(d)) dirs.add(d);
  const names = new Set(files.map((f) => posix.basename(f)));
  const anchorCache = new Map();
  const anchors = (file) => {
    if (!anchorCache.has(file)) anchorCache.set(file, anchorsOf(readFileSync(join(root, file), "utf8")));
    return anchorCache.get(file);
  };
  const exists = (p) => tracked.has(p) || dirs.has(p.replace(/\/$/, ""));
  const findings = [];

  for (const file of files) {
    if (EXEMPT.has(file)) continue;
    const path = join(root, file);
    if (statSync(path).size > 4_000_000) continue;
    const buffer = readFileSync(path);
    if (buffer.includes(0)) continue;
    const text = buffer.toString("utf8");
    const lines = text.split("\n");
    const report = (line, rule, what) => findings.push({ file, line, rule, what });
    const fenced = fencedLines(file, lines);

    lines.forEach((line, i) => {
      for (const [rule, pattern, advice, scope] of LINE_RULES) {
        if (scope === "not-vendored" && VENDORED.test(file)) continue;
        const m = pattern.exec(line);
        if (m) report(i + 1, rule, `"${m[0]}": ${advice}`);
      }
      for (const [pattern, name] of INTERNAL_DOCS) {
        if (pattern.test(line) && !names.has(name)) report(i + 1, "internal-doc", `"${name}" is not in the repository: cite a file that is (docs/…) or a public URL`);
      }
      // A fenced block in Markdown shows a file that lives elsewhere (a policy in policies/, a shell
      // session): its relative paths and example file names are not references from this file.
      if (fenced[i]) return;
      for (const m of line.matchAll(RELATIVE_CLIMB)) {
        const target = resolve(dirname(path), m[0]);
        if (target !== resolve(root) && !target.startsWith(resolve(root) + sep)) report(i + 1, "outside-path", `"${m[0]}" climbs out of the repository`);
      }
      for (const m of line.matchAll(DOC_ANCHOR)) {
        const page = posix.normalize(m[1].startsWith("docs/") ? m[1] : posix.join(posix.dirname(file), m[1]));
        if (!tracked.has(page)) report(i + 1, "broken-anchor", `${m[1]} does not exist`);
        else if (!anchors(page).has(m[2])) report(i + 1, "broken-anchor", `${m[1]} has no heading for #${m[2]}`);
      }
      if (file.endsWith(".md")) {
        for (const m of line.matchAll(MD_LINK)) {
          const target = m[1];
          if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("#") && target.length === 1) continue;
          const [pathPart, anchor] = target.split("#");
          const page = pathPart === "" ? file : posix.normalize(posix.join(posix.dirname(file), pathPart));
          if (page.startsWith("..")) continue; // reported by outside-path
          if (!exists(page)) report(i + 1, "broken-anchor", `link target ${target} does not exist`);
          else if (anchor !== undefined && page.endsWith(".md") && !anchors(page).has(anchor)) report(i + 1, "broken-anchor", `${page} has no heading for #${anchor}`);
        }
      }
    });

    commentText(file, text)
      .split("\n")
      .forEach((line, i) => {
        if (fenced[i]) return;
        for (const m of line.matchAll(PATH_TOKEN)) {
          if (PLACEHOLDER_TAIL.test(line.slice(m.index + m[0].length))) continue;
          const p = m[0].replace(/[.]+$/, "");
          if (!exists(p)) report(i + 1, "broken-path", `${p} is not a file or directory of the repository`);
        }
      });
  }
  return findings;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), ".."));
  const findings = checkRepository(root);
  for (const f of findings) process.stdout.write(`${f.file}:${f.line}: ${f.rule}: ${f.what}\n`);
  if (findings.length > 0) {
    process.stderr.write(`check-self-contained: ${findings.length} reference(s) a reader of the repository cannot open (rules: ${relative(process.cwd(), join(root, SELF))})\n`);
    process.exit(1);
  }
  process.stdout.write("check-self-contained: every reference resolves inside the repository or to a public URL\n");
}

#!/usr/bin/env node
// No import cycles: runs dependency-cruiser with .dependency-cruiser.cjs (the rules and why) over
// the product's sources and every workspace package's, `src/`, `packages/*/src/` and
// `stacks/*/src/`, whichever exist. Run by `npm test`; prints each cycle and exits 1 when there is
// any.
//
//   node scripts/check-cycles.mjs
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const sourcesUnder = (dir) => (existsSync(path.join(root, dir)) ? readdirSync(path.join(root, dir)).map((p) => path.join(dir, p, "src")) : []);
const sources = ["src", ...sourcesUnder("packages"), ...sourcesUnder("stacks")].filter((dir) => existsSync(path.join(root, dir)));
const cli = path.join(root, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs");
const run = spawnSync(process.execPath, [cli, "--config", ".dependency-cruiser.cjs", "--output-type", "err", ...sources], { cwd: root, stdio: "inherit" });
process.exit(run.status ?? 1);

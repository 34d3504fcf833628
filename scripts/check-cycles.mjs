#!/usr/bin/env node
// No import cycles: runs dependency-cruiser with .dependency-cruiser.cjs (the rules and why) over
// the product's sources and every workspace package's, `src/` and `packages/*/src/`, whichever
// exist. Run by `npm test`; prints each cycle and exits 1 when there is any.
//
//   node scripts/check-cycles.mjs
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const packages = existsSync(path.join(root, "packages")) ? readdirSync(path.join(root, "packages")).map((p) => path.join("packages", p, "src")) : [];
const sources = ["src", ...packages].filter((dir) => existsSync(path.join(root, dir)));
const cli = path.join(root, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs");
const run = spawnSync(process.execPath, [cli, "--config", ".dependency-cruiser.cjs", "--output-type", "err", ...sources], { cwd: root, stdio: "inherit" });
process.exit(run.status ?? 1);

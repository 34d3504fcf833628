#!/usr/bin/env node
// Runs one benchmark: `npm run bench:<name>` → `node scripts/bench.mjs <name> [args…]`; `npm run bench`
// is the buyer's report, bench/buyer.ts.
// Benchmarks import src/ directly, so they are compiled with the project's own settings
// (tsconfig.bench.json) into dist/.bench, next to a copy of schema/ that the policy loader reads;
// the embedded tenant (@cync/simulator) is built first, as they load its dist/.
// They talk HTTPS to the embedded tenant, whose CA Node trusts only through NODE_EXTRA_CA_CERTS
// read at start-up: the CA is made here first (bench/ca.ts names its directory) and the benchmark
// is started trusting it.
import { execFileSync } from "node:child_process";
import { cpSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
/** Extra node flags a benchmark needs: heap figures need explicit GC, the store bench a 2 GB cap. */
const NODE_FLAGS = {
  "sim-store": ["--expose-gc", "--max-old-space-size=2048"],
  plan: ["--expose-gc"],
};
const [name, ...args] = process.argv.slice(2);
if (!name) {
  process.stderr.write("usage: node scripts/bench.mjs <buyer|apply|core|directory|photos|plan|shards|sim|sim-store|writer> [args…]\n");
  process.exit(2);
}
const tsc = (project) => execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", join(root, project)], { stdio: "inherit", cwd: root });
tsc("packages/simulator/tsconfig.build.json");
tsc("tsconfig.bench.json");
cpSync(join(root, "schema"), join(root, "dist/.bench/schema"), { recursive: true });
const { BENCH_CA_DIR } = require(join(root, "dist/.bench/bench/ca.js"));
const { loadOrCreateCa } = require("@cync/simulator");
const ca = loadOrCreateCa(join(root, BENCH_CA_DIR));
execFileSync(process.execPath, [...(NODE_FLAGS[name] ?? []), join(root, "dist/.bench/bench", `${name}.js`), ...args], {
  stdio: "inherit",
  cwd: root,
  env: { ...process.env, NODE_EXTRA_CA_CERTS: ca.certFile },
});

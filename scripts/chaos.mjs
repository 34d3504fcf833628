#!/usr/bin/env node
// `npm run test:chaos [-- --seeds N --users U --mailboxes M --kills K]`: the reliability suite
// (test/chaos/) at the size asked for, then one closing line summing what every scenario survived
// (README "Reliability"). The sizes reach the test files as CYNC_CHAOS_* variables (vitest passes
// the environment on to its workers; it has no flags of its own for them), and each scenario appends
// its tally to the file named by CYNC_CHAOS_TALLY. Without flags the suite runs at CI size, as it
// does inside `npm test`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const { values } = parseArgs({
  options: { seeds: { type: "string" }, users: { type: "string" }, mailboxes: { type: "string" }, kills: { type: "string" } },
  strict: true,
});
const env = { ...process.env };
for (const [name, value] of Object.entries(values)) {
  if (!/^[1-9][0-9]*$/.test(value)) {
    process.stderr.write(`--${name} takes a positive whole number, got ${JSON.stringify(value)}\n`);
    process.exit(2);
  }
  env[`CYNC_CHAOS_${name.toUpperCase()}`] = value;
}
const work = mkdtempSync(join(tmpdir(), "cync-chaos-tally-"));
env.CYNC_CHAOS_TALLY = join(work, "tally.jsonl");
const vitest = join(dirname(require.resolve("vitest/package.json")), "vitest.mjs");
const run = spawnSync(process.execPath, [vitest, "run", "--project", "cync", "test/chaos"], { stdio: "inherit", cwd: root, env });

let lines = [];
try {
  lines = readFileSync(env.CYNC_CHAOS_TALLY, "utf8").split("\n").filter(Boolean);
} catch {
  // No scenario got as far as its tally: vitest has said why.
}
rmSync(work, { recursive: true, force: true });
const total = { seeds: 0, faults: 0, retries: 0, kills: 0, duplicatesRemoved: 0, lost: 0, foreignWrites: 0 };
for (const line of lines) for (const [k, v] of Object.entries(JSON.parse(line))) total[k] += v;
const n = (x) => x.toLocaleString("en-US");
process.stdout.write(
  `chaos: ${n(total.seeds)} seeds, ${n(total.faults)} faults, ${n(total.retries)} retries, ${n(total.kills)} kills, ` +
    `${n(total.duplicatesRemoved)} duplicates created by faults and removed, ${n(total.lost)} lost, ${n(total.foreignWrites)} foreign writes\n`,
);
process.exit(run.status ?? 1);

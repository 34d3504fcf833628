/**
 * cync's own CLI in a process of its own, for `npm run bench` (bench/buyer.ts): `node
 * cync-process.js <cync arguments…>` runs `cync <arguments…>` and, as it exits, sends its exit
 * status, CPU time and peak resident set size on IPC. Only cync runs in this process (the tenant
 * has its own, bench/tenant-process.ts), so the figures are cync's alone.
 */
import { main } from "../src/cli/main";

/** The IPC message this process ends with. */
export interface CyncUsage {
  readonly exitCode: number;
  /** User + system CPU time of the whole process, µs. */
  readonly cpuMicros: number;
  /** Peak resident set size, bytes (getrusage's ru_maxrss). */
  readonly maxRssBytes: number;
}

async function run(): Promise<void> {
  const exitCode = await main(["node", "cync", ...process.argv.slice(2)]);
  const cpu = process.cpuUsage();
  const usage: CyncUsage = { exitCode, cpuMicros: cpu.user + cpu.system, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
  process.send!(usage, () => process.disconnect());
}

run().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

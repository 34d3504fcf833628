/**
 * What the benchmarks that run cync's real CLI share (bench/buyer.ts, bench/shards.ts): `cync
 * <args>` in a process of its own against the tenant (bench/cync-process.ts), and the write phase
 * timed as the tenant sees it.
 */
import { fork } from "node:child_process";
import * as path from "node:path";
import type { CyncUsage } from "./cync-process";
import type { Tenant } from "./tenant";

export interface CyncRun {
  readonly usage: CyncUsage;
  readonly seconds: number;
}

/** `cync <args>` in its own process against the tenant, with the tenant's environment and `env`. */
export async function cync(tenant: Tenant, args: readonly string[], env: Record<string, string> = {}): Promise<CyncRun> {
  const started = performance.now();
  const child = fork(path.join(__dirname, "cync-process.js"), [...args], { env: { ...process.env, ...tenant.ready.env, ...env }, stdio: ["ignore", "ignore", "ignore", "ipc"] });
  const usage = await new Promise<CyncUsage>((resolve, reject) => {
    child.once("message", (m) => resolve(m as CyncUsage));
    child.once("exit", (code) => reject(new Error(`cync ${args[0] ?? ""} exited with ${String(code)} before reporting`)));
  });
  await new Promise((resolve) => child.once("exit", resolve));
  return { usage, seconds: (performance.now() - started) / 1000 };
}

/**
 * Times the write phase as the tenant sees it, polled every 100 ms: from the first write (a
 * folder's creation) to the poll that first saw the last one (so within one poll of both ends).
 * The plan before it reads the directory and looks the folders up; its time is not the writes'.
 * `stop()` ends the polling and returns the seconds.
 */
export function timeWrites(tenant: Tenant): { stop(): Promise<number> } {
  let firstWrite: number | undefined;
  let lastWrite: { at: number; writes: number } = { at: 0, writes: 0 };
  let polling = true;
  const poll = (async () => {
    while (polling) {
      const now = await tenant.counts();
      const at = performance.now();
      if (firstWrite === undefined && now.writes > 0) firstWrite = at;
      if (now.writes > lastWrite.writes) lastWrite = { at, writes: now.writes };
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    stop: async () => {
      polling = false;
      await poll;
      return (lastWrite.at - (firstWrite ?? lastWrite.at)) / 1000;
    },
  };
}

/**
 * Stands in for the wait after a run was killed: backdates every tenant lock under a state
 * directory past the stale age, as if STALE_MS had passed without the dead holder refreshing it
 * (src/state/lock.ts; test/state/lock.test.ts shows the takeover itself).
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { STALE_MS } from "../../src/state";

export async function ageStateLocks(stateDir: string): Promise<number> {
  const past = new Date(Date.now() - STALE_MS - 1_000);
  let aged = 0;
  for (const entry of await fs.readdir(stateDir).catch(() => [])) {
    const lock = path.join(stateDir, entry, "apply.lock");
    if (await fs.stat(lock).then(() => true, () => false)) {
      await fs.utimes(lock, past, past);
      aged++;
    }
  }
  return aged;
}

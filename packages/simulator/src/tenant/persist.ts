/**
 * Persistence (`--data DIR`): the whole simulated tenant — directory, app registrations, the change
 * log and the token key (so delta links from an earlier run still work), and every mailbox — in one
 * JSON file, written atomically (temp file + rename) a moment after changes and on shutdown, and
 * loaded at start. `npm run demo` restarts the simulator and finds what it wrote.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { MailboxStoreJSON } from "../mailbox";
import type { ChangeLogState } from "./directory";
import type { TenantFile } from "./model";
import type { UserPhotosJSON } from "./photos";

export interface PersistedState {
  readonly version: 1;
  readonly tenant: TenantFile;
  readonly changeLog: ChangeLogState;
  /** HMAC key of skip/delta tokens, base64. */
  readonly cursorKey: string;
  readonly mailboxes: MailboxStoreJSON;
  /** Users' photos changed through the control API (tenant/photos.ts); absent in older files. */
  readonly photos?: UserPhotosJSON;
}

export const STATE_FILE = "tenant-state.json";

export function loadState(dir: string): PersistedState | undefined {
  const file = join(dir, STATE_FILE);
  if (!existsSync(file)) return undefined;
  const state = JSON.parse(readFileSync(file, "utf8")) as PersistedState;
  if (state.version !== 1) throw new Error(`${file}: unsupported state version ${String(state.version)}`);
  return state;
}

export function saveState(dir: string, state: PersistedState): void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, STATE_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  // The state holds app secrets: readable by the owner only.
  writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
  renameSync(tmp, file);
}

export interface Saver {
  /** Save within `delayMs` (coalescing bursts of changes). */
  schedule(): void;
  /** Save now if anything is pending. */
  flush(): void;
}

/**
 * Coalesces saves. A big tenant (a million contacts) takes seconds to serialize, so the wait after
 * a save grows to ten times its duration: saving never takes more than a tenth of the server's time.
 */
export function createSaver(save: () => void, delayMs: number): Saver {
  let timer: NodeJS.Timeout | undefined;
  let lastDurationMs = 0;
  const flush = (): void => {
    if (timer === undefined) return;
    clearTimeout(timer);
    timer = undefined;
    const start = performance.now();
    save();
    lastDurationMs = performance.now() - start;
  };
  return {
    schedule() {
      if (timer !== undefined) return;
      timer = setTimeout(flush, Math.max(delayMs, 10 * lastDurationMs));
      timer.unref();
    },
    flush,
  };
}

import { StateLockedError } from "./lock";
import type { StateStore } from "./store";

/**
 * A StateStore that keeps records in memory (JSON round-tripped, so callers cannot share mutable
 * objects with it): for unit tests and for runs that must not touch the disk.
 */
export function createMemoryStateStore(): StateStore & { keys(): string[] } {
  const records = new Map<string, { version: number; json: string }>();
  let locked = false;
  return {
    dir: ":memory:",
    read<T>(key: string, version = 1): Promise<T | undefined> {
      const record = records.get(key);
      return Promise.resolve(record && record.version === version ? (JSON.parse(record.json) as T) : undefined);
    },
    write(key: string, value: unknown, version = 1): Promise<void> {
      records.set(key, { version, json: JSON.stringify(value) });
      return Promise.resolve();
    },
    remove(key: string): Promise<void> {
      records.delete(key);
      return Promise.resolve();
    },
    lock() {
      if (locked) return Promise.reject(new StateLockedError(":memory:"));
      locked = true;
      return Promise.resolve(() => ((locked = false), Promise.resolve()));
    },
    keys: () => [...records.keys()].sort(),
  };
}

export { DEFAULT_STATE_DIR, STATE_README, openStateStore, scopeName, fileNameFor } from "./store";
export type { StateStore, StateOptions } from "./store";
export { createMemoryStateStore } from "./memory";
export { STATE_KEYS, contactsFolderKey, desiredSetKey, folderIdKey, planMemoKey, userPhotoKey } from "./keys";
export { StateLockedError, STALE_MS, type ReleaseLock } from "./lock";

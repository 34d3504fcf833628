export { readDirectory, groupUses } from "./read";
export type { Directory, ReadDirectoryOptions } from "./read";
export { readUsers, selectSet, initialUsersDeltaUrl } from "./users";
export type { UsersRead, FullRoundReason } from "./users";
export { readGroups, groupRefKey, GroupResolutionError, NAME_TTL_MS, IDS_PER_DELTA_REQUEST } from "./groups";
export type { GroupUse, GroupsRead } from "./groups";
export { DirectoryReadError, isResyncRequired } from "./graph";
export type { DirectoryGraph } from "./graph";
export type { RemovedUsers } from "./user-delta";

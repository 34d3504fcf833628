/** What the directory routes share: the tenant, the token codec, the clock and the tunables. */
import type { Clock } from "../clock";
import type { CursorCodec } from "../odata/cursor";
import type { Directory } from "../tenant/directory";
import type { DirectoryFaults } from "./directory-faults";

export interface DirectoryRouteConfig {
  /** Default page size of `GET /users` (Graph: 100). */
  readonly userPageSize: number;
  /** Objects per delta page (Graph's is not documented; overridable per request with `Prefer: odata.maxpagesize`). */
  readonly deltaPageSize: number;
  /** Members per group per delta page: a bigger group is split over pages, as Graph does. */
  readonly groupMembersPerPage: number;
  /** Directory delta tokens live 7 days (devblogs "duration of change tracking tokens"). */
  readonly deltaTokenTtlMs: number;
  /** How an expired token is refused: 400 syncStateNotFound, or 410 Gone with a resync Location. */
  readonly deltaExpiry: "400" | "410";
}

export const DEFAULT_DIRECTORY_ROUTE_CONFIG: DirectoryRouteConfig = {
  userPageSize: 100,
  deltaPageSize: 100,
  groupMembersPerPage: 100,
  deltaTokenTtlMs: 7 * 86_400_000,
  deltaExpiry: "400",
};

export interface DirectoryRouteContext {
  readonly directory: Directory;
  readonly cursors: CursorCodec;
  readonly clock: Clock;
  readonly config: DirectoryRouteConfig;
  /** Expiries and outages switched on through the control API (directory-faults.ts). */
  readonly faults: DirectoryFaults;
}

import { SyncError } from "../../errors/sync-error";

/**
 * Groups the policies name could not be resolved: a display name matching no group or several, or
 * an id no group has. One line per problem, each naming the policy and the group, so the policy
 * author can fix it; not transient (the same policies fail the same way until they change).
 */
export class GroupResolutionError extends SyncError {
  readonly transient = false;

  constructor(readonly problems: readonly string[]) {
    super(`cannot resolve the groups the policies name:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
}

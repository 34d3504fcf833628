/** Nested group membership, read from the directory. */
import type { Directory } from "./directory";

/**
 * Users and groups reachable from a group through nested membership, each once: what
 * `transitiveMembers` lists (https://learn.microsoft.com/graph/api/group-list-transitivemembers?view=graph-rest-1.0).
 * Cycles are tolerated.
 */
export function transitiveMembers(dir: Directory, groupId: string): string[] {
  const root = groupId.toLowerCase();
  const seen = new Set([root]);
  const stack = [root];
  while (stack.length > 0) {
    for (const id of dir.members(stack.pop()!)) {
      if (seen.has(id)) continue;
      seen.add(id);
      if (dir.isGroup(id)) stack.push(id);
    }
  }
  seen.delete(root);
  return [...seen];
}

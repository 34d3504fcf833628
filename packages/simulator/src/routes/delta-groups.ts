/**
 * `GET /groups/delta` (docs/graph-behaviour.md#groups-delta-members):
 * - membership is tracked with `$select=…,members` or `$expand=members` and sent as `members@delta`
 *   ([{"@odata.type","id"}], only ids); a removed member carries `"@removed":{"reason":"deleted"}`;
 *   a group without member changes has no `members@delta`;
 * - nested groups are members with `#microsoft.graph.group`, never flattened;
 * - a big group is split over several pages: the same group repeats with the next members.
 */
import { graphError } from "../errors";
import { collectionContext, parseSelect, project } from "../odata/select";
import type { GroupRecord } from "../tenant/directory";
import { firstAfter } from "../tenant/sorted-ids";
import { GROUP_PROPERTIES } from "../tenant/model";
import type { Route, SimRequest, SimResponse } from "../types";
import { json } from "../mailbox/context";
import type { DirectoryRouteContext } from "./context";
import { deltaPageSize, pageLinks, roundCandidates, startDelta, type DeltaState } from "./delta-common";

const DEFAULT_GROUP_DELTA_PROPERTIES = ["displayName", "description", "mail", "mailEnabled", "mailNickname", "securityEnabled", "groupTypes"];

function relevant(rec: GroupRecord, state: DeltaState): boolean {
  if (state.from < 0 || rec.lifeSeq > state.from) return true;
  if (!state.sel) return rec.maxSeq > state.from;
  if (state.sel.some((p) => (rec.propSeq.get(p) ?? 0) > state.from)) return true;
  return state.members === true && changedMembers(rec, state).length > 0;
}

/** Member ids to report, sorted: all current members initially, else memberships changed since `from`. */
function changedMembers(rec: GroupRecord, state: DeltaState): string[] {
  const out: string[] = [];
  for (const [id, m] of rec.members) {
    if (state.from < 0 || rec.lifeSeq > state.from ? m.present : m.seq > state.from) out.push(id);
  }
  return out.sort();
}

function groupsDelta(ctx: DirectoryRouteContext, req: SimRequest): SimResponse {
  // `$select` may name `members`, a relationship: tracked apart from the group's properties.
  const raw = req.query.get("$select");
  const parts = raw === null ? [] : raw.split(",").map((s) => s.trim());
  const selectsMembers = parts.some((p) => p.toLowerCase() === "members");
  const start = startDelta(ctx, req, "groups", () => {
    const expand = req.query.get("$expand");
    if (expand !== null && expand.toLowerCase() !== "members") {
      return graphError(req, 400, "Request_UnsupportedQuery", "Unsupported Query.");
    }
    const rest = parts.filter((p) => p.toLowerCase() !== "members");
    const select = parseSelect(rest.length ? rest.join(",") : null, GROUP_PROPERTIES, "Microsoft.DirectoryServices.Group");
    if (!select.ok) return graphError(req, select.status, select.code, select.message);
    return { sel: select.props ?? (raw === null ? null : []), members: selectsMembers || expand !== null || raw === null };
  });
  if (start.kind === "answer") return start.response;
  // The context names what the first request selected, members included
  // (fixtures/graph/group-delta-initial-members.json).
  const named = raw === null ? undefined : [...(start.state.sel ?? []), ...(selectsMembers ? ["members"] : [])];
  const context = collectionContext(req.baseUrl, "groups", named?.length ? named : undefined);
  if (start.kind === "latest") {
    return json(200, { "@odata.context": context, ...pageLinks(ctx, req, "groups", start.state, undefined), value: [] });
  }
  const { state } = start;
  const pageSize = deltaPageSize(ctx, req);
  const memberBudget = ctx.config.groupMembersPerPage;
  const ids = roundCandidates(state, ctx.directory.groupIds, (seq) => ctx.directory.groupsChangedSince(seq));
  let i = state.after === undefined ? 0 : state.afterMember !== undefined ? firstAfter(ids, state.after) - 1 : firstAfter(ids, state.after);
  let afterMember = state.afterMember;
  let membersSent = 0;
  const value: Record<string, unknown>[] = [];
  let next: { after: string; afterMember?: string } | undefined;
  for (; i < ids.length; i++) {
    const id = ids[i]!;
    if (value.length >= pageSize || membersSent >= memberBudget) {
      next = { after: ids[i - 1]! };
      break;
    }
    const rec = ctx.directory.groupRecord(id);
    if (!rec || !relevant(rec, state)) continue;
    if (!rec.group) {
      value.push({ id, "@removed": { reason: "deleted" } });
      continue;
    }
    const item = project(rec.group, state.sel ?? DEFAULT_GROUP_DELTA_PROPERTIES, true);
    if (state.members === true && state.empty !== true) {
      let members = changedMembers(rec, state);
      if (afterMember !== undefined) members = members.slice(firstAfter(members, afterMember));
      afterMember = undefined;
      const room = memberBudget - membersSent;
      const slice = members.slice(0, room);
      if (slice.length > 0) {
        item["members@delta"] = slice.map((m) => {
          const entry: Record<string, unknown> = { "@odata.type": ctx.directory.groupRecord(m) ? "#microsoft.graph.group" : "#microsoft.graph.user", id: m };
          if (!rec.members.get(m)!.present) entry["@removed"] = { reason: "deleted" };
          return entry;
        });
      }
      membersSent += slice.length;
      value.push(item);
      if (members.length > room) {
        next = { after: id, afterMember: slice[slice.length - 1]! };
        break;
      }
    } else {
      value.push(item);
    }
  }
  return json(200, { "@odata.context": context, ...pageLinks(ctx, req, "groups", state, next), value });
}

export function groupDeltaRoutes(ctx: DirectoryRouteContext): Route[] {
  return [{ method: "GET", pattern: "/groups/delta", anyOf: ["GroupMember.Read.All"], resourceUnits: 1, handler: (req) => groupsDelta(ctx, req) }];
}

import { describe, expect, it } from "vitest";
import { selectSourceUsers } from "../../src/targets";
import type { PolicySpec } from "../../src/policy";
import { membership, policy, users } from "./people";

const ids = (spec: PolicySpec["source"]) => selectSourceUsers(policy(spec === undefined ? {} : { source: spec }), { users, membership }).map((u) => u.id);

describe("source selection", () => {
  it.each<[string, PolicySpec["source"], string[]]>([
    [
      "defaults: enabled Members with a mail address (a missing userType counts as Member)",
      {},
      ["alice", "bob", "legacy", "optedout", "suspended", "svc", "teams", "unlicensed"],
    ],
    ["guests too", { userTypes: ["Member", "Guest"], where: { attribute: "id", startsWith: "g" } }, ["guest"]],
    ["disabled accounts too", { enabledOnly: false, where: { attribute: "id", in: ["disabled", "alice"] } }, ["alice", "disabled"]],
    ["users without mail too", { requireMail: false, where: { attribute: "id", endsWith: "mail" } }, ["blankmail", "nomail"]],
    ["where", { where: { attribute: "department", equals: "engineering" } }, ["bob"]],
    ["where with memberOf", { where: { memberOf: { displayName: "Executives" } } }, ["bob"]],
    [
      "excluded users by id, UPN or mail, without case",
      { exclude: { users: ["ALICE", "legacy@contoso.com", "bob.builder@contoso.com"] }, where: { attribute: "id", in: ["alice", "bob", "legacy", "teams"] } },
      ["teams"],
    ],
    ["excluded groups", { exclude: { groups: [{ id: "g-exec" }, { displayName: "Opt-out" }] }, where: { attribute: "id", in: ["alice", "bob", "optedout"] } }, ["alice"]],
  ])("%s", (_name, spec, expected) => {
    expect(ids(spec)).toEqual(expected);
  });
});

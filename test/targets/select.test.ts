import { describe, expect, it } from "vitest";
import { countReasons, needsMailboxKinds, selectTargets, type KindOf, type MailboxKinds } from "../../src/targets";
import type { PolicySpec } from "../../src/policy";
import { membership, policy, users } from "./people";

/** Mailbox kinds as mailboxSettings would report them; records who was asked. */
function kindsFake(known: Record<string, KindOf>): MailboxKinds & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    requests: 0,
    kindsOf: (ids) => {
      asked.push(...ids);
      return Promise.resolve(new Map(ids.map((id) => [id, known[id] ?? "none"])));
    },
    save: () => Promise.resolve(),
  };
}
const tenantKinds = { "shared-info": "shared", "room-1": "room", disabled: "user", unlicensed: "user", suspended: "user", teams: "user", svc: "none" } as const;

async function select(targets: PolicySpec["targets"], kinds = kindsFake(tenantKinds)) {
  const p = policy(targets === undefined ? {} : { targets });
  const result = await selectTargets(p, { users, membership }, needsMailboxKinds(p) ? kinds : undefined);
  return {
    ids: result.mailboxes.map((m) => `${m.id}:${m.kind}`),
    skipped: countReasons(result.skipped),
    nonTargets: countReasons(result.nonTargets),
    asked: kinds.asked,
  };
}

type Counts = Record<string, number>;

describe("target selection", () => {
  it.each<[string, PolicySpec["targets"], string[], Counts]>([
    [
      "defaults: enabled, Exchange-licensed user mailboxes; disabled and unlicensed accounts are non-targets, counted",
      {},
      ["alice:user", "blankmail:user", "bob:user", "guest:user", "legacy:user", "nomail:user", "optedout:user"],
      { "account-disabled": 3, "no-exchange-license": 4 },
    ],
    ["where: users outside it are not counted", { where: { attribute: "department", equals: "Engineering" } }, ["bob:user"], {}],
    ["opt-out group", { optOutGroup: { displayName: "Opt-out" }, where: { attribute: "id", in: ["alice", "optedout"] } }, ["alice:user"], { "opted-out": 1 }],
    [
      "exclusions by user and group",
      { exclude: { users: ["ALICE@contoso.com"], groups: [{ id: "g-exec" }] }, where: { attribute: "id", in: ["alice", "bob", "legacy"] } },
      ["legacy:user"],
      { excluded: 2 },
    ],
    [
      "without the license requirement",
      { requireExchangeLicense: false, where: { attribute: "id", in: ["alice", "unlicensed", "disabled"] } },
      ["alice:user", "unlicensed:user"],
      { "account-disabled": 1 },
    ],
    [
      "disabled accounts too",
      { enabledOnly: false, where: { attribute: "id", in: ["alice", "disabled", "unlicensed"] } },
      ["alice:user", "disabled:user"],
      { "no-exchange-license": 1 },
    ],
  ])("%s (no mailboxSettings requests)", async (_name, targets, expected, nonTargets) => {
    const result = await select(targets);
    expect(result.ids).toEqual(expected);
    expect(result.nonTargets).toEqual(nonTargets);
    expect(result.skipped).toEqual({});
    expect(result.asked).toEqual([]);
  });

  it.each<[string, PolicySpec["targets"], Record<string, KindOf>, string[], Counts, Counts]>([
    ["shared mailboxes only", { mailboxKinds: ["shared"] }, tenantKinds, ["shared-info:shared"], {}, { "mailbox-kind-not-targeted": 12, "no-exchange-license": 1 }],
    [
      "users and rooms",
      { mailboxKinds: ["user", "room"], where: { attribute: "id", in: ["alice", "room-1", "shared-info", "unlicensed", "svc"] } },
      tenantKinds,
      ["alice:user", "room-1:room"],
      {},
      { "mailbox-kind-not-targeted": 1, "no-exchange-license": 2 },
    ],
    [
      "a licensed account Exchange serves no mailbox for is a skipped target, not a non-target",
      { mailboxKinds: ["user", "shared"], enabledOnly: false, where: { attribute: "id", in: ["alice", "disabled"] } },
      { ...tenantKinds, disabled: "none" },
      ["alice:user"],
      { "no-exchange-mailbox": 1 },
      {},
    ],
  ])("%s: kinds read only for accounts that are not enabled and licensed", async (_name, targets, known, expected, skipped, nonTargets) => {
    const result = await select(targets, kindsFake(known));
    expect(result.ids).toEqual(expected);
    expect(result.skipped).toEqual(skipped);
    expect(result.nonTargets).toEqual(nonTargets);
    expect(result.asked.every((id) => !["alice", "bob", "legacy", "guest", "optedout"].includes(id))).toBe(true);
    expect(result.asked.length).toBeGreaterThan(0);
  });

  it("needs the kinds when a policy accepts other kinds", async () => {
    await expect(selectTargets(policy({ targets: { mailboxKinds: ["room"] } }), { users, membership })).rejects.toThrow(/mailbox kinds are needed/);
  });
});

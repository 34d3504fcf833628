import { describe, expect, it } from "vitest";
import { countSkips, needsMailboxKinds, selectTargets, type KindOf, type MailboxKinds } from "../../src/targets";
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
  const p = policy({ targets });
  const result = await selectTargets(p, { users, membership }, needsMailboxKinds(p) ? kinds : undefined);
  return { ids: result.mailboxes.map((m) => `${m.id}:${m.kind}`), skipped: countSkips(result.skipped), asked: kinds.asked };
}

describe("target selection", () => {
  it.each<[string, PolicySpec["targets"], string[], Record<string, number>]>([
    [
      "defaults: enabled, Exchange-licensed user mailboxes; the unlicensed are skipped and counted",
      {},
      ["alice:user", "blankmail:user", "bob:user", "guest:user", "legacy:user", "nomail:user", "optedout:user"],
      { "no-exchange-license": 4 },
    ],
    [
      "where",
      { where: { attribute: "department", equals: "Engineering" } },
      ["bob:user"],
      {},
    ],
    [
      "opt-out group",
      { optOutGroup: { displayName: "Opt-out" }, where: { attribute: "id", in: ["alice", "optedout"] } },
      ["alice:user"],
      {},
    ],
    [
      "exclusions by user and group",
      { exclude: { users: ["ALICE@contoso.com"], groups: [{ id: "g-exec" }] }, where: { attribute: "id", in: ["alice", "bob", "legacy"] } },
      ["legacy:user"],
      {},
    ],
    [
      "without the license requirement",
      { requireExchangeLicense: false, where: { attribute: "id", in: ["alice", "unlicensed", "disabled"] } },
      ["alice:user", "unlicensed:user"],
      {},
    ],
    [
      "disabled accounts too",
      { enabledOnly: false, where: { attribute: "id", in: ["alice", "disabled", "unlicensed"] } },
      ["alice:user", "disabled:user"],
      { "no-exchange-license": 1 },
    ],
  ])("%s (no mailboxSettings requests)", async (_name, targets, expected, skipped) => {
    const result = await select(targets);
    expect(result.ids).toEqual(expected);
    expect(result.skipped).toEqual(skipped);
    expect(result.asked).toEqual([]);
  });

  it.each<[string, PolicySpec["targets"], string[], Record<string, number>]>([
    [
      "shared mailboxes only",
      { mailboxKinds: ["shared"] },
      ["shared-info:shared"],
      { "no-exchange-mailbox": 1 },
    ],
    [
      "users and rooms",
      { mailboxKinds: ["user", "room"], where: { attribute: "id", in: ["alice", "room-1", "shared-info", "unlicensed", "svc"] } },
      ["alice:user", "room-1:room"],
      { "no-exchange-license": 1, "no-exchange-mailbox": 1 },
    ],
  ])("%s: kinds read only for accounts that are not enabled and licensed", async (_name, targets, expected, skipped) => {
    const result = await select(targets);
    expect(result.ids).toEqual(expected);
    expect(result.skipped).toEqual(skipped);
    expect(result.asked.every((id) => !["alice", "bob", "legacy", "guest", "optedout"].includes(id))).toBe(true);
    expect(result.asked.length).toBeGreaterThan(0);
  });

  it("needs the kinds when a policy accepts other kinds", async () => {
    await expect(selectTargets(policy({ targets: { mailboxKinds: ["room"] } }), { users, membership })).rejects.toThrow(/mailbox kinds are needed/);
  });
});

import { describe, expect, it } from "vitest";
import { MAILBOX_KIND_TTL_MS, openMailboxKinds, userPurposeKind } from "../../src/targets";
import { createMemoryStateStore, type StateStore } from "../../src/state";

type Reply = { userPurpose: string } | { status: number; code: string };

/** mailboxSettings answers per user id; records the paths asked. */
function settingsGraph(replies: Record<string, Reply>) {
  const asked: string[] = [];
  return {
    asked,
    get(path: string, opts: { mailboxId: string }): Promise<unknown> {
      asked.push(path);
      const reply = replies[opts.mailboxId];
      if (reply === undefined) return Promise.reject(new Error(`unexpected ${path}`));
      if ("status" in reply) return Promise.reject(Object.assign(new Error("failed"), reply));
      return Promise.resolve({ "@odata.context": "…/mailboxSettings(userPurpose)", ...reply });
    },
  };
}

const replies: Record<string, Reply> = {
  alice: { userPurpose: "user" },
  info: { userPurpose: "shared" },
  linked: { userPurpose: "linked" },
  room: { userPurpose: "room" },
  onprem: { status: 404, code: "MailboxNotEnabledForRESTAPI" },
  broken: { status: 500, code: "InternalServerError" },
};

async function kinds(state: StateStore, now: number, graph = settingsGraph(replies)) {
  return { graph, kinds: await openMailboxKinds({ graph, state, now: () => now }) };
}

describe("mailbox kinds", () => {
  it.each([
    ["user", "user"],
    ["linked", "user"],
    ["shared", "shared"],
    ["room", "room"],
    ["equipment", "equipment"],
    ["others", "other"],
    [undefined, "other"],
  ])("userPurpose %s → %s", (purpose, kind) => {
    expect(userPurposeKind(purpose)).toBe(kind);
  });

  it("reads each kind once with $select=userPurpose; no Exchange mailbox is kind none", async () => {
    const { graph, kinds: k } = await kinds(createMemoryStateStore(), 0);
    const result = await k.kindsOf(["alice", "info", "linked", "room", "onprem"]);
    expect(Object.fromEntries(result)).toEqual({ alice: "user", info: "shared", linked: "user", room: "room", onprem: "none" });
    expect(graph.asked).toContain("/users/info/mailboxSettings?$select=userPurpose");
    expect(k.requests).toBe(5);
  });

  it("serves fresh kinds from state and reads stale ones again", async () => {
    const state = createMemoryStateStore();
    const first = await kinds(state, 0);
    await first.kinds.kindsOf(["info", "room"]);
    await first.kinds.save();

    const fresh = await kinds(state, MAILBOX_KIND_TTL_MS - 1);
    expect(Object.fromEntries(await fresh.kinds.kindsOf(["info", "room"]))).toEqual({ info: "shared", room: "room" });
    expect(fresh.graph.asked).toEqual([]);

    const stale = await kinds(state, MAILBOX_KIND_TTL_MS);
    await stale.kinds.kindsOf(["info"]);
    expect(stale.graph.asked).toEqual(["/users/info/mailboxSettings?$select=userPurpose"]);
  });

  it("raises on other failures", async () => {
    const { kinds: k } = await kinds(createMemoryStateStore(), 0);
    await expect(k.kindsOf(["alice", "broken"])).rejects.toThrow("failed");
  });
});

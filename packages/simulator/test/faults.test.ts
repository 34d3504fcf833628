import { describe, expect, it } from "vitest";
import { createFaultStage, seededRandom, type FaultConfig, type FaultKind } from "../src/faults";
import type { DispatchContext, SimResponse } from "../src/types";

function ctx(method = "POST", inBatch = false): DispatchContext {
  return {
    req: {
      method,
      path: "/users/u/contacts",
      query: new URLSearchParams(),
      headers: {},
      body: undefined,
      principal: { appId: "a", tenantId: "t", roles: [] },
      baseUrl: "https://sim/v1.0",
      requestId: "r",
      inBatch,
    },
    route: undefined,
    params: {},
    mailboxId: undefined,
  };
}

/** A handler that records whether it ran (i.e. whether the write committed). */
function handler() {
  let calls = 0;
  return { next: (): Promise<SimResponse> => (calls++, Promise.resolve({ status: 201, body: { id: "x" } })), calls: () => calls };
}

describe("fault stage", () => {
  it.each<[FaultKind, number, boolean, string | undefined, SimResponse["drop"]]>([
    ["503", 503, false, undefined, undefined],
    ["503-retry-after", 503, false, "2", undefined],
    ["504", 504, false, undefined, undefined],
    ["504-retry-after", 504, false, "2", undefined],
    ["reset-before", 0, false, undefined, "reset-before"],
    ["drop-after", 201, true, undefined, "drop-after"],
    ["commit-then-503", 503, true, undefined, undefined],
    ["commit-then-504", 504, true, undefined, undefined],
  ])("%s → status %i, handler ran: %s, Retry-After %s, drop %s", async (kind, status, committed, retryAfter, drop) => {
    const stage = createFaultStage({ rates: { [kind]: 1 }, retryAfterSeconds: 2 });
    const h = handler();
    const res = await stage.handle(ctx(), h.next);
    expect(res.status).toBe(status);
    expect(h.calls() === 1).toBe(committed);
    expect(res.headers?.["retry-after"]).toBe(retryAfter);
    expect(res.drop).toBe(drop);
  });

  it("counts each injected fault by kind, dropped responses apart from late 5xx after a commit", async () => {
    const stage = createFaultStage({ rates: { "drop-after": 0.2, "commit-then-503": 0.2, "commit-then-504": 0.2, "503": 0.2 }, seed: 7 });
    const outcomes: string[] = [];
    for (let i = 0; i < 500; i++) {
      const res = await stage.handle(ctx(), handler().next);
      outcomes.push(res.drop ?? String(res.status));
    }
    const counts = stage.counts();
    expect(counts["drop-after"]).toBe(outcomes.filter((o) => o === "drop-after").length);
    expect(counts["commit-then-503"] + counts["503"]).toBe(outcomes.filter((o) => o === "503").length);
    expect(counts["commit-then-504"]).toBe(outcomes.filter((o) => o === "504").length);
    for (const kind of ["drop-after", "commit-then-503", "commit-then-504", "503"] as const) expect(counts[kind]).toBeGreaterThan(50);
    stage.reset();
    expect(Object.values(stage.counts()).every((n) => n === 0)).toBe(true);
  });

  it("answers a refused write as it was refused under commit-then-5xx, and counts no fault", async () => {
    const stage = createFaultStage({ rates: { "commit-then-504": 1 } });
    const res = await stage.handle(ctx(), () => Promise.resolve({ status: 409, body: { error: { code: "ErrorFolderExists" } } }));
    expect(res.status).toBe(409);
    expect(stage.counts()["commit-then-504"]).toBe(0);
  });

  it("only fails the methods it targets", async () => {
    const stage = createFaultStage({ rates: { "503": 1 }, methods: ["POST"] });
    expect((await stage.handle(ctx("GET"), handler().next)).status).toBe(201);
    expect((await stage.handle(ctx("POST"), handler().next)).status).toBe(503);
  });

  it("does not drop connections of $batch items (the envelope carries the connection)", async () => {
    const stage = createFaultStage({ rates: { "drop-after": 1 } });
    const res = await stage.handle(ctx("POST", true), handler().next);
    expect(res.drop).toBeUndefined();
  });

  it("is deterministic for a seed and close to the configured rate", async () => {
    const run = async (seed: number) => {
      const stage = createFaultStage({ rates: { "503": 0.1, "drop-after": 0.1 }, seed } satisfies FaultConfig);
      const out: string[] = [];
      for (let i = 0; i < 1000; i++) {
        const res = await stage.handle(ctx(), handler().next);
        out.push(res.drop ?? String(res.status));
      }
      return out;
    };
    const a = await run(42);
    expect(a).toEqual(await run(42));
    expect(a).not.toEqual(await run(43));
    for (const outcome of ["503", "drop-after"]) {
      const share = a.filter((x) => x === outcome).length / a.length;
      expect(share).toBeGreaterThan(0.07);
      expect(share).toBeLessThan(0.13);
    }
  });

  it("rejects rates that do not form a probability", () => {
    expect(() => createFaultStage({ rates: { "503": 0.6, "504": 0.6 } })).toThrow(RangeError);
  });

  it("seededRandom yields [0,1) and repeats per seed", () => {
    const a = seededRandom(5);
    const b = seededRandom(5);
    const xs = Array.from({ length: 100 }, () => a());
    expect(xs).toEqual(Array.from({ length: 100 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

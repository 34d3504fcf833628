import { describe, expect, it } from "vitest";
import { packBatches, type BatchItem } from "../../src/graph/batch";
import { GraphHttpError } from "../../src/graph/errors/graph-http-error";
import type { TransportRequest } from "../../src/graph/transport";
import { GraphWriter } from "../../src/graph/writer";
import { FakeClock } from "./fake-clock";
import { ScriptedTransport, type Step } from "./scripted-transport";

const item = (mailboxId: string, n: number, method: BatchItem["method"] = "POST"): BatchItem => ({
  id: `${mailboxId}-${n}`,
  mailboxId,
  method,
  path: `/users/${mailboxId}/contactFolders/f/contacts${method === "POST" ? "" : `/c${n}`}`,
  ...(method === "POST" ? { body: { givenName: `Person ${n}` } } : {}),
  operation: method === "POST" ? "create contact" : "delete contact",
});
const items = (mailboxId: string, count: number, method?: BatchItem["method"]) =>
  Array.from({ length: count }, (_, n) => item(mailboxId, n, method));
const ids = (batches: BatchItem[][]) => batches.map((b) => b.map((i) => i.id));

describe("packBatches", () => {
  it("puts at most 4 items of one mailbox in an envelope, keeping their order", () => {
    expect(ids(packBatches(items("a", 9), () => 4))).toEqual([
      ["a-0", "a-1", "a-2", "a-3"],
      ["a-4", "a-5", "a-6", "a-7"],
      ["a-8"],
    ]);
  });

  it("fills envelopes up to 20 items from several mailboxes, taking turns", () => {
    const all = ["a", "b", "c", "d", "e", "f"].flatMap((m) => items(m, 4));
    const batches = packBatches(all, () => 4);
    expect(batches.map((b) => b.length)).toEqual([20, 4]);
    expect(new Set(batches[0]!.map((i) => i.mailboxId))).toEqual(new Set(["a", "b", "c", "d", "e"]));
  });

  it("follows a mailbox's lowered limit", () => {
    const batches = packBatches([...items("slow", 3), ...items("fast", 3)], (m) => (m === "slow" ? 1 : 4));
    expect(ids(batches)).toEqual([["slow-0", "fast-0", "fast-1", "fast-2"], ["slow-1"], ["slow-2"]]);
  });

  it.each([
    ["37 mailboxes, 1 to 9 items each, limit 4", 37, (m: number) => (m % 9) + 1, () => 4],
    ["uneven limits 1 to 4", 23, (m: number) => (m % 7) + 2, (id: string) => (Number(id.slice(1)) % 4) + 1],
    ["one item per mailbox", 50, () => 1, () => 4],
    ["few mailboxes, many items", 3, () => 30, () => 4],
  ])("never exceeds the limits, loses nor repeats an item (%s)", (_name, mailboxes, count, limit) => {
    const all = Array.from({ length: mailboxes }, (_, m) => items(`m${m}`, count(m))).flat();
    const batches = packBatches(all, limit);
    expect(batches.flat().map((i) => i.id).sort()).toEqual(all.map((i) => i.id).sort());
    for (const batch of batches) {
      expect(batch.length).toBeLessThanOrEqual(20);
      const perMailbox = new Map<string, number>();
      for (const i of batch) perMailbox.set(i.mailboxId, (perMailbox.get(i.mailboxId) ?? 0) + 1);
      for (const [id, n] of perMailbox) expect(n).toBeLessThanOrEqual(limit(id));
    }
  });
});

interface ItemAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** An envelope answering each item by `answer(id, round)`; round counts envelopes that carried the id. */
function batchServer(clock: FakeClock, answer: (id: string, seen: number) => ItemAnswer | undefined) {
  const seen = new Map<string, number>();
  const transport = new ScriptedTransport(clock, (req: TransportRequest): Step => {
    const { requests } = req.body as { requests: { id: string }[] };
    const responses = requests.flatMap(({ id }) => {
      const n = seen.get(id) ?? 0;
      seen.set(id, n + 1);
      const a = answer(id, n);
      return a === undefined ? [] : [{ id, status: a.status, headers: a.headers ?? {}, body: a.body ?? {} }];
    });
    return { status: 200, headers: { "content-type": "application/json" }, body: { responses } };
  });
  const writer = new GraphWriter({ transport, clock, random: () => 0.5 });
  return { transport, writer };
}

describe("GraphWriter.batch", () => {
  it("retries only the failed ids, after the longest Retry-After, and keeps the others' results", async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const { transport, writer } = batchServer(clock, (id, seen): ItemAnswer => {
      if (seen > 0) return { status: 201, body: { id: `${id}-created` } };
      if (id === "a-1") return { status: 429, headers: { "Retry-After": "0.249" } };
      if (id === "b-0") return { status: 429, headers: { "retry-after": "2" } };
      if (id === "b-1") return { status: 400, body: { error: { code: "ErrorInvalidProperty", message: "Bob Smith's name" } } };
      return { status: 201, body: { id: `${id}-created` } };
    });
    const results = await clock.run(writer.batch([...items("a", 3), ...items("b", 2)]));
    expect(transport.log).toHaveLength(2);
    expect(transport.log[1]!.at - start).toBe(2_000);
    expect((transport.log[1]!.body as { requests: { id: string }[] }).requests.map((r) => r.id)).toEqual(["a-1", "b-0"]);
    expect(results.get("a-0")).toEqual({ outcome: "done", status: 201, body: { id: "a-0-created" } });
    expect(results.get("a-1")).toEqual({ outcome: "done", status: 201, body: { id: "a-1-created" } });
    const failed = results.get("b-1");
    expect(failed).toMatchObject({ outcome: "failed" });
    const error = (failed as { error: unknown } | undefined)?.error as GraphHttpError;
    expect(error).toBeInstanceOf(GraphHttpError);
    expect(error).toMatchObject({ status: 400, code: "ErrorInvalidProperty", operation: "create contact" });
    expect(error.message).not.toContain("Bob");
    expect(writer.stats()).toMatchObject({ requestsByMethod: { POST: 2 }, throttled: 2, retries: 2, writesDone: 4, failed: 1 });
  });

  it("sends items with their body, a content type, and relative URLs", async () => {
    const clock = new FakeClock();
    const { transport, writer } = batchServer(clock, () => ({ status: 204 }));
    await clock.run(writer.batch([item("a", 0), item("a", 1, "DELETE")]));
    expect(transport.log[0]).toMatchObject({ method: "POST", path: "/$batch" });
    expect((transport.log[0]!.body as { requests: unknown[] }).requests).toEqual([
      {
        id: "a-0",
        method: "POST",
        url: "/users/a/contactFolders/f/contacts",
        headers: { "content-type": "application/json" },
        body: { givenName: "Person 0" },
      },
      { id: "a-1", method: "DELETE", url: "/users/a/contactFolders/f/contacts/c1" },
    ]);
  });

  it("reports a create whose item came back 504 as unknown, and retries a delete", async () => {
    const clock = new FakeClock();
    const { transport, writer } = batchServer(clock, (_id, seen) => (seen === 0 ? { status: 504 } : { status: 204 }));
    const results = await clock.run(writer.batch([item("a", 0), item("a", 1, "DELETE")]));
    expect(results.get("a-0")).toEqual({ outcome: "unknown", cause: "unavailable" });
    expect(results.get("a-1")).toEqual({ outcome: "done", status: 204, body: {} });
    expect(transport.log).toHaveLength(2);
  });

  it("an item missing from the envelope's answer: create unknown, delete retried", async () => {
    const clock = new FakeClock();
    const { writer } = batchServer(clock, (id, seen) => (seen === 0 ? undefined : { status: 204 }));
    const results = await clock.run(writer.batch([item("a", 0), item("a", 1, "DELETE")]));
    expect(results.get("a-0")).toEqual({ outcome: "unknown", cause: "network" });
    expect(results.get("a-1")).toMatchObject({ outcome: "done" });
  });

  it("a lost envelope carrying creates is not re-sent: its creates are unknown", async () => {
    const clock = new FakeClock();
    const transport = new ScriptedTransport(clock, [{ networkError: "ECONNRESET" }]);
    const writer = new GraphWriter({ transport, clock, random: () => 0.5 });
    const results = await clock.run(writer.batch(items("a", 2)));
    expect([...results.values()]).toEqual([
      { outcome: "unknown", cause: "network" },
      { outcome: "unknown", cause: "network" },
    ]);
    expect(transport.log).toHaveLength(1);
  });

  it("a refused envelope fails every item with the envelope's error", async () => {
    const clock = new FakeClock();
    const transport = new ScriptedTransport(clock, [{ status: 400, body: { error: { code: "BadRequest" } } }]);
    const writer = new GraphWriter({ transport, clock });
    const results = await clock.run(writer.batch(items("a", 2)));
    for (const result of results.values()) expect(result).toMatchObject({ outcome: "failed", error: { status: 400, code: "BadRequest" } });
  });

  it("refuses duplicate ids", async () => {
    const clock = new FakeClock();
    const { writer } = batchServer(clock, () => ({ status: 204 }));
    await expect(writer.batch([item("a", 0), item("a", 0)])).rejects.toThrow("unique");
  });
});

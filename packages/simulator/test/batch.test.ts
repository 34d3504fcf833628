import { describe, expect, it } from "vitest";
import { batchRoute } from "../src/batch";
import { createFaultStage } from "../src/faults";
import { DEFAULT_THROTTLE_CONFIG, createThrottleStage } from "../src/throttle";
import type { SimRequest, SimResponse, Stage } from "../src/types";
import { USERS, harness } from "./mailbox-harness";

const adele = USERS["adele"]!;
const contacts = `/users/${adele.id}/contacts`;
const json = { "Content-Type": "application/json" };

type Item = { id: string; status: number; headers: Record<string, string>; body?: Record<string, unknown> };

/** A harness whose `$batch` dispatches items through `stages` and the mailbox routes. */
function batching(stages: Stage[] = []) {
  const h = harness();
  let dispatch: (req: SimRequest) => Promise<SimResponse> = () => Promise.reject(new Error("unset"));
  const route = batchRoute((sub) => dispatch(sub));
  dispatch = h.pipeline(stages, [route]);
  const send = async (requests: unknown[]): Promise<{ res: SimResponse; items: Map<string, Item> }> => {
    const res = await dispatch(h.request("POST", "/$batch", { requests }, json));
    const items = new Map(((res.body as { responses?: Item[] }).responses ?? []).map((r) => [r.id, r]));
    return { res, items };
  };
  return { h, send };
}

const create = (id: string, givenName: string, extra: Record<string, unknown> = {}) => ({
  id,
  method: "POST",
  url: contacts,
  headers: json,
  body: { givenName },
  ...extra,
});

describe("$batch", () => {
  it("answers every item with its own status, headers and body inside a 200 envelope", async () => {
    const { send } = batching();
    const { res, items } = await send([
      create("1", "Ann"),
      { id: "2", method: "GET", url: `/users/nobody/contacts` },
      { id: "3", method: "GET", url: `users/${adele.upn}/contactFolders?$top=1` },
    ]);
    expect(res.status).toBe(200);
    expect(items.get("1")).toMatchObject({ status: 201, body: { givenName: "Ann" } });
    expect(items.get("1")!.headers["content-type"]).toContain("application/json");
    expect(items.get("2")).toMatchObject({ status: 404, body: { error: { code: "ErrorInvalidUser" } } });
    expect(items.get("3")!.status).toBe(200);
  });

  it("runs dependsOn chains in order and answers 424 when a dependency failed", async () => {
    const { h, send } = batching();
    const { items } = await send([
      create("1", "Ann"),
      create("2", "Bob", { dependsOn: ["1"] }),
      { id: "3", method: "GET", url: `${contacts}/nope`, dependsOn: ["2"] },
      create("4", "Cat", { dependsOn: ["3"] }),
    ]);
    expect([1, 2, 3, 4].map((n) => items.get(String(n))!.status)).toEqual([201, 201, 404, 424]);
    const names = [...h.store.get(adele.id)!.contacts.values()].map((c) => c.props["givenName"]);
    expect(names).toEqual(["Ann", "Bob"]);
  });

  it.each([
    ["more than 20 requests", Array.from({ length: 21 }, (_, i) => create(String(i), "x"))],
    ["duplicate ids (case-insensitive)", [create("a", "x"), create("A", "y")]],
    ["a dependency on an unknown id", [create("1", "x", { dependsOn: ["9"] })]],
    ["no requests", []],
  ])("refuses %s with a 400 envelope", async (_n, requests) => {
    const { res } = await batching().send(requests);
    expect(res.status).toBe(400);
  });

  it.each([
    ["a body without Content-Type", { id: "1", method: "POST", url: contacts, body: { givenName: "x" } }],
    ["an absolute URL", { id: "1", method: "GET", url: "https://graph.microsoft.com/v1.0/me" }],
    ["a nested $batch", { id: "1", method: "POST", url: "/$batch", headers: json, body: { requests: [] } }],
  ])("answers %s with a 400 item", async (_n, item) => {
    const { res, items } = await batching().send([item]);
    expect([res.status, items.get("1")!.status]).toEqual([200, 400]);
  });

  it("20 parallel items to one mailbox: 4 pass, the rest are 429 MailboxConcurrency items with Retry-After", async () => {
    const clock = { now: () => 0, toRealMs: (ms: number) => ms / 60, sleep: () => Promise.resolve() };
    const { send } = batching([createThrottleStage(DEFAULT_THROTTLE_CONFIG, clock)]);
    const { res, items } = await send(Array.from({ length: 20 }, (_, i) => create(String(i), `G${i}`)));
    expect(res.status).toBe(200);
    const statuses = [...items.values()].map((i) => i.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(4);
    const throttled = [...items.values()].filter((i) => i.status === 429);
    expect(throttled).toHaveLength(16);
    expect(throttled[0]!.body).toMatchObject({ error: { code: "ApplicationThrottled", message: "Application is over its MailboxConcurrency limit." } });
    expect(Number(throttled[0]!.headers["retry-after"])).toBeCloseTo(1 / 60, 3);
  });

  it("dependsOn chains serialise the items, so none trips MailboxConcurrency", async () => {
    const clock = { now: () => 0, toRealMs: (ms: number) => ms, sleep: () => Promise.resolve() };
    const { send } = batching([createThrottleStage(DEFAULT_THROTTLE_CONFIG, clock)]);
    const { items } = await send(Array.from({ length: 20 }, (_, i) => create(String(i), `G${i}`, i > 0 ? { dependsOn: [String(i - 1)] } : {})));
    expect([...items.values()].every((i) => i.status === 201)).toBe(true);
  });

  it("a connection fault on an item drops the whole envelope after the writes committed", async () => {
    const { h, send } = batching([createFaultStage({ rates: { "drop-after": 1 }, methods: ["POST"] })]);
    // Items are inBatch, so connection faults do not fire on them; the envelope itself is a POST.
    const { res } = await send([create("1", "Ann")]);
    expect(res.drop).toBe("drop-after");
    expect(h.store.get(adele.id)!.contacts.size).toBe(1);
  });

  it("carries binary bodies base64-encoded both ways (contact photo)", async () => {
    const { h, send } = batching();
    const { items } = await send([create("1", "Ann")]);
    const id = String(items.get("1")!.body!["id"]);
    const photo = Buffer.from([0xff, 0xd8, 1, 2]);
    const put = await send([{ id: "p", method: "PUT", url: `${contacts}/${id}/photo/$value`, headers: { "Content-Type": "image/jpeg" }, body: photo.toString("base64") }]);
    expect(put.items.get("p")!.status).toBe(200);
    const get = await send([{ id: "g", method: "GET", url: `${contacts}/${id}/photo/$value` }]);
    expect(get.items.get("g")!.body).toBe(photo.toString("base64"));
    expect(h.store.get(adele.id)!.contacts.get(id)!.photo!.data).toEqual(photo);
  });
});

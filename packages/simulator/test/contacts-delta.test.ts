import { describe, expect, it } from "vitest";
import { USERS, errorCode, harness, relative, type Harness } from "./mailbox-harness";

const adele = USERS["adele"]!;
type Item = Record<string, unknown>;

/** Follows a round from `url` to its deltaLink; returns every item and the deltaLink. */
async function round(h: Harness, url: string, pageSize?: number): Promise<{ items: Item[]; deltaLink: string; pages: number }> {
  const items: Item[] = [];
  let next = url;
  for (let pages = 1; ; pages++) {
    const res = await h.call("GET", next, undefined, pageSize ? { Prefer: `odata.maxpagesize=${pageSize}` } : {});
    expect(res.status).toBe(200);
    items.push(...(res.json["value"] as Item[]));
    expect(res.json["@odata.nextLink"] !== undefined).not.toBe(res.json["@odata.deltaLink"] !== undefined);
    if (res.json["@odata.deltaLink"]) return { items, deltaLink: relative(res.json["@odata.deltaLink"]), pages };
    next = relative(res.json["@odata.nextLink"]);
  }
}

async function folderWith(h: Harness, n: number): Promise<{ folder: string; delta: string; ids: string[] }> {
  const f = await h.call("POST", `/users/${adele.id}/contactFolders`, { displayName: "Colleagues" });
  const folder = String(f.json["id"]);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(String((await h.call("POST", `/users/${adele.id}/contactFolders/${folder}/contacts`, { givenName: `G${i}`, surname: "S" })).json["id"]));
  }
  return { folder, delta: `/users/${adele.id}/contactFolders/${folder}/contacts/delta`, ids };
}

describe("contacts delta", () => {
  it("initial round lists the folder over maxpagesize pages, then a deltaLink", async () => {
    const h = harness();
    const { delta, ids } = await folderWith(h, 5);
    const r = await round(h, `${delta}?$select=displayName`, 2);
    expect(r.pages).toBe(3);
    expect(r.items.map((i) => i["id"])).toEqual(ids);
    expect(Object.keys(r.items[0]!).sort()).toEqual(["@odata.etag", "@odata.type", "displayName", "id"]);
  });

  it("an unchanged folder returns an empty round", async () => {
    const h = harness();
    const { delta } = await folderWith(h, 3);
    const first = await round(h, delta);
    const second = await round(h, first.deltaLink);
    expect(second.items).toEqual([]);
  });

  it("next round: changed contacts with full state ($select kept), removals as @removed", async () => {
    const h = harness();
    const { delta, ids, folder } = await folderWith(h, 3);
    const first = await round(h, `${delta}?$select=displayName,jobTitle`);
    await h.call("PATCH", `/users/${adele.id}/contacts/${ids[0]!}`, { jobTitle: "CTO" });
    await h.call("DELETE", `/users/${adele.id}/contacts/${ids[1]!}`);
    const created = await h.call("POST", `/users/${adele.id}/contactFolders/${folder}/contacts`, { givenName: "New" });
    const next = await round(h, first.deltaLink);
    expect(next.items).toEqual([
      { "@odata.type": "#microsoft.graph.contact", "@odata.etag": expect.any(String), id: ids[0], displayName: "G0 S", jobTitle: "CTO" },
      { "@odata.type": "#microsoft.graph.contact", id: ids[1], "@removed": { reason: "deleted" } },
      expect.objectContaining({ id: created.json["id"], displayName: "New" }),
    ]);
  });

  it("an extension change and an owner's edit both surface in the next round", async () => {
    const h = harness();
    const { delta, ids } = await folderWith(h, 2);
    await h.call("POST", `/users/${adele.id}/contacts/${ids[0]!}/extensions`, { extensionName: "Com.Cync.Owner", p: "x" });
    const first = await round(h, delta);
    await h.call("PATCH", `/users/${adele.id}/contacts/${ids[0]!}/extensions/Com.Cync.Owner`, { p: "y" });
    await h.control("PATCH", `/_sim/mailboxes/${adele.id}/contacts/${ids[1]!}`, { mobilePhone: "+1 555" });
    const next = await round(h, first.deltaLink);
    expect(next.items.map((i) => i["id"])).toEqual(ids);
  });

  it("writes made during a round surface in the next round, never shift pages", async () => {
    const h = harness();
    const { delta, ids } = await folderWith(h, 4);
    const page1 = await h.call("GET", delta, undefined, { Prefer: "odata.maxpagesize=2" });
    await h.call("PATCH", `/users/${adele.id}/contacts/${ids[0]!}`, { jobTitle: "CTO" });
    await h.call("DELETE", `/users/${adele.id}/contacts/${ids[2]!}`);
    const rest = await round(h, relative(page1.json["@odata.nextLink"]), 2);
    expect([...(page1.json["value"] as Item[]), ...rest.items].map((i) => i["id"])).toEqual([ids[0], ids[1], ids[3]]);
    const next = await round(h, rest.deltaLink);
    expect(next.items.map((i) => [i["id"], "@removed" in i])).toEqual([
      [ids[0], false],
      [ids[2], true],
    ]);
  });

  it("an expired token answers 410 SyncStateNotFound", async () => {
    const h = harness();
    const { delta } = await folderWith(h, 1);
    const first = await round(h, delta);
    expect((await h.control("POST", `/_sim/mailboxes/${adele.id}/expireDeltaTokens`)).status).toBe(204);
    const res = await h.call("GET", first.deltaLink);
    expect([res.status, errorCode(res)]).toEqual([410, "SyncStateNotFound"]);
    expect((await round(h, delta)).items.length).toBe(1);
  });

  it.each([
    ["a garbled token", "?$deltatoken=garbage", 400, "SyncStateInvalid"],
    ["$expand (only $select is documented; Outlook delta fails on $expand)", `?$expand=${encodeURIComponent("extensions($filter=id eq 'X')")}`, 500, "InternalServerError"],
  ])("refuses %s", async (_n, query, status, code) => {
    const h = harness();
    const { delta } = await folderWith(h, 1);
    const res = await h.call("GET", delta + query);
    expect([res.status, errorCode(res)]).toEqual([status, code]);
  });

  it("refuses a token of another folder", async () => {
    const h = harness();
    const { delta } = await folderWith(h, 1);
    const first = await round(h, delta);
    const other = String((await h.call("POST", `/users/${adele.id}/contactFolders`, { displayName: "Other" })).json["id"]);
    const token = new URL(first.deltaLink, "https://x").searchParams.get("$deltatoken")!;
    const res = await h.call("GET", `/users/${adele.id}/contactFolders/${other}/contacts/delta?$deltatoken=${token}`);
    expect(errorCode(res)).toBe("SyncStateInvalid");
  });
});

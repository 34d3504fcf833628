/**
 * Users' profile photos (packages/simulator/src/tenant/photos.ts,
 * packages/simulator/src/routes/user-photos.ts): metadata shaped like Microsoft's published
 * example, bytes with their ETag, 404 `ImageNotFound` for a user without one,
 * changes through the control API, the photo counters of the request statistics — and the
 * mailbox owner changing a contact's photo on a phone.
 */
import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { expectFixtureShape, loadFixture, withSimulator } from "../src/testing";

const sim = withSimulator({ users: 40, seed: 5 });

/** A raw Graph GET with the planner's token: the bytes and headers, for `$value` answers. */
async function raw(path: string): Promise<{ status: number; type: string | null; etag: string | null; bytes: Buffer }> {
  const token = await sim.handle.issueToken("planner");
  const res = await fetch(`${sim.graphUrl}/v1.0${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, type: res.headers.get("content-type"), etag: res.headers.get("etag"), bytes: Buffer.from(await res.arrayBuffer()) };
}

const liveUsers = (): string[] => sim.handle.directory.toFile().users.filter((u) => !u.deletedDateTime).map((u) => u.id);

/** Each generated user's photo: its metadata answer. */
async function survey(): Promise<Map<string, { status: number; body: Record<string, unknown> }>> {
  const out = new Map<string, { status: number; body: Record<string, unknown> }>();
  for (const id of liveUsers()) {
    const res = await sim.graph("GET", `/users/${id}/photo`);
    out.set(id, { status: res.status, body: res.body as Record<string, unknown> });
  }
  return out;
}

describe("a generated tenant's user photos", () => {
  it("gives some users a photo, some none, and a few one over a megabyte", async () => {
    const answers = await survey();
    const withPhoto = [...answers].filter(([, a]) => a.status === 200);
    const without = [...answers].filter(([, a]) => a.status === 404);
    expect(withPhoto.length + without.length).toBe(answers.size);
    expect(withPhoto.length).toBeGreaterThan(0);
    expect(without.length).toBeGreaterThan(0);
    const large = withPhoto.filter(([, a]) => (a.body["width"] as number) > 1000);
    expect(large.length).toBeGreaterThan(0);
    const bytes = await raw(`/users/${large[0]![0]}/photo/$value`);
    expect(bytes.bytes.length).toBeGreaterThan(1024 * 1024);
  });

  it("answers the metadata request in the shape of Microsoft's example (profilephoto-get-metadata)", async () => {
    const [id] = [...(await survey())].find(([, a]) => a.status === 200)!;
    const res = await sim.graph("GET", `/users/${id}/photo`);
    expectFixtureShape(res, loadFixture("profilephoto-get-metadata"));
    expect(res.body["@odata.mediaEtag"]).toMatch(/^"[0-9A-F]{8}"$/);
  });

  it("serves the bytes as a JPEG of the announced size, with the same ETag", async () => {
    const [id, meta] = [...(await survey())].find(([, a]) => a.status === 200)!;
    const value = await raw(`/users/${id}/photo/$value`);
    expect([value.status, value.type, value.etag]).toEqual([200, "image/jpeg", meta.body["@odata.mediaEtag"]]);
    const decoded = await sharp(value.bytes).metadata();
    expect([decoded.format, decoded.width, decoded.height]).toEqual(["jpeg", meta.body["width"], meta.body["height"]]);
  });

  it.each([
    ["a user without a photo", async () => [...(await survey())].find(([, a]) => a.status === 404)![0]],
    ["an unknown user", async () => "00000000-0000-4000-8000-00000000dead"],
  ])("answers 404 ImageNotFound for %s, metadata and bytes alike", async (_name, pick) => {
    const id = await pick();
    const meta = await sim.graph("GET", `/users/${id}/photo`);
    expect([meta.status, meta.body.error.code]).toEqual([404, "ImageNotFound"]);
    expect((await raw(`/users/${id}/photo/$value`)).status).toBe(404);
  });
});

describe("changing a user's photo through the control API", () => {
  it("a new photo has a new ETag; a removed one answers 404; an uploaded one is served as sent", async () => {
    const id = liveUsers()[0]!;
    expect((await sim.control("PUT", `/users/${id}/photo`, {})).status).toBe(204);
    const first = (await sim.graph("GET", `/users/${id}/photo`)).body["@odata.mediaEtag"];
    expect((await sim.control("PUT", `/users/${id}/photo`, { large: true })).status).toBe(204);
    const second = await sim.graph("GET", `/users/${id}/photo`);
    expect(second.body["@odata.mediaEtag"]).not.toBe(first);
    expect(second.body["width"]).toBeGreaterThan(1000);

    expect((await sim.control("DELETE", `/users/${id}/photo`)).status).toBe(204);
    expect((await sim.graph("GET", `/users/${id}/photo`)).status).toBe(404);

    const png = await sharp({ create: { width: 96, height: 96, channels: 3, background: "#208040" } }).png().toBuffer();
    const put = await fetch(`${sim.controlUrl}/users/${id}/photo`, { method: "PUT", headers: { "content-type": "image/png" }, body: png });
    expect(put.status).toBe(204);
    const served = await raw(`/users/${id}/photo/$value`);
    expect([served.type, served.bytes.equals(png)]).toEqual(["image/png", true]);
  });
});

describe("photo request statistics", () => {
  it("counts user photo metadata and byte reads, contact photo reads and writes", async () => {
    const user = sim.handle.directory.toFile().users.find((u) => u.mailbox === "user")!;
    await sim.control("PUT", `/users/${user.id}/photo`, {});
    const created = await sim.graph("POST", `/users/${user.id}/contacts`, { body: { givenName: "Ada" } });
    const contact = `/users/${user.id}/contacts/${created.body.id}/photo/$value`;
    expect((await sim.control("POST", "/stats/reset")).status).toBe(204);
    await sim.graph("GET", `/users/${user.id}/photo`);
    await raw(`/users/${user.id}/photo/$value`);
    const jpeg = (await raw(`/users/${user.id}/photo/$value`)).bytes;
    const token = await sim.handle.issueToken("applier");
    const put = await fetch(`${sim.graphUrl}/v1.0${contact}`, { method: "PUT", headers: { authorization: `Bearer ${token}`, "content-type": "image/jpeg" }, body: jpeg });
    expect(put.status).toBe(200);
    expect((await raw(contact)).status).toBe(200);
    const stats = (await sim.control("GET", "/stats")).body;
    expect(stats.requests.photos).toEqual({ userMetadata: 1, userBytes: 2, contactReads: 1, contactWrites: 1 });
  });
});

describe("the mailbox owner changes a contact's photo on a phone", () => {
  it("sets and removes it through the control API, moving the contact's changeKey", async () => {
    const user = sim.handle.directory.toFile().users.find((u) => u.mailbox === "user")!;
    const created = await sim.graph("POST", `/users/${user.id}/contacts`, { body: { givenName: "Grace" } });
    const id = created.body.id as string;
    const changeKey = async (): Promise<string> => (await sim.graph("GET", `/users/${user.id}/contacts/${id}`)).body.changeKey as string;
    const before = await changeKey();
    const jpeg = await sharp({ create: { width: 48, height: 48, channels: 3, background: "#802020" } }).jpeg().toBuffer();
    const put = await fetch(`${sim.controlUrl}/mailboxes/${user.id}/contacts/${id}/photo`, { method: "PUT", headers: { "content-type": "image/jpeg" }, body: jpeg });
    expect(put.status).toBe(204);
    expect((await raw(`/users/${user.id}/contacts/${id}/photo/$value`)).bytes.equals(jpeg)).toBe(true);
    const afterSet = await changeKey();
    expect(afterSet).not.toBe(before);
    expect((await sim.control("DELETE", `/mailboxes/${user.id}/contacts/${id}/photo`)).status).toBe(204);
    expect((await raw(`/users/${user.id}/contacts/${id}/photo/$value`)).status).toBe(404);
    expect(await changeKey()).not.toBe(afterSet);
  });
});

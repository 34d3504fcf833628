/**
 * Contact photos end to end (`mapping.photo: true`, docs/architecture.md#photos): `cync apply`
 * against the embedded tenant over real sockets, in order — each test starts from what the previous
 * one left, as successive scheduled runs do. Each person's photo is read once per run at most and
 * written once per change; the photo request counters of the tenant say what each run cost.
 */
import { createHash } from "node:crypto";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import type { TenantFile } from "@cync/simulator";
import { markerOf, withApplyTenant, type SimContact } from "./harness";

const PHOTO_POLICY = `apiVersion: cync/v1
kind: ContactSyncPolicy
metadata:
  name: staff
spec:
  mapping:
    photo: true
  safety:
    deletion: permanent
`;

const t = withApplyTenant({ users: 24, mailboxes: 4, seed: 13 });

interface PhotoCounts {
  readonly userMetadata: number;
  readonly userBytes: number;
  readonly contactReads: number;
  readonly contactWrites: number;
}

/** The tenant's photo request counters since the last call (and the counters reset). */
async function photoRequests(): Promise<PhotoCounts> {
  const res = await t.control("GET", "/stats");
  await t.control("POST", "/stats/reset");
  return (res.body as { requests: { photos: PhotoCounts } }).requests.photos;
}

type SnapshotContact = SimContact & { readonly photo?: { readonly contentType: string; readonly bytes: number } };

/** Every contact of the policy in every target mailbox, with the mailbox it is in. */
async function allOwned(): Promise<{ mailbox: string; source: string; contact: SnapshotContact }[]> {
  const out: { mailbox: string; source: string; contact: SnapshotContact }[] = [];
  for (const m of mailboxes) for (const [source, cs] of await t.owned(m)) for (const c of cs) out.push({ mailbox: m, source, contact: c as SnapshotContact });
  return out;
}

/** The contact's photo bytes as Graph serves them, or undefined when it has none. */
async function contactPhoto(mailbox: string, contactId: string): Promise<Buffer | undefined> {
  const token = await t.sim.handle.issueToken("planner");
  const res = await fetch(`${t.sim.graphUrl}/v1.0/users/${mailbox}/contacts/${contactId}/photo/$value`, { headers: { authorization: `Bearer ${token}` } });
  return res.status === 404 ? undefined : Buffer.from(await res.arrayBuffer());
}

const hasPhoto = async (userId: string): Promise<boolean> => (await t.sim.graph("GET", `/users/${userId}/photo`)).status === 200;
const sha = (b: Buffer): string => createHash("sha256").update(b).digest("hex");

let tenant: TenantFile;
const mailboxes: string[] = [];
let sources: string[] = [];
/** Source users who have a photo in Entra ID at the start. */
let withPhoto = new Set<string>();

describe("contact photos against the embedded tenant", () => {
  beforeAll(async () => {
    await t.writePolicies({ "staff.yaml": PHOTO_POLICY });
    tenant = (await t.control("GET", "/tenant")).body as TenantFile;
  });

  it("first load: every contact of a person with a photo gets it with one PUT, people without one get none", async () => {
    await photoRequests();
    const run = await t.apply();
    expect(run.code, run.stderr).toBe(0);
    expect(run.json.failures).toEqual([]);
    const counts = await photoRequests();
    for (const u of tenant.users.filter((u) => u.mailbox === "user")) if ((await t.owned(u.id)).size > 0) mailboxes.push(u.id);
    const owned = await allOwned();
    sources = [...new Set(owned.map((o) => o.source))].sort();
    withPhoto = new Set((await Promise.all(sources.map(async (s) => ((await hasPhoto(s)) ? s : undefined)))).filter((s): s is string => s !== undefined));
    expect(withPhoto.size).toBeGreaterThan(0);
    expect(withPhoto.size).toBeLessThan(sources.length);

    const photographed = owned.filter((o) => withPhoto.has(o.source));
    // Read once per person, written once per contact with a photo — not once per contact and person.
    expect(counts).toEqual({ userMetadata: sources.length, userBytes: withPhoto.size, contactReads: 0, contactWrites: photographed.length });
    for (const { source, contact } of owned) {
      expect(contact.photo !== undefined, `contact of ${source}`).toBe(withPhoto.has(source));
      expect(typeof markerOf(contact)?.["photoHash"] === "string").toBe(withPhoto.has(source));
      if (contact.photo) expect(contact.photo.contentType).toBe("image/jpeg");
    }
  });

  it("scales large photos down for phones: at most 432 px a side, the same bytes in every mailbox", async () => {
    const bySource = new Map<string, Set<string>>();
    for (const { mailbox, source, contact } of (await allOwned()).filter((o) => withPhoto.has(o.source))) {
      const bytes = (await contactPhoto(mailbox, contact.id))!;
      const meta = await sharp(bytes).metadata();
      expect(Math.max(meta.width, meta.height)).toBeLessThanOrEqual(432);
      bySource.set(source, (bySource.get(source) ?? new Set()).add(sha(bytes)));
    }
    for (const hashes of bySource.values()) expect(hashes.size).toBe(1);
  });

  it("the run after: the contacts it wrote show as changed, but their photos are not read back", async () => {
    await photoRequests();
    const run = await t.apply();
    expect(run.code, run.stderr).toBe(0);
    expect(run.json.summary).toEqual({ create: 0, update: 0, delete: 0, mailboxes: 0 });
    // The applier remembered the photo it left on each contact (src/mailbox/read.ts).
    expect(await photoRequests()).toEqual({ userMetadata: 0, userBytes: 0, contactReads: 0, contactWrites: 0 });
  });

  it("nothing changed: no photo request at all", async () => {
    const run = await t.apply();
    expect(run.code, run.stderr).toBe(0);
    expect(run.json.summary.update).toBe(0);
    expect(await photoRequests()).toEqual({ userMetadata: 0, userBytes: 0, contactReads: 0, contactWrites: 0 });
  });

  it("nothing changed, refresh due: one metadata read per person, no bytes, no writes", async () => {
    const run = await t.apply({ photoRefreshHours: 0 });
    expect(run.code, run.stderr).toBe(0);
    expect(run.json.summary.update).toBe(0);
    expect(await photoRequests()).toEqual({ userMetadata: sources.length, userBytes: 0, contactReads: 0, contactWrites: 0 });
  });

  it("a photo changed in Entra ID: that person's contacts are re-photographed, once each", async () => {
    const person = [...withPhoto][0]!;
    expect((await t.control("PUT", `/users/${person}/photo`, { large: true })).status).toBe(204);
    const before = (await allOwned()).filter((o) => o.source === person);
    const run = await t.apply({ photoRefreshHours: 0 });
    expect(run.code, run.stderr).toBe(0);
    expect(run.json.summary.update).toBe(before.length);
    const counts = await photoRequests();
    expect(counts).toMatchObject({ userMetadata: sources.length, userBytes: 1, contactWrites: before.length });
    const after = (await allOwned()).filter((o) => o.source === person);
    expect(after.map((o) => o.contact.id).sort()).toEqual(before.map((o) => o.contact.id).sort());
    for (const o of after) expect(markerOf(o.contact)?.["photoHash"]).not.toBe(markerOf(before.find((b) => b.contact.id === o.contact.id)!.contact)?.["photoHash"]);
  });

  it("a photo removed from Entra ID: the contacts lose it (replaced by a copy without, Graph cannot remove one)", async () => {
    const person = [...withPhoto][1]!;
    expect((await t.control("DELETE", `/users/${person}/photo`)).status).toBe(204);
    const before = (await allOwned()).filter((o) => o.source === person);
    const run = await t.apply({ photoRefreshHours: 0 });
    expect(run.code, run.stderr).toBe(0);
    expect(run.json.failures).toEqual([]);
    expect(run.json.summary.update).toBe(before.length);
    const after = (await allOwned()).filter((o) => o.source === person);
    expect(after.length).toBe(before.length);
    for (const o of after) {
      expect(o.contact.photo).toBeUndefined();
      expect(markerOf(o.contact)?.["photoHash"]).toBeUndefined();
    }
    await t.apply();
    const next = await t.apply();
    expect(next.json.summary).toEqual({ create: 0, update: 0, delete: 0, mailboxes: 0 });
  });

  it("a photo changed or removed on a phone is repaired, in that contact only", async () => {
    const [changed, removed] = (await allOwned()).filter((o) => withPhoto.has(o.source) && o.contact.photo !== undefined);
    const original = (await contactPhoto(changed!.mailbox, changed!.contact.id))!;
    const snapshot = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#ff00ff" } }).jpeg().toBuffer();
    const put = await fetch(`${t.sim.controlUrl}/mailboxes/${changed!.mailbox}/contacts/${changed!.contact.id}/photo`, {
      method: "PUT",
      headers: { "content-type": "image/jpeg" },
      body: snapshot,
    });
    expect(put.status).toBe(204);
    expect((await t.control("DELETE", `/mailboxes/${removed!.mailbox}/contacts/${removed!.contact.id}/photo`)).status).toBe(204);
    await photoRequests();

    const run = await t.apply();
    expect(run.code, run.stderr).toBe(0);
    expect(run.json.summary.update).toBe(2);
    expect(await photoRequests()).toMatchObject({ userMetadata: 0, userBytes: 0, contactReads: 2, contactWrites: 2 });
    expect(sha((await contactPhoto(changed!.mailbox, changed!.contact.id))!)).toBe(sha(original));
    expect(await contactPhoto(removed!.mailbox, removed!.contact.id)).toBeDefined();
  });

  it("a person without a photo keeps contacts without one, whatever the runs", async () => {
    const without = sources.filter((s) => !withPhoto.has(s));
    expect(without.length).toBeGreaterThan(0);
    for (const o of (await allOwned()).filter((x) => without.includes(x.source))) expect(o.contact.photo).toBeUndefined();
  });
});

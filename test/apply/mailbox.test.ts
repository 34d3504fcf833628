import { describe, expect, it } from "vitest";
import { applyMailbox, type MailboxJob } from "../../src/apply/mailbox";
import { RefusedContacts } from "../../src/apply/refused";
import type { ContactUpdate, PhotoChange } from "../../src/plan/types";
import { photoHash } from "../../src/registry/hash";
import { FakeGraphError, FakeTenant, loseCreates, type Hook } from "./fake-mailbox";
import { POLICY, aliceV1, aliceV2, bob, carol, changes, dave, del, desired, job, ownFriend, update } from "./fixtures";

const M = "mbx-1";

describe("applyMailbox", () => {
  it("applies updates, then creates, then deletes, leaving the owner's own contact alone", async () => {
    const tenant = new FakeTenant();
    const m = tenant.mailbox(M);
    const own = m.seed(ownFriend);
    const alice = m.seed(aliceV1, [POLICY, "u-alice"]);
    const carolId = m.seed(carol, [POLICY, "u-carol"]);
    const out = await applyMailbox(
      job(changes(M, { update: [update(alice, "u-alice", aliceV1, aliceV2)], create: [desired("u-bob", bob)], delete: [del(carolId, "u-carol", carol)] })),
      tenant,
    );
    expect(out).toMatchObject({ status: "applied", created: 1, updated: 1, deleted: 1, failed: 0, notOwned: 0 });
    expect(tenant.log).toEqual([
      `READ ${M}`,
      `PATCH ${M} ${alice}`,
      `POST ${M}`,
      `DELETE ${M} ${carolId}`,
    ]);
    expect(m.ownedCounts(POLICY)).toEqual({ "u-alice": 1, "u-bob": 1 });
    expect(m.contacts.get(own)?.body).toMatchObject(ownFriend);
    expect(m.read(POLICY).find((c) => c.id === alice)?.fields).toEqual(aliceV2);
  });

  it("creates the folder once, then fills it", async () => {
    const tenant = new FakeTenant();
    const out = await applyMailbox(job(changes(M, { create: [desired("u-alice", aliceV1), desired("u-bob", bob)] })), tenant);
    expect(out).toMatchObject({ status: "applied", created: 2 });
    expect(tenant.log.filter((l) => l.startsWith("POST folder"))).toHaveLength(1);
  });

  it("deletes permanently when the policy asks for it", async () => {
    const tenant = new FakeTenant();
    const carolId = tenant.mailbox(M).seed(carol, [POLICY, "u-carol"]);
    await applyMailbox(job(changes(M, { delete: [del(carolId, "u-carol", carol)] }), "permanent"), tenant);
    expect(tenant.log).toContain(`POST ${M} ${carolId} permanentDelete`);
    expect(tenant.mailbox(M).contacts.size).toBe(0);
  });

  describe("re-checks ownership right before writing", () => {
    it.each([
      ["an update of a contact another policy now owns", "update", ["other-policy", "u-alice"] as const, "notOwned"],
      ["an update of a contact whose marker was removed", "update", undefined, "notOwned"],
      ["a delete of a contact another policy now owns", "delete", ["other-policy", "u-alice"] as const, "notOwned"],
      ["a delete of an unmarked contact", "delete", undefined, "notOwned"],
      ["a delete of a contact owned for another user", "delete", [POLICY, "u-bob"] as const, "notOwned"],
    ])("refuses %s", async (_name, kind, marker, counted) => {
      const tenant = new FakeTenant();
      const id = tenant.mailbox(M).seed(aliceV1, marker);
      const planned = kind === "update" ? { update: [update(id, "u-alice", aliceV1, aliceV2)] } : { delete: [del(id, "u-alice", aliceV1)] };
      const out = await applyMailbox(job(changes(M, planned)), tenant);
      expect(out).toMatchObject({ status: "applied", [counted]: 1, updated: 0, deleted: 0 });
      expect(tenant.log).toEqual([`READ ${M}`]);
    });

    it.each([
      ["an update of a contact its owner deleted", "update"],
      ["a delete of a contact already gone", "delete"],
    ])("counts %s, with its folder, as already done without writing — not even a folder", async (_name, kind) => {
      const tenant = new FakeTenant();
      tenant.mailbox(M);
      const planned = kind === "update" ? { update: [update("gone-1", "u-alice", aliceV1, aliceV2)] } : { delete: [del("gone-1", "u-alice", aliceV1)] };
      const out = await applyMailbox(job(changes(M, planned)), tenant);
      expect(out).toMatchObject({ status: "applied", alreadyDone: 1 });
      expect(tenant.log).toEqual([]);
    });

    it("fails the rest of a mailbox without sending once Exchange says the mailbox is gone", async () => {
      const tenant = new FakeTenant();
      const id = tenant.mailbox(M).seed(carol, [POLICY, "u-carol"]);
      let sent = 0;
      tenant.hooks = [() => (sent++, new FakeGraphError(404, "MailboxNotEnabledForRESTAPI"))];
      const creates = [desired("u-alice", aliceV1), desired("u-bob", bob), desired("u-dave", dave)];
      const out = await applyMailbox(job(changes(M, { create: creates, delete: [del(id, "u-carol", carol)] })), tenant, { parallel: 1 });
      expect(out).toMatchObject({ status: "failed", failed: 4, alreadyDone: 0, error: "fake Graph error 404 MailboxNotEnabledForRESTAPI" });
      expect(sent).toBe(1);
    });

    it("treats a 404 between the read and the write as already done", async () => {
      const tenant = new FakeTenant();
      const id = tenant.mailbox(M).seed(carol, [POLICY, "u-carol"]);
      tenant.hooks = [(r, m) => (r.method === "DELETE" ? (m.contacts.delete(id), undefined) : undefined)];
      const out = await applyMailbox(job(changes(M, { delete: [del(id, "u-carol", carol)] })), tenant);
      expect(out).toMatchObject({ status: "applied", alreadyDone: 1, deleted: 0 });
    });
  });

  describe("never duplicates", () => {
    it("skips a create whose user already has an owned contact (stale plan, killed run)", async () => {
      const tenant = new FakeTenant();
      tenant.mailbox(M).seed(aliceV1, [POLICY, "u-alice"]);
      const out = await applyMailbox(job(changes(M, { create: [desired("u-alice", aliceV1)] })), tenant);
      expect(out).toMatchObject({ status: "applied", created: 0, alreadyDone: 1 });
      expect(tenant.mailbox(M).ownedCounts(POLICY)).toEqual({ "u-alice": 1 });
    });

    it("resolves creates whose response was lost after commit by re-reading, not by re-sending", async () => {
      const tenant = new FakeTenant();
      tenant.hooks = [loseCreates(2)];
      const creates = [desired("u-alice", aliceV1), desired("u-bob", bob), desired("u-carol", carol)];
      const out = await applyMailbox(job(changes(M, { create: creates })), tenant);
      expect(out).toMatchObject({ status: "applied", created: 1, recovered: 2, failed: 0 });
      expect(tenant.log.filter((l) => l === `POST ${M}`)).toHaveLength(3);
      expect(tenant.log.filter((l) => l === `READ ${M}`)).toHaveLength(2);
      expect(tenant.mailbox(M).ownedCounts(POLICY)).toEqual({ "u-alice": 1, "u-bob": 1, "u-carol": 1 });
    });

    it("re-sends a create that was lost before it reached the mailbox", async () => {
      const tenant = new FakeTenant();
      tenant.hooks = [loseCreates(1, "lose-request")];
      const out = await applyMailbox(job(changes(M, { create: [desired("u-alice", aliceV1)] })), tenant);
      expect(out).toMatchObject({ status: "applied", created: 1, recovered: 0 });
      expect(tenant.mailbox(M).ownedCounts(POLICY)).toEqual({ "u-alice": 1 });
    });

    it.each([1, 3, 7])("completes within the run a create lost %i times before it reached the mailbox", async (losses) => {
      const tenant = new FakeTenant();
      tenant.hooks = [loseCreates(losses, "lose-request")];
      const out = await applyMailbox(job(changes(M, { create: [desired("u-alice", aliceV1)] })), tenant);
      expect(out).toMatchObject({ status: "applied", created: 1, failed: 0 });
      // The read that opens the mailbox, then one re-read per lost round.
      expect(tenant.log.filter((l) => l === `READ ${M}`)).toHaveLength(losses + 1);
      expect(tenant.mailbox(M).ownedCounts(POLICY)).toEqual({ "u-alice": 1 });
    });

    it("gives up after the configured rounds and reports the mailbox failed", async () => {
      const tenant = new FakeTenant();
      tenant.hooks = [loseCreates(10, "lose-request")];
      const out = await applyMailbox(job(changes(M, { create: [desired("u-alice", aliceV1)] })), tenant, { createRounds: 2 });
      expect(out).toMatchObject({ status: "failed", failed: 1, created: 0 });
      expect(out.error).toMatch(/stayed without an answer/);
      expect(tenant.mailbox(M).ownedCounts(POLICY)).toEqual({});
    });

    it("deletes a duplicate only while another owned copy stays", async () => {
      const tenant = new FakeTenant();
      const m = tenant.mailbox(M);
      const keeper = m.seed(aliceV1, [POLICY, "u-alice"]);
      const dup1 = m.seed(aliceV1, [POLICY, "u-alice"]);
      const dup2 = m.seed(aliceV1, [POLICY, "u-alice"]);
      // The owner deleted the keeper after the plan was made.
      m.contacts.delete(keeper);
      const out = await applyMailbox(
        job(changes(M, { delete: [del(dup1, "u-alice", aliceV1, "duplicate"), del(dup2, "u-alice", aliceV1, "duplicate")] })),
        tenant,
      );
      expect(out).toMatchObject({ status: "applied", deleted: 1, alreadyDone: 1 });
      expect(m.ownedCounts(POLICY)).toEqual({ "u-alice": 1 });
    });
  });

  describe("failures", () => {
    it("reports a skipped mailbox (no Exchange mailbox) and settles every planned change", async () => {
      const tenant = new FakeTenant();
      tenant.mailbox(M).skip = "no-exchange-mailbox";
      let settled = 0;
      const out = await applyMailbox(job(changes(M, { create: [desired("u-alice", aliceV1), desired("u-bob", bob)] })), tenant, {
        onSettled: () => settled++,
      });
      expect(out).toMatchObject({ status: "skipped", skipReason: "no-exchange-mailbox", created: 0 });
      expect(settled).toBe(2);
    });

    it("goes on after a failed write and reports the mailbox failed with the first error", async () => {
      const tenant = new FakeTenant();
      const carolId = tenant.mailbox(M).seed(carol, [POLICY, "u-carol"]);
      tenant.hooks = [(r) => ((r.body as { displayName?: string } | undefined)?.displayName === "Bob Baker" ? new FakeGraphError(500, "ErrorInternalServerError") : undefined)];
      const out = await applyMailbox(
        job(changes(M, { create: [desired("u-bob", bob), desired("u-dave", dave)], delete: [del(carolId, "u-carol", carol)] })),
        tenant,
      );
      expect(out).toMatchObject({ status: "failed", created: 1, deleted: 1, failed: 1, error: "fake Graph error 500 ErrorInternalServerError" });
    });

    /** Refuses Bob's body with 400, counting the attempts. */
    const refusingBob = (): { hook: Hook; attempts: () => number } => {
      let attempts = 0;
      const hook: Hook = (r) => {
        if ((r.body as { displayName?: string } | undefined)?.displayName !== "Bob Baker") return undefined;
        attempts++;
        return new FakeGraphError(400, "ErrorInvalidProperty");
      };
      return { hook, attempts: () => attempts };
    };

    it.each<[string, (tenant: FakeTenant) => MailboxJob]>([
      ["a create", () => job(changes(M, { create: [desired("u-bob", bob), desired("u-dave", dave)] }))],
      [
        "an update",
        (tenant) => {
          const bobId = tenant.mailbox(M).seed({ ...bob, displayName: "Bob B." }, [POLICY, "u-bob"]);
          return job(changes(M, { update: [update(bobId, "u-bob", { ...bob, displayName: "Bob B." }, bob)], create: [desired("u-dave", dave)] }));
        },
      ],
    ])("%s Exchange refuses (400) is the user's, not the mailbox's: reported by user id, sent once, the others written", async (_name, planned) => {
      const tenant = new FakeTenant();
      const j = planned(tenant);
      const refuse = refusingBob();
      tenant.hooks = [refuse.hook];
      const out = await applyMailbox(j, tenant);
      expect(out).toMatchObject({ status: "applied", created: 1, refused: 1, failed: 0, refusals: [{ sourceUserId: "u-bob", error: "400 ErrorInvalidProperty" }] });
      expect(out.error).toBeUndefined();
      expect(refuse.attempts()).toBe(1);
    });

    it("does not send a create another mailbox of the run had refused", async () => {
      const tenant = new FakeTenant();
      const refuse = refusingBob();
      tenant.hooks = [refuse.hook];
      const refused = new RefusedContacts();
      const planned = (id: string) => job(changes(id, { create: [desired("u-bob", bob), desired("u-dave", dave)] }));
      await applyMailbox(planned("m-1"), tenant, { refused });
      const second = await applyMailbox(planned("m-2"), tenant, { refused });
      expect(second).toMatchObject({ status: "applied", created: 1, refused: 1, refusals: [{ sourceUserId: "u-bob", error: "400 ErrorInvalidProperty" }] });
      expect(refuse.attempts()).toBe(1);
    });
  });

  it("is idempotent: applying the same plan again writes nothing", async () => {
    const tenant = new FakeTenant();
    const m = tenant.mailbox(M);
    const alice = m.seed(aliceV1, [POLICY, "u-alice"]);
    const carolId = m.seed(carol, [POLICY, "u-carol"]);
    const planned = job(changes(M, { update: [update(alice, "u-alice", aliceV1, aliceV2)], create: [desired("u-bob", bob)], delete: [del(carolId, "u-carol", carol)] }));
    await applyMailbox(planned, tenant);
    tenant.log.length = 0;
    const again = await applyMailbox(planned, tenant);
    expect(again).toMatchObject({ status: "applied", created: 0, updated: 0, deleted: 0, alreadyDone: 3 });
    expect(tenant.log).toEqual([`READ ${M}`]);
  });

  describe("a removal's folder (removeFolder)", () => {
    const removal = (id: string, planned: ReturnType<typeof del>[]) => job({ ...changes(id, { delete: planned }), removeFolder: true });

    it("removes the folder cync created once its last contact is deleted, and records that it did", async () => {
      const tenant = new FakeTenant();
      const carolId = tenant.mailbox(M).seed(carol, [POLICY, "u-carol"]);
      const out = await applyMailbox(removal(M, [del(carolId, "u-carol", carol, "policy-removed")]), tenant);
      expect(out).toMatchObject({ status: "applied", deleted: 1, folderRemoved: true });
      expect(tenant.log).toEqual([`READ ${M}`, `DELETE ${M} ${carolId}`, `DELETE folder ${M}`]);
    });

    it("keeps the folder when something arrived in it since the plan (the owner's own contact)", async () => {
      const tenant = new FakeTenant();
      const m = tenant.mailbox(M);
      const carolId = m.seed(carol, [POLICY, "u-carol"]);
      m.seed(ownFriend);
      const out = await applyMailbox(removal(M, [del(carolId, "u-carol", carol, "policy-removed")]), tenant);
      expect(out).toMatchObject({ status: "applied", deleted: 1 });
      expect(out.folderRemoved).toBeUndefined();
      expect(m.read(POLICY).map((c) => c.fields)).toEqual([ownFriend]);
    });

    it("keeps the folder when a deletion failed", async () => {
      const tenant = new FakeTenant();
      const carolId = tenant.mailbox(M).seed(carol, [POLICY, "u-carol"]);
      tenant.hooks.push((r) => (r.method === "DELETE" ? new FakeGraphError(500, "InternalServerError") : undefined));
      const out = await applyMailbox(removal(M, [del(carolId, "u-carol", carol, "policy-removed")]), tenant);
      expect(out).toMatchObject({ status: "failed", failed: 1 });
      expect(tenant.log).not.toContain(`DELETE folder ${M}`);
    });

    it("creates no folder to remove when it is gone already", async () => {
      const tenant = new FakeTenant();
      const out = await applyMailbox(removal(M, [del("gone-1", "u-carol", carol, "policy-removed")]), tenant);
      expect(out).toMatchObject({ status: "applied", alreadyDone: 1 });
      expect(tenant.log).toEqual([]);
    });
  });

  it("reports the folder it created, so a later removal may remove it", async () => {
    const tenant = new FakeTenant();
    const first = await applyMailbox(job(changes(M, { create: [desired("u-bob", bob)] })), tenant);
    const second = await applyMailbox(job(changes(M, { create: [desired("u-dave", dave)] })), tenant);
    expect([first.folderCreated, second.folderCreated]).toEqual([true, undefined]);
  });
});

describe("applyMailbox with photos (docs/architecture.md#photos)", () => {
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1]);
  const other = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 2]);
  const hashOf = (b: Buffer) => photoHash(b);
  const photoJob = (c: Parameters<typeof job>[0]) => ({ ...job(c), photos: true });
  const photographed = (tenant: FakeTenant, bytes: Buffer): void => void tenant.photos.set(`u-alice ${hashOf(bytes)}`, bytes);
  const withPhoto = (u: ContactUpdate, photo: PhotoChange, bytes?: Buffer): ContactUpdate =>
    bytes === undefined ? { ...u, photo } : { ...u, photo, photoHash: hashOf(bytes) };

  it("a create uploads the photo right after its POST, the marker recording it inline", async () => {
    const tenant = new FakeTenant();
    photographed(tenant, jpeg);
    const out = await applyMailbox(photoJob(changes(M, { create: [{ ...desired("u-alice", aliceV1), photo: hashOf(jpeg) }] })), tenant);
    expect(out).toMatchObject({ status: "applied", created: 1, failed: 0 });
    const [contact] = tenant.mailbox(M).contacts.values();
    expect(tenant.log).toEqual([`POST folder ${M}`, `READ ${M}`, `POST ${M}`, `PUT ${M} ${contact!.id} photo`]);
    expect(contact!.photo).toEqual(jpeg);
    expect(tenant.mailbox(M).read(POLICY)[0]!.ownership).toMatchObject({ kind: "owned", photoHash: hashOf(jpeg) });
    // The next read takes the photo from here instead of reading it back.
    expect(tenant.remembered).toEqual(new Map([[contact!.id, hashOf(jpeg)]]));
  });

  it("remembers nothing for a policy that does not sync photos", async () => {
    const tenant = new FakeTenant();
    await applyMailbox({ ...job(changes(M, { create: [desired("u-alice", aliceV1)] })), photos: false }, tenant);
    expect(tenant.remembered.size).toBe(0);
  });

  it("an update uploads the new photo after the field PATCH, then records it in the marker", async () => {
    const tenant = new FakeTenant();
    photographed(tenant, other);
    const m = tenant.mailbox(M);
    const alice = m.seed(aliceV1, [POLICY, "u-alice"]);
    m.contacts.get(alice)!.photo = jpeg;
    const out = await applyMailbox(photoJob(changes(M, { update: [withPhoto(update(alice, "u-alice", aliceV1, aliceV2), "changed", other)] })), tenant);
    expect(out).toMatchObject({ status: "applied", updated: 1, failed: 0 });
    expect(tenant.log).toEqual([`READ ${M}`, `PATCH ${M} ${alice}`, `PUT ${M} ${alice} photo`, `PATCH ${M} ${alice} extensions`]);
    expect(m.read(POLICY)[0]).toMatchObject({ photo: hashOf(other), ownership: { photoHash: hashOf(other), hash: "h" } });
  });

  it("a photo to remove replaces the contact: a copy without it first, the original deleted after", async () => {
    const tenant = new FakeTenant();
    const m = tenant.mailbox(M);
    const alice = m.seed(aliceV1, [POLICY, "u-alice"]);
    m.contacts.get(alice)!.photo = jpeg;
    const out = await applyMailbox(photoJob(changes(M, { update: [withPhoto(update(alice, "u-alice", aliceV1, aliceV1), "removed")] })), tenant);
    expect(out).toMatchObject({ status: "applied", updated: 1, failed: 0 });
    expect(tenant.log).toEqual([`READ ${M}`, `POST ${M}`, `DELETE ${M} ${alice}`]);
    expect(m.read(POLICY)).toMatchObject([{ photo: null, fields: aliceV1 }]);
    expect(tenant.remembered).toEqual(new Map([[m.read(POLICY)[0]!.id, null]]));
  });

  it("a replacement whose create response was lost keeps the original: the next plan removes the surplus", async () => {
    const tenant = new FakeTenant();
    tenant.hooks.push(loseCreates(1));
    const m = tenant.mailbox(M);
    const alice = m.seed(aliceV1, [POLICY, "u-alice"]);
    m.contacts.get(alice)!.photo = jpeg;
    const out = await applyMailbox(photoJob(changes(M, { update: [withPhoto(update(alice, "u-alice", aliceV1, aliceV1), "removed")] })), tenant);
    expect(out).toMatchObject({ status: "failed", failed: 1 });
    expect(m.contacts.has(alice)).toBe(true);
  });

  it.each([
    ["the photo is already there", jpeg, 0],
    ["the photo left the cache", undefined, 1],
  ])("an update whose photo %s", async (_name, cached, failed) => {
    const tenant = new FakeTenant();
    if (cached !== undefined) photographed(tenant, cached);
    const m = tenant.mailbox(M);
    const alice = m.seed(aliceV1, [POLICY, "u-alice"]);
    if (failed === 0) m.contacts.get(alice)!.photo = jpeg;
    const out = await applyMailbox(photoJob(changes(M, { update: [withPhoto(update(alice, "u-alice", aliceV1, aliceV1), "added", jpeg)] })), tenant);
    expect(out).toMatchObject({ failed, alreadyDone: 1 - failed });
    expect(tenant.log.filter((l) => l.startsWith("PUT"))).toEqual([]);
  });

  it("a create whose photo upload fails is that contact's failure, never a second contact", async () => {
    const tenant = new FakeTenant();
    photographed(tenant, jpeg);
    tenant.hooks.push((r) => (r.method === "PUT" ? new FakeGraphError(500, "InternalServerError") : undefined));
    const out = await applyMailbox(photoJob(changes(M, { create: [{ ...desired("u-alice", aliceV1), photo: hashOf(jpeg) }] })), tenant);
    expect(out).toMatchObject({ status: "failed", created: 0, failed: 1 });
    expect(tenant.mailbox(M).ownedCounts(POLICY)).toEqual({ "u-alice": 1 });
    expect(tenant.log.filter((l) => l === `POST ${M}`)).toHaveLength(1);
  });
});

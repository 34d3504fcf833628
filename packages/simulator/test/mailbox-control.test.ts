import { describe, expect, it } from "vitest";
import { MailboxStore } from "../src/mailbox";
import { APP, USERS, errorCode, harness } from "./mailbox-harness";

const adele = USERS["adele"]!;
const contacts = `/users/${adele.id}/contacts`;
const marked = { givenName: "Pavel", surname: "Bansky", extensions: [{ extensionName: "Com.Cync.Owner", policy: "staff" }] };

type Snapshot = {
  folders: Array<{ id: string; isDefault: boolean; contacts: Array<Record<string, unknown>> }>;
  deletedItems: { contacts: Array<Record<string, unknown>> };
};

describe("control: the mailbox owner's view and actions", () => {
  it("shows folders and contacts with every extension", async () => {
    const h = harness();
    await h.call("POST", contacts, marked);
    const snap = (await h.control("GET", `/_sim/mailboxes/${adele.upn}`)).json as unknown as Snapshot;
    const def = snap.folders.find((f) => f.isDefault)!;
    expect(def.contacts).toEqual([
      expect.objectContaining({
        displayName: "Pavel Bansky",
        extensions: [expect.objectContaining({ extensionName: "Com.Cync.Owner", policy: "staff" })],
      }),
    ]);
  });

  it("an owner's edit changes fields and changeKey and keeps the ownership extension", async () => {
    const h = harness();
    const created = await h.call("POST", contacts, marked);
    const id = String(created.json["id"]);
    const edited = await h.control("PATCH", `/_sim/mailboxes/${adele.id}/contacts/${id}`, { mobilePhone: "+1 555 0100" });
    expect(edited.json).toMatchObject({ mobilePhone: "+1 555 0100", extensions: [expect.objectContaining({ policy: "staff" })] });
    expect(edited.json["changeKey"]).not.toBe(created.json["changeKey"]);
  });

  it("an owner's delete moves the contact to Deleted Items", async () => {
    const h = harness();
    const id = String((await h.call("POST", contacts, marked)).json["id"]);
    expect((await h.control("DELETE", `/_sim/mailboxes/${adele.id}/contacts/${id}`)).status).toBe(204);
    expect((await h.call("GET", `${contacts}/${id}`)).status).toBe(404);
    const snap = (await h.control("GET", `/_sim/mailboxes/${adele.id}`)).json as unknown as Snapshot;
    expect(snap.deletedItems.contacts.map((c) => c["id"])).toEqual([id]);
  });

  it("an owner's own contact (no marker) can be created in any folder, cync's included", async () => {
    const h = harness();
    const folder = String((await h.call("POST", `/users/${adele.id}/contactFolders`, { displayName: "Colleagues" })).json["id"]);
    const own = await h.control("POST", `/_sim/mailboxes/${adele.id}/contactFolders/${folder}/contacts`, { givenName: "Mum" });
    expect(own.status).toBe(201);
    expect(own.json).toMatchObject({ displayName: "Mum", parentFolderId: folder, extensions: [] });
  });

  it.each([
    ["an unknown user", "/_sim/mailboxes/nobody", 404, "ErrorInvalidUser"],
    ["a user without a mailbox", `/_sim/mailboxes/${USERS["guest"]!.id}`, 404, "MailboxNotEnabledForRESTAPI"],
  ])("answers %s like Exchange", async (_n, url, status, code) => {
    const res = await harness().control("GET", url);
    expect([res.status, errorCode(res)]).toEqual([status, code]);
  });

  it("scopes an app to a set of mailboxes and lifts the scope", async () => {
    const h = harness();
    expect((await h.control("PUT", `/_sim/apps/${APP}/mailboxScope`, { mailboxes: [USERS["shared"]!.upn] })).status).toBe(204);
    expect(errorCode(await h.call("GET", contacts))).toBe("ErrorAccessDenied");
    await h.control("PUT", `/_sim/apps/${APP}/mailboxScope`, { mailboxes: null });
    expect((await h.call("GET", contacts)).status).toBe(200);
  });
});

describe("MailboxStore persistence", () => {
  it("round-trips through JSON: folders, contacts, extensions, photos, Deleted Items, delta state", async () => {
    const h = harness();
    const folder = String((await h.call("POST", `/users/${adele.id}/contactFolders`, { displayName: "Colleagues" })).json["id"]);
    const keep = String((await h.call("POST", `/users/${adele.id}/contactFolders/${folder}/contacts`, marked)).json["id"]);
    const gone = String((await h.call("POST", contacts, { givenName: "Gone" })).json["id"]);
    await h.call("PUT", `${contacts}/${keep}/photo/$value`, Buffer.from([1, 2, 3]), { "Content-Type": "image/png" });
    await h.call("DELETE", `${contacts}/${gone}`);
    const json = JSON.parse(JSON.stringify(h.store.toJSON())) as ReturnType<MailboxStore["toJSON"]>;
    const restored = MailboxStore.fromJSON(json);
    expect(restored.toJSON()).toEqual(h.store.toJSON());
    const mb = restored.get(adele.id)!;
    expect(mb.contacts.get(keep)?.photo?.data).toEqual(Buffer.from([1, 2, 3]));
    expect(mb.deletedContacts.has(gone)).toBe(true);
    // New ids continue after the restored ones.
    const next = restored.createContact(mb, mb.folders.get(folder)!, {}, [], 0);
    expect([...mb.contacts.keys()].filter((id) => id === next.id)).toHaveLength(1);
    expect(h.store.toJSON().nextId).toBeLessThan(restored.toJSON().nextId);
  });

  it("shares identical payloads between mailboxes (interning)", () => {
    const store = new MailboxStore();
    const props = { givenName: "Ann", companyName: "Contoso", businessPhones: ["+1 1"] };
    const ext = [{ name: "Com.Cync.Owner", props: { policy: "staff", hash: "h1" } }];
    const a = store.ensureMailbox("a");
    const b = store.ensureMailbox("b");
    const ca = store.createContact(a, a.folders.get(a.contactsId)!, { ...props }, ext, 0);
    const cb = store.createContact(b, b.folders.get(b.contactsId)!, JSON.parse(JSON.stringify(props)) as typeof props, ext, 0);
    expect(ca.props).toBe(cb.props);
    expect(ca.ext).toBe(cb.ext);
    expect(Object.isFrozen(ca.props)).toBe(true);
  });
});

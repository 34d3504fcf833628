import { describe, expect, it } from "vitest";
import { APP, USERS, errorCode, harness, relative } from "./mailbox-harness";

const adele = USERS["adele"]!;

describe("mailbox resolution", () => {
  it.each([
    ["an unknown user", "/users/nobody@contoso.test/contactFolders", 404, "ErrorInvalidUser"],
    ["a user without a mailbox", `/users/${USERS["guest"]!.id}/contactFolders`, 404, "MailboxNotEnabledForRESTAPI"],
    ["a user mailbox by UPN", `/users/${adele.upn}/contactFolders`, 200, undefined],
    ["a shared mailbox", `/users/${USERS["shared"]!.id}/contacts`, 200, undefined],
  ])("%s → %i %s", async (_name, url, status, code) => {
    const res = await harness().call("GET", url);
    expect(res.status).toBe(status);
    expect(errorCode(res)).toBe(code);
  });

  it("names the requested user in ErrorInvalidUser", async () => {
    const res = await harness().call("GET", "/users/nobody@contoso.test/contacts");
    expect((res.json["error"] as { message: string }).message).toBe("The requested user 'nobody@contoso.test' is invalid.");
  });

  it("refuses an app scoped away from the mailbox with ErrorAccessDenied (application access policy)", async () => {
    const h = harness();
    h.store.scopeApp(APP, [USERS["shared"]!.id]);
    const denied = await h.call("GET", `/users/${adele.id}/contacts`);
    expect([denied.status, errorCode(denied)]).toEqual([403, "ErrorAccessDenied"]);
    expect((await h.call("GET", `/users/${USERS["shared"]!.id}/contacts`)).status).toBe(200);
    h.store.scopeApp(APP, undefined);
    expect((await h.call("GET", `/users/${adele.id}/contacts`)).status).toBe(200);
  });
});

describe("contact folders", () => {
  const folders = `/users/${adele.id}/contactFolders`;

  it("creates a folder under the default Contacts folder (201) and lists it", async () => {
    const h = harness();
    const created = await h.call("POST", folders, { displayName: "Colleagues" });
    expect(created.status).toBe(201);
    const contactsId = h.store.get(adele.id)!.contactsId;
    expect(created.json).toMatchObject({ displayName: "Colleagues", parentFolderId: contactsId });
    const list = await h.call("GET", folders);
    expect((list.json["value"] as unknown[]).map((f) => (f as { displayName: string }).displayName)).toEqual(["Colleagues"]);
  });

  it.each([
    ["the same name", "Colleagues"],
    ["the same name in another case", "COLLEAGUES"],
  ])("refuses %s under the same parent with 409 ErrorFolderExists", async (_n, again) => {
    const h = harness();
    await h.call("POST", folders, { displayName: "Colleagues" });
    const dup = await h.call("POST", folders, { displayName: again });
    expect([dup.status, errorCode(dup)]).toEqual([409, "ErrorFolderExists"]);
  });

  it("allows the same name under another parent (childFolders, 201)", async () => {
    const h = harness();
    const parent = await h.call("POST", folders, { displayName: "Colleagues" });
    const child = await h.call("POST", `${folders}/${String(parent.json["id"])}/childFolders`, { displayName: "Colleagues" });
    expect(child.status).toBe(201);
    expect(child.json["parentFolderId"]).toBe(parent.json["id"]);
    const children = await h.call("GET", `${folders}/${String(parent.json["id"])}/childFolders`);
    expect((children.json["value"] as unknown[]).length).toBe(1);
  });

  it.each([
    ["displayName eq 'Colleagues'", ["Colleagues"]],
    ["displayName eq 'colleagues'", ["Colleagues"]],
    ["displayName eq 'O''Brien'", ["O'Brien"]],
    ["displayName eq 'Nobody'", []],
  ])("filters with $filter=%s", async (filter, names) => {
    const h = harness();
    for (const displayName of ["Colleagues", "O'Brien", "Family"]) await h.call("POST", folders, { displayName });
    const res = await h.call("GET", `${folders}?$filter=${encodeURIComponent(filter)}`);
    expect((res.json["value"] as Array<{ displayName: string }>).map((f) => f.displayName)).toEqual(names);
  });

  it("refuses a filter it cannot evaluate", async () => {
    const res = await harness().call("GET", `${folders}?$filter=${encodeURIComponent("startswith(displayName,'C')")}`);
    expect([res.status, errorCode(res)]).toEqual([400, "ErrorInvalidUrlQueryFilter"]);
  });

  it("pages with $top and a $skip nextLink", async () => {
    const h = harness();
    for (const n of [1, 2, 3]) await h.call("POST", folders, { displayName: `F${n}` });
    const first = await h.call("GET", `${folders}?$top=2`);
    expect((first.json["value"] as unknown[]).length).toBe(2);
    const second = await h.call("GET", relative(first.json["@odata.nextLink"]));
    expect((second.json["value"] as Array<{ displayName: string }>).map((f) => f.displayName)).toEqual(["F3"]);
    expect(second.json["@odata.nextLink"]).toBeUndefined();
  });

  it("gets a folder by id, and 404 ErrorItemNotFound for an unknown id", async () => {
    const h = harness();
    const created = await h.call("POST", folders, { displayName: "Colleagues" });
    expect((await h.call("GET", `${folders}/${String(created.json["id"])}`)).json["displayName"]).toBe("Colleagues");
    const missing = await h.call("GET", `${folders}/AAMkADnope`);
    expect([missing.status, errorCode(missing)]).toEqual([404, "ErrorItemNotFound"]);
  });

  it.each([
    ["DELETE", "", true],
    ["POST", "/permanentDelete", false],
  ])("%s%s removes the folder with its contacts (Deleted Items: %s)", async (method, suffix, toDeletedItems) => {
    const h = harness();
    const folder = await h.call("POST", folders, { displayName: "Colleagues" });
    const fid = String(folder.json["id"]);
    const contact = await h.call("POST", `${folders}/${fid}/contacts`, { givenName: "Ann" });
    expect((await h.call(method, `${folders}/${fid}${suffix}`)).status).toBe(204);
    expect((await h.call("GET", `${folders}/${fid}`)).status).toBe(404);
    expect((await h.call("GET", `/users/${adele.id}/contacts/${String(contact.json["id"])}`)).status).toBe(404);
    expect(h.store.get(adele.id)!.deletedFolders.has(fid)).toBe(toDeletedItems);
  });

  it.each([
    ["a new name", { displayName: "Colleagues (old)" }, 200, undefined, "Colleagues (old)"],
    ["a sibling's name", { displayName: "friends" }, 409, "ErrorFolderExists", "Colleagues"],
    ["no name", { displayName: " " }, 400, "ErrorInvalidRequest", "Colleagues"],
    ["a move (parentFolderId), which the embedded tenant does not serve", { parentFolderId: "AAMkADx" }, 400, "ErrorInvalidRequest", "Colleagues"],
  ])("PATCH renames a folder: %s → %i %s", async (_n, body, status, code, nameAfter) => {
    const h = harness();
    await h.call("POST", folders, { displayName: "Friends" });
    const fid = String((await h.call("POST", folders, { displayName: "Colleagues" })).json["id"]);
    const contact = await h.call("POST", `${folders}/${fid}/contacts`, { givenName: "Ann" });
    const res = await h.call("PATCH", `${folders}/${fid}`, body);
    expect([res.status, errorCode(res)]).toEqual([status, code]);
    expect((await h.call("GET", `${folders}/${fid}`)).json["displayName"]).toBe(nameAfter);
    // Same folder, same id: its contacts stay where they are.
    expect((await h.call("GET", `${folders}/${fid}/contacts/${String(contact.json["id"])}`)).status).toBe(200);
  });

  it("refuses to delete the default Contacts folder", async () => {
    const h = harness();
    await h.call("GET", `/users/${adele.id}/contacts`);
    const res = await h.call("DELETE", `${folders}/${h.store.get(adele.id)!.contactsId}`);
    expect([res.status, errorCode(res)]).toEqual([400, "ErrorDeleteDistinguishedFolder"]);
  });
});

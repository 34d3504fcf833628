import { describe, expect, it } from "vitest";
import { USERS, errorCode, harness, relative, type Harness } from "./mailbox-harness";

const adele = USERS["adele"]!;
const contacts = `/users/${adele.id}/contacts`;
const MARKER = "Com.Cync.Owner";

/** A contact as cync writes it: fields plus the ownership marker inline. */
const pavel = {
  givenName: "Pavel",
  surname: "Bansky",
  emailAddresses: [{ address: "pavelb@contoso.com", name: "Pavel Bansky" }],
  businessPhones: ["+1 732 555 0102"],
  extensions: [{ "@odata.type": "microsoft.graph.openTypeExtension", extensionName: MARKER, policy: "staff", hash: "abc", at: "2026-01-01T00:00:00.000Z" }],
};

async function createPavel(h: Harness, url = contacts): Promise<string> {
  const res = await h.call("POST", url, pavel);
  expect(res.status).toBe(201);
  return String(res.json["id"]);
}

describe("contacts: create", () => {
  it("answers 201 with the full contact, a generated displayName, changeKey and etag", async () => {
    const res = await harness().call("POST", contacts, pavel);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      displayName: "Pavel Bansky",
      givenName: "Pavel",
      middleName: null,
      homePhones: [],
      homeAddress: {},
      businessPhones: ["+1 732 555 0102"],
    });
    expect(res.json["@odata.etag"]).toBe(`W/"${String(res.json["changeKey"])}"`);
    expect(res.json["createdDateTime"]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it("returns the inline extension with the create-form id", async () => {
    const res = await harness().call("POST", contacts, pavel);
    expect(res.json["extensions"]).toEqual([
      expect.objectContaining({
        "@odata.type": "#microsoft.graph.openTypeExtension",
        id: `microsoft.graph.openTypeExtension.${MARKER}`,
        extensionName: MARKER,
        policy: "staff",
        at: "2026-01-01T00:00:00.000Z",
      }),
    ]);
  });

  it("keeps a given displayName", async () => {
    const res = await harness().call("POST", contacts, { givenName: "Pavel", displayName: "P. B." });
    expect(res.json["displayName"]).toBe("P. B.");
  });

  it.each([
    ["4 email addresses", { emailAddresses: [1, 2, 3, 4].map((n) => ({ address: `a${n}@x.test` })) }, "ErrorInvalidArgument", "The multi value property EmailAddresses has 4 entries, that exceeds the max allowed value of 3"],
    ["3 business phones", { businessPhones: ["1", "2", "3"] }, "ErrorInvalidArgument", "The multi value property BusinessPhones has 3 entries, that exceeds the max allowed value of 2"],
    ["3 home phones", { homePhones: ["1", "2", "3"] }, "ErrorInvalidArgument", "The multi value property HomePhones has 3 entries, that exceeds the max allowed value of 2"],
    ["an unknown property", { nickname: "x" }, "RequestBodyRead", expect.stringContaining("'nickname' does not exist on type 'microsoft.graph.contact'")],
    ["a number for a string", { jobTitle: 7 }, "RequestBodyRead", expect.stringContaining("Edm.String")],
    ["an over-long string", { companyName: "x".repeat(256) }, "ErrorInvalidProperty", expect.stringContaining("255")],
    ["an unknown address field", { businessAddress: { zip: "1" } }, "RequestBodyRead", expect.stringContaining("microsoft.graph.physicalAddress")],
    ["a bad birthday", { birthday: "soon" }, "RequestBodyRead", expect.stringContaining("Edm.DateTimeOffset")],
    ["a nested extension value", { extensions: [{ extensionName: "Com.X", deep: { a: 1 } }] }, "ErrorInvalidRequest", expect.stringContaining("primitive")],
    ["a reserved extension name", { extensions: [{ extensionName: "Com.Microsoft.X" }] }, "ErrorInvalidRequest", expect.stringContaining("reserved")],
  ])("refuses %s with 400", async (_name, body, code, message) => {
    const res = await harness().call("POST", contacts, { givenName: "A", ...body });
    expect(res.status).toBe(400);
    expect(res.json["error"]).toMatchObject({ code, message });
  });

  it.each([
    ["NUL in a name", { displayName: "A\u0000B" }, "displayName"],
    ["a C0 control in a job title", { jobTitle: "Boss\u001f" }, "jobTitle"],
    ["U+FFFE in a department", { department: "\ufffeR&D" }, "department"],
    ["U+FFFF in a phone", { businessPhones: ["+1\uffff"] }, "businessPhones"],
    ["a lone high surrogate in a surname", { surname: "Li\ud83d" }, "surname"],
    ["a lone low surrogate in an address's name", { emailAddresses: [{ address: "a@x.test", name: "\ude00A" }] }, "emailAddresses.name"],
    ["a control character in a street", { businessAddress: { street: "1\u0008 Way" } }, "businessAddress.street"],
  ])("refuses %s: a character XML 1.0 cannot carry (400)", async (_name, body, property) => {
    const res = await harness().call("POST", contacts, { givenName: "A", ...body });
    expect(res.status).toBe(400);
    expect(res.json["error"]).toMatchObject({ code: "ErrorInvalidProperty", message: `The property '${property}' contains a character that is not valid.` });
  });

  it.each([
    ["tab, line feed and carriage return", { personalNotes: "a\tb\r\nc" }],
    ["DEL and C1 controls (XML 1.0 allows them)", { jobTitle: "a\u007fb\u0085" }],
    ["emoji, a joined sequence and a flag", { displayName: "😀 👩\u200d💻 🇫🇷" }],
    ["right-to-left text with direction marks", { displayName: "\u200fשלום עולם" }],
    ["a zero-width space", { nickName: "\u200b" }],
  ])("accepts %s", async (_name, body) => {
    const res = await harness().call("POST", contacts, { givenName: "A", ...body });
    expect(res.status).toBe(201);
  });

  it("checks text against a stricter limit when the tenant is given one, on create and update", async () => {
    const h = harness(undefined, undefined, { textLength: 64 });
    expect((await h.call("POST", contacts, { givenName: "x".repeat(64) })).status).toBe(201);
    const refused = await h.call("POST", contacts, { givenName: "x".repeat(65) });
    expect([refused.status, refused.json["error"]]).toEqual([400, expect.objectContaining({ code: "ErrorInvalidProperty", message: expect.stringContaining("64") })]);
    const id = await createPavel(h);
    expect((await h.call("PATCH", `${contacts}/${id}`, { emailAddresses: [{ address: "p@x.test", name: "n".repeat(65) }] })).status).toBe(400);
  });

  it("accepts the documented limits exactly", async () => {
    const res = await harness().call("POST", contacts, {
      emailAddresses: [1, 2, 3].map((n) => ({ address: `a${n}@x.test` })),
      businessPhones: ["1", "2"],
      homePhones: ["3", "4"],
      companyName: "x".repeat(255),
    });
    expect(res.status).toBe(201);
  });

  it("creates in a folder, which the contact reports as parentFolderId", async () => {
    const h = harness();
    const folder = await h.call("POST", `/users/${adele.id}/contactFolders`, { displayName: "Colleagues" });
    const res = await h.call("POST", `/users/${adele.id}/contactFolders/${String(folder.json["id"])}/contacts`, { givenName: "A", parentFolderId: "ignored" });
    expect(res.json["parentFolderId"]).toBe(folder.json["id"]);
  });
});

describe("contacts: read, update, delete", () => {
  it.each([
    ["the default-folder form", (id: string) => `${contacts}/${id}`],
    ["the folder form", (id: string, folder: string) => `/users/${adele.id}/contactFolders/${folder}/contacts/${id}`],
  ])("gets a contact by %s", async (_n, url) => {
    const h = harness();
    const id = await createPavel(h);
    const res = await h.call("GET", url(id, h.store.get(adele.id)!.contactsId));
    expect([res.status, res.json["displayName"]]).toEqual([200, "Pavel Bansky"]);
  });

  it("answers 404 for a contact addressed through another folder", async () => {
    const h = harness();
    const id = await createPavel(h);
    const other = await h.call("POST", `/users/${adele.id}/contactFolders`, { displayName: "Other" });
    const res = await h.call("GET", `/users/${adele.id}/contactFolders/${String(other.json["id"])}/contacts/${id}`);
    expect([res.status, errorCode(res)]).toEqual([404, "ErrorItemNotFound"]);
  });

  it("honours $select (id and etag always)", async () => {
    const h = harness();
    const id = await createPavel(h);
    const res = await h.call("GET", `${contacts}/${id}?$select=displayName,businessPhones`);
    expect(Object.keys(res.json).sort()).toEqual(["@odata.context", "@odata.etag", "businessPhones", "displayName", "id"]);
  });

  it("refuses an unknown $select property", async () => {
    const h = harness();
    const id = await createPavel(h);
    const res = await h.call("GET", `${contacts}/${id}?$select=nope`);
    expect([res.status, errorCode(res)]).toEqual([400, "RequestBroker--ParseUri"]);
  });

  it("PATCH changes fields, replaces collections, bumps changeKey and etag", async () => {
    const h = harness();
    const id = await createPavel(h);
    const before = await h.call("GET", `${contacts}/${id}`);
    h.clock.advance(5000);
    const res = await h.call("PATCH", `${contacts}/${id}`, { jobTitle: "CTO", businessPhones: ["+1 1"], displayName: "Pavel B." });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ jobTitle: "CTO", businessPhones: ["+1 1"], displayName: "Pavel B.", givenName: "Pavel" });
    expect(res.json["changeKey"]).not.toBe(before.json["changeKey"]);
    expect(res.json["@odata.etag"]).not.toBe(before.json["@odata.etag"]);
    expect(res.json["lastModifiedDateTime"]).not.toBe(before.json["lastModifiedDateTime"]);
    expect(res.json["createdDateTime"]).toBe(before.json["createdDateTime"]);
  });

  it.each([
    [{ givenName: "Paul" }, "Paul Bansky"],
    [{ surname: "B" }, "Pavel B"],
    [{ givenName: "Paul", displayName: "Kept" }, "Kept"],
    [{ jobTitle: "CTO" }, "Pavel Bansky"],
  ])("PATCH %j regenerates displayName only from changed name parts → %s", async (patch, displayName) => {
    const h = harness();
    const id = await createPavel(h);
    expect((await h.call("PATCH", `${contacts}/${id}`, patch)).json["displayName"]).toBe(displayName);
  });

  it.each([
    ["DELETE", "", true],
    ["POST", "/permanentDelete", false],
  ])("%s%s → 204, gone (Deleted Items: %s)", async (method, suffix, inDeletedItems) => {
    const h = harness();
    const id = await createPavel(h);
    expect((await h.call(method, `${contacts}/${id}${suffix}`)).status).toBe(204);
    expect((await h.call("GET", `${contacts}/${id}`)).status).toBe(404);
    expect(h.store.get(adele.id)!.deletedContacts.has(id)).toBe(inDeletedItems);
  });
});

describe("contacts: list", () => {
  it("pages with $top and $skip nextLinks (default page 10)", async () => {
    const h = harness();
    for (let i = 0; i < 12; i++) await h.call("POST", contacts, { givenName: `G${i}` });
    const first = await h.call("GET", contacts);
    expect((first.json["value"] as unknown[]).length).toBe(10);
    const next = await h.call("GET", relative(first.json["@odata.nextLink"]));
    expect((next.json["value"] as unknown[]).length).toBe(2);
    expect(next.json["@odata.nextLink"]).toBeUndefined();
  });

  it.each(["0", "1001", "x"])("refuses $top=%s", async (top) => {
    const res = await harness().call("GET", `${contacts}?$top=${top}`);
    expect(res.status).toBe(400);
  });

  it("filters by extension and expands it with the read-form id", async () => {
    const h = harness();
    await createPavel(h);
    await h.call("POST", contacts, { givenName: "Own" });
    const q = `$filter=${encodeURIComponent(`Extensions/any(f:f/id eq '${MARKER}')`)}&$expand=${encodeURIComponent(`Extensions($filter=id eq '${MARKER}')`)}`;
    const res = await h.call("GET", `${contacts}?${q}`);
    const value = res.json["value"] as Array<Record<string, unknown>>;
    expect(value.map((c) => c["givenName"])).toEqual(["Pavel"]);
    expect(value[0]!["extensions"]).toEqual([
      expect.objectContaining({ id: `Microsoft.OutlookServices.OpenTypeExtension.${MARKER}`, policy: "staff", at: "2026-01-01T00:00:00Z" }),
    ]);
  });

  it("expands to an empty array on a contact without the extension", async () => {
    const h = harness();
    await h.call("POST", contacts, { givenName: "Own" });
    const res = await h.call("GET", `${contacts}?$expand=${encodeURIComponent(`extensions($filter=id eq '${MARKER}')`)}`);
    expect((res.json["value"] as Array<Record<string, unknown>>)[0]!["extensions"]).toEqual([]);
  });

  it.each([
    ["emailAddresses/any(a:a/address eq 'PAVELB@contoso.com')", 1],
    ["emailAddresses/any(a:a/address eq 'other@contoso.com')", 0],
    ["displayName eq 'Pavel Bansky'", 1],
    ["displayName eq 'Pavel'", 0],
  ])("filters with $filter=%s → %i", async (filter, count) => {
    const h = harness();
    await createPavel(h);
    const res = await h.call("GET", `${contacts}?$filter=${encodeURIComponent(filter)}`);
    expect((res.json["value"] as unknown[]).length).toBe(count);
  });

  it.each([
    ["extensions", 400, "ErrorGraphExtensionExpandRequiresFilter"],
    ["manager", 400, "RequestBroker--ParseUri"],
  ])("refuses $expand=%s", async (expand, status, code) => {
    const res = await harness().call("GET", `${contacts}?$expand=${expand}`);
    expect([res.status, errorCode(res)]).toEqual([status, code]);
  });
});

describe("open extensions on a contact", () => {
  const ext = (id: string, rest = "") => `${contacts}/${id}/extensions${rest}`;

  it("refuses to list the extensions collection (ErrorInvalidRequest)", async () => {
    const h = harness();
    const res = await h.call("GET", ext(await createPavel(h)));
    expect([res.status, errorCode(res)]).toEqual([400, "ErrorInvalidRequest"]);
    expect((res.json["error"] as { message: string }).message).toBe("The OData request is not supported.");
  });

  it.each([MARKER, `Microsoft.OutlookServices.OpenTypeExtension.${MARKER}`, `microsoft.graph.openTypeExtension.${MARKER}`])(
    "gets the extension by %s",
    async (key) => {
      const h = harness();
      const res = await h.call("GET", ext(await createPavel(h), `/${key}`));
      expect(res.json).toMatchObject({ id: `Microsoft.OutlookServices.OpenTypeExtension.${MARKER}`, extensionName: MARKER, hash: "abc" });
    },
  );

  it("PATCH replaces the extension: properties not sent are deleted; the contact changes", async () => {
    const h = harness();
    const id = await createPavel(h);
    const before = await h.call("GET", `${contacts}/${id}`);
    const res = await h.call("PATCH", ext(id, `/${MARKER}`), { "@odata.type": "microsoft.graph.openTypeExtension", policy: "staff", hash: "def" });
    expect(res.status).toBe(200);
    const read = await h.call("GET", ext(id, `/${MARKER}`));
    expect(read.json).toMatchObject({ policy: "staff", hash: "def" });
    expect(read.json["at"]).toBeUndefined();
    expect((await h.call("GET", `${contacts}/${id}`)).json["changeKey"]).not.toBe(before.json["changeKey"]);
  });

  it("POST adds an extension to an existing contact (201, create-form id); a second one of that name is 409", async () => {
    const h = harness();
    const id = String((await h.call("POST", contacts, { givenName: "A" })).json["id"]);
    const body = { "@odata.type": "microsoft.graph.openTypeExtension", extensionName: MARKER, policy: "p" };
    const res = await h.call("POST", ext(id), body);
    expect([res.status, res.json["id"]]).toEqual([201, `microsoft.graph.openTypeExtension.${MARKER}`]);
    expect((await h.call("POST", ext(id), body)).status).toBe(409);
  });

  it("DELETE removes it (then 404)", async () => {
    const h = harness();
    const id = await createPavel(h);
    expect((await h.call("DELETE", ext(id, `/${MARKER}`))).status).toBe(204);
    expect((await h.call("GET", ext(id, `/${MARKER}`))).status).toBe(404);
  });
});

describe("contact photos", () => {
  it("stores a JPEG with PUT and returns the same bytes", async () => {
    const h = harness();
    const id = await createPavel(h);
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    expect((await h.call("GET", `${contacts}/${id}/photo/$value`)).status).toBe(404);
    expect((await h.call("PUT", `${contacts}/${id}/photo/$value`, bytes, { "Content-Type": "image/jpeg" })).status).toBe(200);
    const res = await h.call("GET", `${contacts}/${id}/photo/$value`);
    expect([res.status, res.headers?.["content-type"], res.body]).toEqual([200, "image/jpeg", bytes]);
  });

  it("refuses a non-image upload", async () => {
    const h = harness();
    const id = await createPavel(h);
    expect((await h.call("PUT", `${contacts}/${id}/photo/$value`, { a: 1 }, { "Content-Type": "application/json" })).status).toBe(400);
  });
});

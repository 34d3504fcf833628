/**
 * Faithfulness, mailbox side: for every contact, contact-folder, contacts-delta, open-extension,
 * batch, throttling and Outlook-error example in fixtures/graph/, the documented request sent over
 * HTTPS yields the fixture's status, keys, annotations and value types
 * (packages/simulator/src/testing/fixture-shape.ts). Then Microsoft's own Graph client creates a folder, a contact
 * with an extension and sends a `$batch` against the simulator.
 *
 * Where Microsoft's example is not the exact shape the service returns, the adaptation is explicit
 * and cites the fixture's own notes:
 * - "shortened" examples (contact-create, contact-list): the keys the example shows are compared
 *   (projection), and the full representation is compared against contact-update.json;
 * - examples without `@odata.context` / `@odata.etag` that note they were shortened: those two
 *   annotations are set aside before comparing;
 * - message examples (inline extension, $expand list, delta removal) are adapted to contacts:
 *   the message properties are replaced by the contact representation, annotations kept;
 * - statuses the doc example gets wrong or does not give (noted in the fixture) are overridden.
 */
import { Client } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";
import { beforeAll, describe, expect, it } from "vitest";
import { expectFixtureShape, loadFixture, type Fixture } from "../src/testing";
import { withSimulator, type HttpAnswer, type TestSimulator } from "../src/testing";

const sim = withSimulator({ users: 20, seed: 3 });
/** A second tenant with tight limits, for the throttling fixtures. */
const tight = withSimulator({
  users: 10,
  seed: 4,
  timeScale: 60,
  // 200 requests per simulated 10 minutes (10 real seconds); Exchange's 4 slots held 6 simulated seconds (0.1 real).
  throttle: { appRequests: 200, appWindowSeconds: 600, mailboxServiceMs: 6_000 },
});

type Body = Record<string, unknown>;
const REFERRAL = "Com.Contoso.Referral";

/** The fixture's request path below /v1.0, `/me` replaced by an app-only `/users/{id}`. */
function pathOf(f: Fixture, user: string, ids: Record<string, string> = {}): string {
  let path = decodeURI(f.request!.url.replace("https://graph.microsoft.com/v1.0", "")).replace(/^\/me\b/, `/users/${user}`);
  path = path.replace(/^\/users\/\{usersId\}/, `/users/${user}`);
  for (const [placeholder, value] of Object.entries(ids)) path = path.split(placeholder).join(value);
  return path;
}

/** Users of the generated tenant by mailbox: each test group works in its own mailbox. */
function mailboxUsers(s: TestSimulator): string[] {
  return s.handle.directory.userIds.filter((id) => s.handle.directory.resolveUser(id)?.mailboxKind === "user");
}

const without = (body: unknown, ...keys: string[]): Body => Object.fromEntries(Object.entries(body as Body).filter(([k]) => !keys.includes(k)));
const project = (body: unknown, keys: string[]): Body => Object.fromEntries(Object.entries(body as Body).filter(([k]) => keys.includes(k)));
const withStatus = (f: Fixture, status: number, body: unknown = f.response.body): Fixture => ({ ...f, response: { ...f.response, status, body } });

/** The full contact representation Microsoft documents (contact-update.json response). */
const fullContact = (): Body => loadFixture("contact-update").response.body as Body;

/** A contact holding every multi-valued and address property the full representation shows. */
function fullContactBody(): Body {
  const writable = without(fullContact(), "id", "createdDateTime", "lastModifiedDateTime", "changeKey", "parentFolderId");
  return { ...writable, homeAddress: { street: "1 Home St", city: "Seattle", state: "WA", postalCode: "98121" } };
}

/** The full representation's keys and scalar types, any collection or address content. */
const anyContact = (): Body =>
  Object.fromEntries(Object.entries(fullContact()).map(([k, v]) => [k, Array.isArray(v) ? [] : typeof v === "object" && v !== null ? null : v]));

/** Compare a "shortened" example on the keys it shows, and the answer against the full representation. */
function expectShortenedContact(answer: Body, example: Body): void {
  expectFixtureShape({ status: 0, body: project(answer, Object.keys(example)) }, withStatus(loadFixture("contact-list"), 0, example));
  expectFixtureShape({ status: 0, body: without(answer, "@odata.context", "@odata.etag") }, withStatus(loadFixture("contact-update"), 0, anyContact()));
}

async function ok(answer: Promise<HttpAnswer>, status = 200): Promise<HttpAnswer> {
  const res = await answer;
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res;
}

describe("contact folders", () => {
  let user = "";
  beforeAll(() => {
    user = mailboxUsers(sim)[0]!;
  });

  it("contactfolder-create: POST /users/{id}/contactFolders → 201", async () => {
    const f = loadFixture("contactfolder-create");
    const res = await sim.graph("POST", pathOf(f, user), { body: f.request!.body });
    expectFixtureShape({ status: res.status, body: without(res.body, "@odata.context") }, f);
  });

  it("contactfolder-create-child: POST …/childFolders → 201 (the doc text; its example shows 200)", async () => {
    const f = loadFixture("contactfolder-create-child");
    const parent = await ok(sim.graph("POST", `/users/${user}/contactFolders`, { body: { displayName: "Parent" } }), 201);
    const res = await sim.graph("POST", pathOf(f, user, { "{id}": parent.body.id as string }), { body: f.request!.body });
    expectFixtureShape({ status: res.status, body: without(res.body, "@odata.context") }, withStatus(f, 201));
  });

  it("contactfolder-list: GET /users/{id}/contactFolders", async () => {
    const f = loadFixture("contactfolder-list");
    const res = await sim.graph("GET", pathOf(f, user));
    expectFixtureShape({ status: res.status, body: without(res.body, "@odata.context") }, f);
  });

  it.each(["contactfolder-delete", "contactfolder-permanentdelete"])("%s → 204", async (name) => {
    const f = loadFixture(name);
    const folder = await ok(sim.graph("POST", `/users/${user}/contactFolders`, { body: { displayName: name } }), 201);
    const res = await sim.graph(f.request!.method, pathOf(f, user, { "{id}": folder.body.id as string, "{contactFolderId}": folder.body.id as string }));
    expectFixtureShape(res, f);
  });
});

describe("contacts", () => {
  let user = "";
  beforeAll(() => {
    user = mailboxUsers(sim)[1]!;
  });

  it("contact-create: POST /users/{id}/contacts → 201, displayName generated (shortened example)", async () => {
    const f = loadFixture("contact-create");
    const res = await sim.graph("POST", pathOf(f, user), { body: f.request!.body });
    expect(res.status).toBe(201);
    expectShortenedContact(res.body, f.response.body as Body);
    expect(res.body.displayName).toBe("Pavel Bansky");
  });

  it("contact-create-in-folder: POST …/contactFolders/{id}/contacts → 201 (doc text; placeholder birthday made a date)", async () => {
    const f = loadFixture("contact-create-in-folder");
    const folder = await ok(sim.graph("POST", `/users/${user}/contactFolders`, { body: { displayName: "In folder" } }), 201);
    const body = { ...(f.request!.body as Body), birthday: "1980-01-01T00:00:00Z" };
    const res = await sim.graph("POST", pathOf(f, user, { "{id}": folder.body.id as string }), { body });
    expect(res.status).toBe(201);
    expectShortenedContact(res.body, f.response.body as Body);
    expect(res.body.parentFolderId).toBe(folder.body.id);
  });

  it("contact-list: GET /users/{id}/contacts (shortened example)", async () => {
    const f = loadFixture("contact-list");
    const res = await ok(sim.graph("GET", pathOf(f, user)));
    expect(Object.keys(res.body).sort()).toEqual(["@odata.context", "value"]);
    for (const item of res.body.value as Body[]) expectShortenedContact(item, (f.response.body as { value: Body[] }).value[0]!);
  });

  it("contact-update: PATCH → 200 with the full representation", async () => {
    const f = loadFixture("contact-update");
    const created = await ok(sim.graph("POST", `/users/${user}/contacts`, { body: fullContactBody() }), 201);
    const res = await sim.graph("PATCH", pathOf(f, user, { "{id}": created.body.id as string }), { body: f.request!.body });
    expectFixtureShape({ status: res.status, body: without(res.body, "@odata.context", "@odata.etag") }, f);
    expect(res.body.changeKey).not.toBe(created.body.changeKey);
  });

  it.each(["contact-delete", "contact-permanentdelete"])("%s → 204", async (name) => {
    const f = loadFixture(name);
    const created = await ok(sim.graph("POST", `/users/${user}/contacts`, { body: { givenName: "Short", surname: "Lived" } }), 201);
    const id = created.body.id as string;
    expectFixtureShape(await sim.graph(f.request!.method, pathOf(f, user, { "{id}": id, "{contactId}": id })), f);
    expect((await sim.graph("GET", `/users/${user}/contacts/${id}`)).status).toBe(404);
  });
});

describe("open extensions on contacts", () => {
  let user = "";
  let contact = "";
  beforeAll(async () => {
    user = mailboxUsers(sim)[2]!;
    contact = (await ok(sim.graph("POST", `/users/${user}/contacts`, { body: fullContactBody() }), 201)).body.id as string;
  });
  /** A message-item fixture URL made a contact URL. */
  const onContact = (f: Fixture) => pathOf(f, user).replace(/\/messages\/[^/]+/, `/contacts/${contact}`);

  it("open-extension-create-on-existing-item: POST …/contacts/{id}/extensions → 201, create-form id", async () => {
    const f = loadFixture("open-extension-create-on-existing-item");
    const res = await sim.graph("POST", onContact(f), { body: f.request!.body });
    expectFixtureShape(res, f);
    expect(res.body.id).toBe(`microsoft.graph.openTypeExtension.${REFERRAL}`);
  });

  it("open-extension-get-by-name: read-form id, zero fraction dropped from dates", async () => {
    const f = loadFixture("open-extension-get-by-name");
    const res = await sim.graph("GET", onContact(f));
    expectFixtureShape(res, f);
    expect(res.body).toMatchObject({ id: `Microsoft.OutlookServices.OpenTypeExtension.${REFERRAL}`, expirationDate: "2015-12-03T10:00:00Z" });
  });

  it("items-list-filter-expand-extensions (adapted to contacts): $filter=Extensions/any + $expand", async () => {
    const f = loadFixture("items-list-filter-expand-extensions");
    const message = (f.response.body as { value: Body[] }).value[0]!;
    const item = { "@odata.id": message["@odata.id"], "@odata.etag": message["@odata.etag"], ...fullContact(), extensions: message["extensions"] };
    const res = await sim.graph("GET", pathOf(f, user).replace("/messages?", "/contacts?"));
    expectFixtureShape(res, withStatus(f, 200, { ...(f.response.body as Body), value: [item] }));
    expect((res.body.value as Body[]).map((c) => c["id"])).toEqual([contact]);
  });

  it("open-extension-update: PATCH replaces the extension → 200", async () => {
    const f = loadFixture("open-extension-update");
    const res = await sim.graph("PATCH", onContact(f), { body: f.request!.body });
    expectFixtureShape(res, f);
  });

  it("error-extensions-list-not-supported: listing an item's extensions (status not captured; 400)", async () => {
    const f = loadFixture("error-extensions-list-not-supported");
    const res = await sim.graph("GET", pathOf(f, user, { "{contact-id}": contact }));
    expectFixtureShape(res, withStatus(f, 400));
  });

  it("message-create-with-inline-open-extension (adapted to contacts): 201 expanded with the extension", async () => {
    const f = loadFixture("message-create-with-inline-open-extension");
    const created = f.response.body as Body;
    const expected = { "@odata.context": created["@odata.context"], "@odata.id": created["@odata.id"], "@odata.etag": created["@odata.etag"], ...fullContact(), extensions: created["extensions"] };
    const body = { ...fullContactBody(), extensions: (f.request!.body as Body)["extensions"] };
    const res = await sim.graph("POST", `/users/${user}/contacts`, { body });
    expectFixtureShape(res, withStatus(f, 201, expected));
  });
});

describe("contacts delta", () => {
  let user = "";
  let folder = "";
  let ids: string[] = [];
  let deltaLink = "";
  beforeAll(async () => {
    user = mailboxUsers(sim)[3]!;
    folder = (await ok(sim.graph("POST", `/users/${user}/contactFolders`, { body: { displayName: "Synced" } }), 201)).body.id as string;
    ids = [];
    for (const givenName of ["Ann", "Bob", "Cat"]) {
      ids.push((await ok(sim.graph("POST", `/users/${user}/contactFolders/${folder}/contacts`, { body: { givenName } }), 201)).body.id as string);
    }
  });

  /** A contact delta item with `$select=displayName`: the messages example's annotations, contact fields. */
  const selectedItem = { "@odata.type": "#microsoft.graph.contact", "@odata.etag": 'W/"x"', id: "x", displayName: "x" };

  it("contacts-delta: the documented $select request with odata.maxpagesize=2 pages with a nextLink", async () => {
    const f = loadFixture("contacts-delta");
    const res = await sim.graph("GET", pathOf(f, user, { "{id}": folder }), { headers: f.request!.headers });
    expectFixtureShape({ status: res.status, body: without(res.body, "@odata.context") }, withStatus(f, 200, { ...(f.response.body as Body), value: [selectedItem] }));
    let page = res;
    while (page.body["@odata.nextLink"]) page = await ok(sim.graph("GET", page.body["@odata.nextLink"] as string, { headers: f.request!.headers }));
    deltaLink = page.body["@odata.deltaLink"] as string;
    expect(deltaLink).toContain("$deltatoken=");
  });

  it("messages-delta-next-round-removed (contacts): a change and an @removed entry", async () => {
    const f = loadFixture("messages-delta-next-round-removed");
    await ok(sim.graph("PATCH", `/users/${user}/contacts/${ids[0]!}`, { body: { displayName: "Ann Changed" } }));
    await ok(sim.graph("DELETE", `/users/${user}/contacts/${ids[1]!}`), 204);
    const res = await sim.graph("GET", deltaLink, { headers: f.request!.headers });
    const documented = (f.response.body as { value: Body[] }).value;
    expectFixtureShape(res, withStatus(f, 200, { ...(f.response.body as Body), value: [documented[0], selectedItem] }));
    expect(res.body.value).toEqual([
      expect.objectContaining({ id: ids[0], displayName: "Ann Changed" }),
      { "@odata.type": "#microsoft.graph.contact", id: ids[1], "@removed": { reason: "deleted" } },
    ]);
  });

  it("error-delta-token-expired-outlook-410: an expired token", async () => {
    await ok(sim.control("POST", `/mailboxes/${user}/expireDeltaTokens`), 204);
    expectFixtureShape(await sim.graph("GET", deltaLink), loadFixture("error-delta-token-expired-outlook-410"));
  });
});

describe("Outlook errors", () => {
  it("error-invalid-user-404: contacts of an unknown user", async () => {
    const res = await sim.graph("GET", "/users/4679dbfa-d1b9-45ad-87b5-0eb9e6b80123/contacts");
    expectFixtureShape(res, loadFixture("error-invalid-user-404"));
    expect(res.body.error.code).toBe("ErrorInvalidUser");
  });

  it("error-mailbox-not-enabled-404: contacts of a user without a mailbox", async () => {
    const guest = sim.handle.directory.userIds.find((id) => sim.handle.directory.resolveUser(id)?.mailboxKind === undefined)!;
    const res = await sim.graph("GET", `/users/${guest}/contactFolders`);
    expectFixtureShape(res, loadFixture("error-mailbox-not-enabled-404"));
    expect(res.body.error.code).toBe("MailboxNotEnabledForRESTAPI");
  });

  it("error-application-access-policy-denied: an app scoped to other mailboxes (status not given; 403)", async () => {
    const [allowed, denied] = mailboxUsers(sim).slice(4, 6);
    const appId = sim.apps.planner.clientId;
    await ok(sim.control("PUT", `/apps/${appId}/mailboxScope`, { mailboxes: [allowed] }), 204);
    try {
      const res = await sim.graph("GET", `/users/${denied!}/contacts`, { app: "planner" });
      expectFixtureShape(res, withStatus(loadFixture("error-application-access-policy-denied"), 403));
      expect(res.body.error.code).toBe("ErrorAccessDenied");
      await ok(sim.graph("GET", `/users/${allowed!}/contacts`, { app: "planner" }));
    } finally {
      await sim.control("PUT", `/apps/${appId}/mailboxScope`, { mailboxes: null });
    }
  });
});

describe("$batch and throttling", () => {
  /** Item headers compared by the ones clients read (the documented items carry service-specific extras). */
  const normalise = (body: { responses: Body[] }): Body => ({
    responses: body.responses.map((r) => ({
      ...r,
      headers: project(Object.fromEntries(Object.entries(r["headers"] as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v])), ["content-type", "retry-after"]),
    })),
  });

  it("batch-request-response (contacts): a 200 envelope with per-item status, headers and body; 429 items carry Retry-After", async () => {
    const f = loadFixture("batch-request-response");
    const [user, other] = mailboxUsers(tight);
    const requests = [
      ...Array.from({ length: 6 }, (_, i) => ({ id: String(i + 1), method: "POST", url: `/users/${user!}/contacts`, headers: { "Content-Type": "application/json" }, body: { givenName: `G${i}` } })),
      // Another mailbox: its own four slots.
      { id: "7", method: "GET", url: `/users/${other!}/contacts/AAMkADnope` },
    ];
    const res = await tight.graph("POST", "/$batch", { body: { requests }, headers: { "Content-Type": "application/json" } });
    const documented = normalise(f.response.body as { responses: Body[] }).responses as Body[];
    const concurrency = loadFixture("throttled-429-mailbox-concurrency").response.body as { error: Body };
    const shapes = [
      documented[2], // an error item
      { id: "1", status: 201, headers: { "content-type": "x" }, body: { "@odata.context": "x", ...anyContact(), "@odata.etag": "x" } },
      { id: "1", status: 429, headers: { "content-type": "x", "retry-after": "1" }, body: { error: { ...concurrency.error, innerError: {} } } },
    ];
    expectFixtureShape({ status: res.status, body: normalise(res.body) }, withStatus(f, 200, { responses: shapes }));
    const statuses = (res.body.responses as { id: string; status: number }[]).sort((a, b) => Number(a.id) - Number(b.id)).map((r) => r.status);
    expect(statuses).toEqual([201, 201, 201, 201, 429, 429, 404]);
  });

  it("throttled-429-mailbox-concurrency: the 5th concurrent request to a mailbox (the observed body lacks innerError)", async () => {
    const f = loadFixture("throttled-429-mailbox-concurrency");
    const user = mailboxUsers(tight)[2]!;
    const answers = await Promise.all(Array.from({ length: 12 }, () => tight.graph("GET", `/users/${user}/contacts`)));
    const throttled = answers.filter((a) => a.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    const body = f.response.body as { error: Body };
    expectFixtureShape(throttled[0]!, withStatus(f, 429, { error: { ...body.error, innerError: {} } }));
    expect(Number(throttled[0]!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(tight.handle.stats.snapshot().throttled).toBeGreaterThan(0);
  });

  it("throttled-429: over the app's global rate", async () => {
    const f = loadFixture("throttled-429");
    let last: HttpAnswer | undefined;
    // Directory reads: no mailbox service time, only the app's 200 requests per simulated 10 minutes.
    for (let i = 0; i < 400 && last?.status !== 429; i++) last = await tight.graph("GET", "/users?$top=1&$select=id");
    expectFixtureShape(last!, f);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("@microsoft/microsoft-graph-client against the mailbox side", () => {
  let client: Client;
  let user = "";
  beforeAll(() => {
    user = mailboxUsers(sim)[6]!;
    client = Client.initWithMiddleware({
      authProvider: new TokenCredentialAuthenticationProvider(sim.credential("applier"), { scopes: ["https://graph.microsoft.com/.default"] }),
      baseUrl: sim.graphUrl,
      customHosts: new Set([new URL(sim.graphUrl).hostname]),
    });
  });

  it("creates a folder, a contact with an inline extension, reads it back expanded, and sends a $batch", async () => {
    const folder = (await client.api(`/users/${user}/contactFolders`).post({ displayName: "Colleagues" })) as { id: string };
    const marker = { "@odata.type": "microsoft.graph.openTypeExtension", extensionName: "Com.Cync.Owner", policy: "staff", hash: "h1" };
    const created = (await client.api(`/users/${user}/contactFolders/${folder.id}/contacts`).post({ givenName: "Ann", surname: "Lee", extensions: [marker] })) as Body;
    expect(created["extensions"]).toEqual([expect.objectContaining({ id: "microsoft.graph.openTypeExtension.Com.Cync.Owner" })]);
    const read = (await client
      .api(`/users/${user}/contactFolders/${folder.id}/contacts/${created["id"] as string}`)
      .expand("extensions($filter=id eq 'Com.Cync.Owner')")
      .get()) as Body;
    expect(read["extensions"]).toEqual([expect.objectContaining({ id: "Microsoft.OutlookServices.OpenTypeExtension.Com.Cync.Owner", policy: "staff" })]);

    const batch = (await client.api("/$batch").post({
      requests: [
        { id: "a", method: "PATCH", url: `/users/${user}/contacts/${created["id"] as string}`, headers: { "Content-Type": "application/json" }, body: { jobTitle: "CTO" } },
        { id: "b", method: "GET", url: `/users/${user}/contacts/${created["id"] as string}?$select=jobTitle`, dependsOn: ["a"] },
      ],
    })) as { responses: { id: string; status: number; body: Body }[] };
    const byId = new Map(batch.responses.map((r) => [r.id, r]));
    expect(byId.get("a")!.status).toBe(200);
    expect(byId.get("b")!.body["jobTitle"]).toBe("CTO");
  });
});

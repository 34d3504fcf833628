import { describe, expect, it } from "vitest";
import { mapUser, type MapResult } from "../../src/mapping/map-user";
import type { ContactFields } from "../../src/model/contact";
import type { ContactMapping } from "../../src/policy";
import { alice, noName, policyWith } from "./fixtures";

function fields(result: MapResult): ContactFields {
  if (!result.ok) throw new Error(`expected ok, got ${result.reason}`);
  return result.contact.fields;
}
const warningCodes = (result: MapResult): string[] => (result.ok ? result.warnings.map((w) => w.code) : []);

describe("mapUser — default mapping", () => {
  it("makes a good phone contact with E.164 phones and canonical key order", () => {
    const result = mapUser(alice, policyWith({}, "US"));
    expect(JSON.stringify(fields(result))).toBe(
      JSON.stringify({
        givenName: "Alice",
        surname: "Archer",
        displayName: "Alice Archer",
        jobTitle: "Engineer",
        companyName: "Contoso",
        department: "R&D",
        officeLocation: "B40/1234",
        mobilePhone: "+14255550100",
        emailAddresses: [{ address: "alice@contoso.com", name: "Alice Archer" }],
        businessPhones: ["+14255550111;ext=123"],
        businessAddress: { street: "1 Microsoft Way", city: "Redmond", state: "WA", postalCode: "98052", countryOrRegion: "United States" },
      }),
    );
    expect(warningCodes(result)).toEqual([]);
  });

  it("is deterministic: same input, byte-identical body and hash, whatever the user's key order", () => {
    const reversed = Object.fromEntries(Object.entries(alice).reverse());
    const a = mapUser(alice, policyWith({}, "US"));
    const b = mapUser(reversed, policyWith({}, "US"));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});

describe("mapUser — expressions", () => {
  it.each<[string, ContactMapping, ContactFields]>([
    ["constant", { companyName: { constant: "Contoso Ltd" } }, { companyName: "Contoso Ltd" }],
    ["bare string is a template", { nickName: "{givenName} from {department}" }, { nickName: "Alice from R&D" }],
    ["template with a missing attribute renders it empty, spaces collapse", { nickName: "{givenName} {middleName} {surname}" }, { nickName: "Alice Archer" }],
    ["template object with transform", { nickName: { template: "{surname}, {givenName}", transform: ["uppercase"] } }, { nickName: "ARCHER, ALICE" }],
    ["dotted attribute", { profession: { attribute: "onPremisesExtensionAttributes.extensionAttribute1" } }, { profession: "EMP-042" }],
    ["dotted attribute that is null", { profession: { attribute: "onPremisesExtensionAttributes.extensionAttribute2" } }, {}],
    ["multi-valued attribute in a single field takes the first", { title: { attribute: "proxyAddresses" } }, { title: "SMTP:alice@contoso.com" }],
    ["firstOf skips empty alternatives", { manager: { firstOf: [{ attribute: "employeeHireDate" }, { attribute: "nope" }, { constant: "n/a" }] } }, { manager: "n/a" }],
    ["firstOf with nothing yields nothing", { manager: { firstOf: [{ attribute: "employeeHireDate" }] } }, {}],
    ["transform chain", { initials: { constant: "  ab cd  ", transform: ["trim", "uppercase", { truncate: 4 }] } }, { initials: "AB C" }],
    ["lowercase", { nickName: { attribute: "givenName", transform: ["lowercase"] } }, { nickName: "alice" }],
    ["titlecase", { nickName: { constant: "mary-jane o'neil VAN dyke", transform: ["titlecase"] } }, { nickName: "Mary-Jane O'Neil Van Dyke" }],
    ["truncate never splits an emoji", { nickName: { constant: "ab😀cd", transform: [{ truncate: 3 }] } }, { nickName: "ab😀" }],
    ["a list field takes every value of a multi-valued attribute", { imAddresses: [{ attribute: "proxyAddresses", transform: ["lowercase"] }] }, { imAddresses: ["smtp:alice@contoso.com", "smtp:a.archer@contoso.com"] }],
    ["a list drops duplicates", { categories: [{ constant: "Staff" }, { constant: "Staff" }, { attribute: "department" }] }, { categories: ["Staff", "R&D"] }],
    ["phone with a per-transform region", { homePhones: [{ constant: "020 7946 0958", transform: [{ phone: { defaultRegion: "GB" } }] }] }, { homePhones: ["+442079460958"] }],
    ["number as text", { nickName: { attribute: "accountEnabled" } }, { nickName: "true" }],
  ])("%s", (_name, mapping, expected) => {
    const defaults = fields(mapUser(alice, policyWith({}, "US")));
    expect(fields(mapUser(alice, policyWith(mapping, "US")))).toEqual({ ...defaults, ...expected });
  });

  it("`null` in the mapping empties a default field", () => {
    const f = fields(mapUser(alice, policyWith({ jobTitle: null, businessAddress: null, businessPhones: null })));
    expect([f.jobTitle, f.businessAddress, f.businessPhones]).toEqual([undefined, undefined, undefined]);
  });
});

describe("mapUser — what Exchange accepts", () => {
  const manyMails = { ...alice, otherMails: ["b@x.com", "B@X.COM", "c@x.com", "d@x.com"] };
  const manyPhones = { ...alice, businessPhones: ["+14255550101", "+14255550102", "+14255550103"] };

  it.each<[string, ContactMapping, Record<string, unknown>, Partial<ContactFields>, string[]]>([
    [
      "more than 3 addresses: keep the first 3, after dropping case-insensitive duplicates",
      { emailAddresses: [{ attribute: "mail" }, { attribute: "otherMails" }] },
      manyMails,
      { emailAddresses: ["alice@contoso.com", "b@x.com", "c@x.com"].map((address) => ({ address, name: "Alice Archer" })) },
      ["too-many-values"],
    ],
    ["more than 2 business phones: keep the first 2", {}, manyPhones, { businessPhones: ["+14255550101", "+14255550102"] }, ["too-many-values"]],
    ["a 300-character job title is truncated to 255", {}, { ...alice, jobTitle: "x".repeat(300) }, { jobTitle: "x".repeat(255) }, ["truncated"]],
    ["an unparseable phone is kept cleaned, with a warning", {}, { ...alice, mobilePhone: "  call   reception " }, { mobilePhone: "call reception" }, ["phone-not-international"]],
    ["without a region a national number stays as written", {}, { ...alice, mobilePhone: "425 555 0100" }, { mobilePhone: "425 555 0100" }, ["phone-not-international"]],
  ])("%s", (_name, mapping, user, expected, warnings) => {
    const result = mapUser(user, policyWith(mapping, user.mobilePhone === "425 555 0100" ? undefined : "US"));
    expect(fields(result)).toMatchObject(expected);
    expect(warningCodes(result)).toEqual(warnings);
  });

  it("warnings name the user and the field, never the value", () => {
    const result = mapUser({ ...alice, mobilePhone: "secret-ish 12" }, policyWith({}, "US"));
    expect(result.ok && result.warnings).toEqual([
      { code: "phone-not-international", message: "mobilePhone: 1 number(s) could not be read as international phone numbers; written as they are", sourceUserId: "u-alice" },
    ]);
  });
});

describe("mapUser — names", () => {
  it.each<[string, Record<string, unknown>, Partial<ContactFields>]>([
    ["no displayName: composed from given name and surname", { id: "u1", givenName: "Bo", surname: "Li" }, { displayName: "Bo Li", givenName: "Bo", surname: "Li" }],
    ["no name parts: the display name is the given name (Exchange once required GivenName)", { id: "u2", displayName: "Reception" }, { displayName: "Reception", givenName: "Reception" }],
    ["surname only: no given name invented (phones would show 'Li Li')", { id: "u3", surname: "Li" }, { displayName: "Li", surname: "Li" }],
  ])("%s", (_name, user, expected) => {
    expect(fields(mapUser(user, policyWith()))).toEqual(expected);
  });

  it.each<[string, Record<string, unknown>, Partial<ContactFields>]>([
    [
      "no name at all: shown by the mail address",
      noName,
      { displayName: "svc@contoso.com", givenName: "svc@contoso.com", emailAddresses: [{ address: "svc@contoso.com", name: "svc@contoso.com" }] },
    ],
    [
      "names of control and zero-width characters only: shown by the mail address",
      { id: "u5", mail: "desk@contoso.com", displayName: "\u0000\u200b", givenName: "\u0007" },
      { displayName: "desk@contoso.com", givenName: "desk@contoso.com" },
    ],
    [
      "a displayName of invisible characters falls back to given name and surname",
      { id: "u6", mail: "bo@contoso.com", displayName: "\u200b\u200e", givenName: "Bo", surname: "Li" },
      { displayName: "Bo Li", givenName: "Bo", surname: "Li" },
    ],
    [
      "given name and surname of 255 each: the composed name is cut to 255",
      { id: "u7", givenName: "g".repeat(255), surname: "s".repeat(255) },
      { displayName: `${"g".repeat(255)}`, givenName: "g".repeat(255), surname: "s".repeat(255) },
    ],
  ])("%s", (_name, user, expected) => {
    expect(fields(mapUser(user, policyWith()))).toMatchObject(expected);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["no name and no mail", { id: "u-x", displayName: null }, "no name and no mail address: displayName, givenName, surname and the mail addresses are all empty"],
    ["whitespace names, an unusable mail", { id: "u4", displayName: "  ", givenName: " ", mail: "n/a" }, "no name and no mail address: displayName, givenName, surname and the mail addresses are all empty"],
    ["no id", { displayName: "X" }, "the user has no object id"],
  ])("rejects a user with %s", (_name, user, reason) => {
    const result = mapUser(user, policyWith());
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toBe(reason);
  });
});

describe("mapUser — adversarial directory data", () => {
  const mails = { emailAddresses: [{ attribute: "mail" }, { attribute: "otherMails" }, { attribute: "proxyAddresses" }] } satisfies ContactMapping;

  it.each<[string, ContactMapping, Record<string, unknown>, Partial<ContactFields>, string[]]>([
    [
      "control characters, U+FFFE and lone surrogates are removed; tab, joiners and right-to-left text stay",
      {},
      { ...alice, displayName: "Al\u0000ice\u0007 \ud800Archer\ufffe", jobTitle: "מהנדסת\tראשית", department: "👩\u200d💻 R&D\udc00" },
      { displayName: "Alice Archer", jobTitle: "מהנדסת\tראשית", department: "👩\u200d💻 R&D" },
      ["invalid-characters", "invalid-characters"],
    ],
    [
      "addresses that are not usable are dropped before the three kept",
      mails,
      { ...alice, mail: "not an address", otherMails: ["x@localhost", "b@x.com", null, "c@x.com"], proxyAddresses: ["SMTP:alice@contoso.com", "d@x.com", "e@x.com"] },
      { emailAddresses: ["b@x.com", "c@x.com", "d@x.com"].map((address) => ({ address, name: "Alice Archer" })) },
      ["invalid-address", "too-many-values"],
    ],
    ["an internationalised address is usable", {}, { ...alice, mail: "jürgen@bücher.example" }, { emailAddresses: [{ address: "jürgen@bücher.example", name: "Alice Archer" }] }, []],
    ["nulls and empty arrays everywhere map to nothing", {}, { id: "u-n", displayName: "N", mail: null, businessPhones: [], otherMails: [], jobTitle: null, city: [] }, { displayName: "N", givenName: "N" }, []],
    [
      "a 1,000-character name is cut to 255",
      {},
      { ...alice, displayName: "n".repeat(1000) },
      { displayName: "n".repeat(255), emailAddresses: [{ address: "alice@contoso.com", name: "n".repeat(255) }] },
      ["truncated"],
    ],
  ])("%s", (_name, mapping, user, expected, warnings) => {
    const result = mapUser(user, policyWith(mapping, "US"));
    expect(fields(result)).toMatchObject(expected);
    expect(warningCodes(result)).toEqual(warnings);
  });

  it("warnings say what was dropped from which field, never the value", () => {
    const result = mapUser({ ...alice, mail: "secret\u0000@nowhere", jobTitle: "Boss\u0001" }, policyWith({}, "US"));
    expect(result.ok && result.warnings.map((w) => w.message)).toEqual([
      "jobTitle: control characters, noncharacters or lone surrogates removed from 1 value(s)",
      "emailAddresses: control characters, noncharacters or lone surrogates removed from 1 value(s)",
      "emailAddresses: 1 value(s) not a usable mail address; dropped",
    ]);
  });
});

describe("mapUser — lengths are UTF-16 units, as Exchange counts", () => {
  it("a name of 200 emoji (400 units) is cut to 127 emoji, with a warning", () => {
    const result = mapUser({ ...alice, jobTitle: "😀".repeat(200) }, policyWith({}, "US"));
    expect(fields(result).jobTitle).toBe("😀".repeat(127));
    expect(warningCodes(result)).toEqual(["truncated"]);
  });

  it.each([
    ["a family emoji (7 units) straddling the limit is dropped whole", `${"a".repeat(250)}👨‍👩‍👧`, "a".repeat(250)],
    ["a flag (4 units) straddling the limit is dropped whole", `${"a".repeat(253)}🇫🇷`, "a".repeat(253)],
    ["an accented letter is not parted from its accent", `${"a".repeat(254)}e\u0301`, "a".repeat(254)],
    ["one letter under 300 combining marks is cut between code points", `e${"\u0301".repeat(300)}`, `e${"\u0301".repeat(254)}`],
  ])("%s", (_name, jobTitle, expected) => {
    expect(fields(mapUser({ ...alice, jobTitle }, policyWith({}, "US"))).jobTitle).toBe(expected);
  });
});

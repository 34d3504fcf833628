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

  it.each<[string, Record<string, unknown>, string]>([
    ["no name at all", noName, "no name: displayName, givenName and surname are all empty"],
    ["whitespace names", { id: "u4", displayName: "  ", givenName: " " }, "no name: displayName, givenName and surname are all empty"],
    ["no id", { displayName: "X" }, "the user has no object id"],
  ])("rejects a user with %s", (_name, user, reason) => {
    const result = mapUser(user, policyWith());
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toBe(reason);
  });
});

describe("mapUser — lengths are UTF-16 units, as Exchange counts", () => {
  it("a name of 200 emoji (400 units) is cut to 127 emoji, with a warning", () => {
    const result = mapUser({ ...alice, jobTitle: "😀".repeat(200) }, policyWith({}, "US"));
    expect(fields(result).jobTitle).toBe("😀".repeat(127));
    expect(warningCodes(result)).toEqual(["truncated"]);
  });
});

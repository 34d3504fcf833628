import { describe, expect, it } from "vitest";
import type { ContactFields } from "../../src/model/contact";
import { changedFields } from "../../src/plan/compare";

describe("changedFields — values Exchange or a phone may normalize compare equal", () => {
  it.each<[string, ContactFields, ContactFields]>([
    ["identical", { displayName: "A" }, { displayName: "A" }],
    ["surrounding whitespace", { jobTitle: " Engineer  " }, { jobTitle: "Engineer" }],
    ["CRLF vs LF in notes", { personalNotes: "a\r\nb" }, { personalNotes: "a\nb" }],
    ["empty list vs absent", { businessPhones: [] }, {}],
    ["empty string vs absent", { department: "" }, {}],
    ["empty address vs absent", { businessAddress: {} }, {}],
    ["email address case", { emailAddresses: [{ address: "Alice@Contoso.com" }] }, { emailAddresses: [{ address: "alice@contoso.com" }] }],
    ["email display name (PATCH may ignore it, docs/graph-behaviour.md#email-display-name-updates)", { emailAddresses: [{ address: "a@x.com", name: "A" }] }, { emailAddresses: [{ address: "a@x.com" }] }],
    ["categories order and case", { categories: ["Staff", "cync"] }, { categories: ["CYNC", "staff"] }],
    ["phone punctuation", { mobilePhone: "+1 (425) 555-0100" }, { mobilePhone: "+14255550100" }],
    ["phone list punctuation", { businessPhones: ["+44 20 7946 0958"] }, { businessPhones: ["+442079460958"] }],
  ])("%s → no change", (_name, current, desired) => {
    expect(changedFields(current, desired)).toEqual([]);
  });

  it.each<[string, ContactFields, ContactFields, string[]]>([
    ["a value", { jobTitle: "A" }, { jobTitle: "B" }, ["jobTitle"]],
    ["a value removed", { jobTitle: "A" }, {}, ["jobTitle"]],
    ["name case", { surname: "smith" }, { surname: "Smith" }, ["surname"]],
    ["email order (Email1 is the primary slot)", { emailAddresses: [{ address: "a@x" }, { address: "b@x" }] }, { emailAddresses: [{ address: "b@x" }, { address: "a@x" }] }, ["emailAddresses"]],
    ["phone order (the first is dialled)", { businessPhones: ["+1", "+2"] }, { businessPhones: ["+2", "+1"] }, ["businessPhones"]],
    ["phone digits", { mobilePhone: "+14255550100" }, { mobilePhone: "+14255550101" }, ["mobilePhone"]],
    ["phone extension", { mobilePhone: "+14255550100" }, { mobilePhone: "+14255550100;ext=12" }, ["mobilePhone"]],
    ["an address part", { businessAddress: { city: "Redmond" } }, { businessAddress: { city: "Seattle" } }, ["businessAddress"]],
    ["several, in canonical order", { surname: "A", givenName: "B", categories: ["x"] }, { givenName: "C" }, ["givenName", "surname", "categories"]],
  ])("%s → changed", (_name, current, desired, expected) => {
    expect(changedFields(current, desired)).toEqual(expected);
  });
});

import { describe, expect, it } from "vitest";
import { CONTACT_FIELDS, type ContactFields } from "../../src/model/contact";
import { contactFieldsFromGraph } from "../../src/model/from-graph";

describe("contactFieldsFromGraph — Graph's empties become absence", () => {
  it.each<[string, Record<string, unknown>, ContactFields]>([
    ["null scalar", { jobTitle: null }, {}],
    ["empty string", { jobTitle: "" }, {}],
    ["whitespace", { jobTitle: "  " }, {}],
    ["kept as written (normalizing is the planner's job)", { jobTitle: " Engineer " }, { jobTitle: " Engineer " }],
    ["non-string scalar", { jobTitle: 5 }, {}],
    ["empty list", { businessPhones: [] }, {}],
    ["null list", { categories: null }, {}],
    ["list with empties", { homePhones: ["", null, "+1"] }, { homePhones: ["+1"] }],
    ["email without address", { emailAddresses: [{ name: "N" }] }, {}],
    ["email with empty name", { emailAddresses: [{ address: "a@x", name: "" }] }, { emailAddresses: [{ address: "a@x" }] }],
    ["address of nulls", { businessAddress: { street: null, city: null, state: null, countryOrRegion: null, postalCode: null } }, {}],
    ["address with one part", { businessAddress: { city: "Oslo", street: "" } }, { businessAddress: { city: "Oslo" } }],
    ["unmanaged properties ignored", { birthday: "2000-01-01", spouseName: "X", homeAddress: { city: "Y" } }, {}],
  ])("%s", (_name, graph, expected) => {
    expect(contactFieldsFromGraph(graph)).toEqual(expected);
  });

  it("reads every managed field", () => {
    const graph = Object.fromEntries(
      CONTACT_FIELDS.map((f) => [f, f === "emailAddresses" ? [{ address: "a@x" }] : f === "businessAddress" ? { city: "c" } : ["businessPhones", "homePhones", "imAddresses", "categories"].includes(f) ? ["v"] : "v"]),
    );
    expect(Object.keys(contactFieldsFromGraph(graph)).sort()).toEqual([...CONTACT_FIELDS].sort());
  });
});

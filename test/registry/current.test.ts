import { describe, expect, it } from "vitest";
import { currentContactFromGraph } from "../../src/registry/current";
import { markerExtension } from "../../src/registry/ownership";

const POLICY = "all-employees";

describe("currentContactFromGraph", () => {
  it("reads id, changeKey, managed fields and ownership; drops nulls, empties and unmanaged properties", () => {
    const graph = {
      "@odata.etag": 'W/"CQAAABYAAAB"',
      id: "c-1",
      changeKey: "CQAAABYAAAB",
      birthday: "1990-01-01T00:00:00Z",
      givenName: "Alice",
      surname: null,
      middleName: "",
      displayName: "Alice",
      jobTitle: "   ",
      emailAddresses: [{ name: "Alice", address: "alice@contoso.com" }, { name: "No address" }, { address: "" }],
      businessPhones: ["+14255550100", ""],
      homePhones: [],
      categories: null,
      businessAddress: { street: null, city: "Redmond", state: "", countryOrRegion: null, postalCode: null },
      extensions: [{ ...markerExtension(POLICY, "u-alice", "h"), id: "Microsoft.OutlookServices.OpenTypeExtension.io.cync.owner" }],
    };
    expect(currentContactFromGraph(graph, POLICY)).toEqual({
      id: "c-1",
      changeKey: "CQAAABYAAAB",
      fields: {
        givenName: "Alice",
        displayName: "Alice",
        emailAddresses: [{ name: "Alice", address: "alice@contoso.com" }],
        businessPhones: ["+14255550100"],
        businessAddress: { city: "Redmond" },
      },
      ownership: { kind: "owned", policy: POLICY, sourceUserId: "u-alice", hash: "h" },
    });
  });

  it.each([
    ["no id", { displayName: "X" }],
    ["numeric id", { id: 5 }],
  ])("ignores an object with %s", (_name, graph) => {
    expect(currentContactFromGraph(graph, POLICY)).toBeUndefined();
  });

  it("a contact without extensions is unmarked and has no changeKey when Graph sent none", () => {
    expect(currentContactFromGraph({ id: "c-2", displayName: "Own contact", businessAddress: {} }, POLICY)).toEqual({
      id: "c-2",
      fields: { displayName: "Own contact" },
      ownership: { kind: "unmarked" },
    });
  });
});

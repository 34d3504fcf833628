import { describe, expect, it } from "vitest";
import { currentContactFromGraph, SEEN_PHOTO } from "../../src/registry/current";
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
      // An owned contact holds the photo its marker says cync wrote: none here.
      photo: null,
    });
  });

  const marked = (photoHash?: string) => ({ extensions: [{ ...markerExtension(POLICY, "u-alice", "h", photoHash), id: "Microsoft.OutlookServices.OpenTypeExtension.io.cync.owner" }] });
  it.each<[string, Record<string, unknown>, string | null | undefined]>([
    ["owned, marker records a photo", marked("p1"), "p1"],
    ["owned, marker records none", marked(), null],
    ["owned, the reader saw another photo on it", { ...marked("p1"), [SEEN_PHOTO]: "p2" }, "p2"],
    ["owned, the reader saw none on it", { ...marked("p1"), [SEEN_PHOTO]: null }, null],
    ["another policy's: not looked at", { extensions: [{ ...markerExtension("sales", "u-alice", "h", "p1"), id: "io.cync.owner" }] }, undefined],
    ["unmarked: not looked at", {}, undefined],
  ])("photo: %s", (_name, graph, expected) => {
    expect(currentContactFromGraph({ id: "c-3", ...graph }, POLICY)?.photo).toBe(expected);
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

import { describe, expect, it } from "vitest";
import { createBody, updateBody } from "../../src/plan/bodies";
import type { ContactUpdate } from "../../src/plan/types";
import { aliceV1, POLICY } from "./fixtures";

describe("createBody", () => {
  it("is the fields plus the marker inline", () => {
    expect(createBody(POLICY, aliceV1)).toEqual({
      ...aliceV1.fields,
      extensions: [
        { "@odata.type": "microsoft.graph.openTypeExtension", extensionName: "io.cync.owner", formatVersion: 1, policy: POLICY, sourceUserId: "u-alice", contentHash: aliceV1.hash },
      ],
    });
  });
});

describe("updateBody", () => {
  const update = (changed: ContactUpdate["changed"], next: ContactUpdate["new"]): ContactUpdate => ({
    contactId: "c",
    sourceUserId: "u",
    old: {},
    new: next,
    changed,
    hash: "h",
  });
  it.each<[string, ContactUpdate, Record<string, unknown>]>([
    ["a changed scalar, displayName always resent", update(["jobTitle"], { displayName: "A", jobTitle: "B" }), { displayName: "A", jobTitle: "B" }],
    ["a cleared scalar is null", update(["jobTitle"], { displayName: "A" }), { displayName: "A", jobTitle: null }],
    ["a cleared list is empty", update(["businessPhones", "emailAddresses"], { displayName: "A" }), { displayName: "A", emailAddresses: [], businessPhones: [] }],
    ["an address is sent whole", update(["businessAddress"], { displayName: "A", businessAddress: { city: "Oslo" } }), {
      displayName: "A",
      businessAddress: { street: null, city: "Oslo", state: null, postalCode: null, countryOrRegion: null },
    }],
  ])("%s", (_name, u, expected) => {
    expect(updateBody(u)).toEqual(expected);
  });
});

import { describe, expect, it } from "vitest";
import { EXTENSION_NAME, expandQuery, markedFilter, markerExtension, readOwnership, type Ownership } from "../../src/registry/ownership";

const POLICY = "all-employees";
const marker = { formatVersion: 1, policy: POLICY, sourceUserId: "u-alice", contentHash: "h1" };
const onRead = (props: Record<string, unknown>) => ({
  "@odata.type": "#microsoft.graph.openTypeExtension",
  id: `Microsoft.OutlookServices.OpenTypeExtension.${EXTENSION_NAME}`,
  extensionName: EXTENSION_NAME,
  ...props,
});
const onCreate = (props: Record<string, unknown>) => ({
  "@odata.type": "#microsoft.graph.openTypeExtension",
  id: `microsoft.graph.openTypeExtension.${EXTENSION_NAME}`,
  extensionName: EXTENSION_NAME,
  ...props,
});

const owned: Ownership = { kind: "owned", policy: POLICY, sourceUserId: "u-alice", hash: "h1" };
const unmarked: Ownership = { kind: "unmarked" };

describe("readOwnership", () => {
  it.each<[string, { extensions?: unknown }, Ownership]>([
    ["marker as read (OutlookServices id)", { extensions: [onRead(marker)] }, owned],
    ["marker as created (microsoft.graph id)", { extensions: [onCreate(marker)] }, owned],
    ["id in other letter case", { extensions: [{ ...onRead(marker), id: `microsoft.outlookservices.opentypeextension.IO.CYNC.OWNER` }] }, owned],
    ["only extensionName, no id", { extensions: [{ extensionName: EXTENSION_NAME, ...marker }] }, owned],
    ["marker among other extensions", { extensions: [onRead({ id: "Microsoft.OutlookServices.OpenTypeExtension.Com.Contoso.X" }), onRead(marker)] }, owned],
    ["other policy", { extensions: [onRead({ ...marker, policy: "sales" })] }, { kind: "foreign", policy: "sales", sourceUserId: "u-alice" }],
    ["no extensions property (a user's own contact)", {}, unmarked],
    ["empty extensions", { extensions: [] }, unmarked],
    ["extensions not an array", { extensions: { id: EXTENSION_NAME } }, unmarked],
    ["another app's extension only", { extensions: [{ id: "Microsoft.OutlookServices.OpenTypeExtension.Com.Contoso.Referral", ...marker }] }, unmarked],
    ["similar but longer name", { extensions: [{ ...onRead(marker), id: `Microsoft.OutlookServices.OpenTypeExtension.${EXTENSION_NAME}.v2` }] }, unmarked],
    ["unknown format version", { extensions: [onRead({ ...marker, formatVersion: 2 })] }, unmarked],
    ["version as string", { extensions: [onRead({ ...marker, formatVersion: "1" })] }, unmarked],
    ["missing policy", { extensions: [onRead({ ...marker, policy: undefined })] }, unmarked],
    ["empty source user id", { extensions: [onRead({ ...marker, sourceUserId: "" })] }, unmarked],
    ["numeric hash", { extensions: [onRead({ ...marker, contentHash: 5 })] }, unmarked],
    ["null item", { extensions: [null] }, unmarked],
    ["photo hash recorded", { extensions: [onRead({ ...marker, photoHash: "p1" })] }, { ...owned, photoHash: "p1" }],
    ["photo hash of another policy's marker", { extensions: [onRead({ ...marker, policy: "sales", photoHash: "p1" })] }, { kind: "foreign", policy: "sales", sourceUserId: "u-alice" }],
    ["empty photo hash", { extensions: [onRead({ ...marker, photoHash: "" })] }, unmarked],
    ["numeric photo hash", { extensions: [onRead({ ...marker, photoHash: 7 })] }, unmarked],
  ])("%s", (_name, contact, expected) => {
    expect(readOwnership(contact, POLICY)).toEqual(expected);
  });
});

describe("markerExtension", () => {
  it("is the documented inline open extension and reads back as owned", () => {
    const ext = markerExtension(POLICY, "u-alice", "h1");
    expect(ext).toEqual({
      "@odata.type": "microsoft.graph.openTypeExtension",
      extensionName: "io.cync.owner",
      formatVersion: 1,
      policy: POLICY,
      sourceUserId: "u-alice",
      contentHash: "h1",
    });
    expect(readOwnership({ extensions: [ext] }, POLICY)).toEqual(owned);
  });

  it("records a photo's hash as an optional property, in the same format version", () => {
    const ext = markerExtension(POLICY, "u-alice", "h1", "p1");
    expect(ext).toMatchObject({ formatVersion: 1, contentHash: "h1", photoHash: "p1" });
    expect(readOwnership({ extensions: [ext] }, POLICY)).toEqual({ ...owned, photoHash: "p1" });
  });
});

describe("queries", () => {
  it.each([
    ["expandQuery", expandQuery(), "extensions($filter=id eq 'io.cync.owner')"],
    ["markedFilter", markedFilter(), "Extensions/any(f:f/id eq 'io.cync.owner')"],
  ])("%s", (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });
});

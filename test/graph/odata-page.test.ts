import { describe, expect, it } from "vitest";
import { MalformedPageError } from "../../src/graph/errors/malformed-page-error";
import { odataQuery, parseDeltaPage, parsePage } from "../../src/graph/odata-page";
import { loadFixture } from "@cync/simulator/testing";

const body = (fixture: string): unknown => loadFixture(fixture).response.body;

describe("parsePage and parseDeltaPage: one reading of an OData page for every reader", () => {
  it.each<[string, unknown, number, "next" | "delta" | "none"]>([
    ["a contact listing (fixture contact-list)", body("contact-list"), 1, "none"],
    ["users delta, first page (fixture user-delta-first-page-nextlink)", body("user-delta-first-page-nextlink"), 1, "next"],
    ["users delta, last page (fixture user-delta-final-page-deltalink)", body("user-delta-final-page-deltalink"), 1, "delta"],
    ["contacts delta (fixture contacts-delta)", body("contacts-delta"), 1, "next"],
    ["an empty page of a round", { value: [], "@odata.nextLink": "https://g/next" }, 0, "next"],
  ])("reads %s", (_name, page, minItems, link) => {
    const parsed = parsePage(page, "read");
    expect(parsed.value.length).toBeGreaterThanOrEqual(minItems);
    expect(parsed.nextLink !== undefined).toBe(link === "next");
    expect(parsed.deltaLink !== undefined).toBe(link === "delta");
    if (link !== "none") expect(parseDeltaPage(page, "read")).toEqual(parsed);
  });

  it.each<[string, unknown]>([
    ["no body", undefined],
    ["a body without value", { "@odata.deltaLink": "https://g/d" }],
    ["value that is not a list", { value: {}, "@odata.deltaLink": "https://g/d" }],
    ["a list holding something other than objects", { value: [{ id: "a" }, "b"], "@odata.deltaLink": "https://g/d" }],
  ])("refuses %s rather than read it as empty", (_name, page) => {
    expect(() => parsePage(page, "read users delta")).toThrow(MalformedPageError);
    expect(() => parsePage(page, "read users delta")).toThrow(/^read users delta: .*no "value" list/);
  });

  it.each<[string, unknown]>([
    ["neither link", { value: [] }],
    ["both links", { value: [], "@odata.nextLink": "https://g/n", "@odata.deltaLink": "https://g/d" }],
  ])("refuses a delta page with %s", (_name, page) => {
    expect(() => parseDeltaPage(page, "read contacts delta")).toThrow(/exactly one of @odata.nextLink and @odata.deltaLink/);
  });

  it("writes a query with $-names literal and spaces as %20", () => {
    expect(odataQuery({ $filter: "displayName eq 'A & B'", $select: "id" })).toBe("$filter=displayName%20eq%20'A%20%26%20B'&$select=id");
  });
});

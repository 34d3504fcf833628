import { describe, expect, it } from "vitest";
import { toE164, type PhoneResult } from "../../src/mapping/phone";
import { attributeValues } from "../../src/mapping/values";

describe("toE164", () => {
  it.each<[string, string, string | null, PhoneResult]>([
    ["national US number with the region", "(425) 555-0100", "US", { ok: true, value: "+14255550100" }],
    ["international number, any region", "+44 20 7946 0958", "US", { ok: true, value: "+442079460958" }],
    ["international number without a region", "+49 30 901820", null, { ok: true, value: "+4930901820" }],
    ["extension written with x (dialers would append its digits) becomes ;ext=", "+1 425 555 0100 x123", null, { ok: true, value: "+14255550100;ext=123" }],
    ["extension written as ext.", "(425) 555-0100 ext. 45", "US", { ok: true, value: "+14255550100;ext=45" }],
    ["national GB number", "020 7946 0958", "GB", { ok: true, value: "+442079460958" }],
    ["00 international prefix outside the region's own (US dials 011)", "0049 30 901820", "US", { ok: true, value: "+4930901820" }],
    ["00 international prefix without a region", "0049 30 901820", null, { ok: true, value: "+4930901820" }],
    ["a UK national number read with region US stays, cleaned", "020  7946 3814 ext. 348", "US", { ok: false, value: "020 7946 3814 ext. 348" }],
    ["a UK national number is not mistaken for a Brazilian one", "020 7946 3814", "BR", { ok: false, value: "020 7946 3814" }],
    ["national number without a region stays, cleaned", "  425   555 0100 ", null, { ok: false, value: "425 555 0100" }],
    ["too short to be a number", "12345", "US", { ok: false, value: "12345" }],
    ["words", "ask reception", "US", { ok: false, value: "ask reception" }],
  ])("%s", (_name, text, region, expected) => {
    expect(toE164(text, region)).toEqual(expected);
  });
});

describe("attributeValues", () => {
  const user = {
    id: "u",
    mail: "a@x.com",
    empty: "",
    nothing: null,
    count: 3,
    flag: false,
    businessPhones: ["+1", "", null, "+2"],
    nested: { deeper: { leaf: "x" }, list: [{ v: "a" }, { v: "b" }, { w: "c" }] },
    object: { a: 1 },
  };
  it.each<[string, string, string[]]>([
    ["a string", "mail", ["a@x.com"]],
    ["an empty string", "empty", []],
    ["null", "nothing", []],
    ["missing", "missing", []],
    ["a number", "count", ["3"]],
    ["a boolean", "flag", ["false"]],
    ["a list, empties dropped", "businessPhones", ["+1", "+2"]],
    ["a dotted path", "nested.deeper.leaf", ["x"]],
    ["a dotted path through a list of objects", "nested.list.v", ["a", "b"]],
    ["a path into a string", "mail.length", []],
    ["an object is not text", "object", []],
  ])("%s", (_name, path, expected) => {
    expect(attributeValues(user, path)).toEqual(expected);
  });
});

import { describe, expect, it } from "vitest";
import { fieldValue, mask, plural } from "../../src/render/format";
import { mdCode, mdText } from "../../src/render/markdown/escape";

describe("mask", () => {
  it.each([
    ["an address keeps its domain", "write to alice.archer@contoso.com now", "write to ***@contoso.com now"],
    ["an E.164 number", "call +14255550100 today", "call *** today"],
    ["a formatted number with extension", "+1 425-555-0100;ext=12", "***"],
    ["plain counts stay", "12,400 requests in 5,000 mailboxes", "12,400 requests in 5,000 mailboxes"],
    ["ids stay", "m-00000000-0000-0000-0000-000000000001", "m-00000000-0000-0000-0000-000000000001"],
  ])("%s", (_name, text, expected) => {
    expect(mask(text)).toBe(expected);
  });
});

describe("fieldValue", () => {
  it.each([
    ["absent", "jobTitle", {}, false, "(empty)"],
    ["scalar", "jobTitle", { jobTitle: "Engineer" }, false, "Engineer"],
    ["emails", "emailAddresses", { emailAddresses: [{ address: "a@x.com", name: "A" }, { address: "b@x.com" }] }, false, "a@x.com, b@x.com"],
    ["address", "businessAddress", { businessAddress: { city: "Oslo", postalCode: "0150" } }, false, "Oslo, 0150"],
    ["list", "categories", { categories: ["a", "b"] }, false, "a, b"],
    ["personal, redacted", "mobilePhone", { mobilePhone: "+1" }, true, "***"],
    ["not personal, redacted", "jobTitle", { jobTitle: "Engineer" }, true, "Engineer"],
  ] as const)("%s", (_name, field, fields, redact, expected) => {
    expect(fieldValue(field, fields, redact)).toBe(expected);
  });
});

describe("escaping", () => {
  it.each([
    ["html", "</details><!--", "&lt;/details&gt;&lt;!--"],
    ["table pipe", "a|b", "a&#124;b"],
    ["emphasis and code", "*x* `y` _z_", "\\*x\\* \\`y\\` \\_z\\_"],
    ["newlines", "a\nb", "a b"],
  ])("mdText: %s", (_name, input, expected) => {
    expect(mdText(input)).toBe(expected);
  });
  it("mdCode cannot be broken out of", () => {
    expect(mdCode("`</code>|x")).toBe("<code>`&lt;/code&gt;&#124;x</code>");
  });
});

describe("plural", () => {
  it.each([
    [1, "mailbox", "1 mailbox"],
    [2, "mailbox", "2 mailboxes"],
    [1_000, "contact", "1,000 contacts"],
  ])("%d %s", (n, word, expected) => {
    expect(plural(n, word)).toBe(expected);
  });
});

import { describe, expect, it } from "vitest";
import { duration, fieldValue, mask, plural } from "../../src/render/format";
import { mdCode, mdText } from "../../src/render/markdown/escape";

describe("duration: the one duration format (plan estimate, apply report, progress line, demo summary)", () => {
  it.each([
    ["nothing", 0, "0ms"],
    ["under a second", 450, "450ms"],
    ["seconds keep a tenth", 1_234, "1.2s"],
    ["a whole estimate of 59 s", 59_000, "59s"],
    ["past a minute, whole seconds", 185_400, "3m 5s"],
    ["744 s, a busy mailbox's 12,400 writes", 744_000, "12m 24s"],
    ["an hour", 3_600_000, "1h"],
    ["two units at most", 12_500_000, "3h 28m"],
    ["days", 200_000_000, "2d 7h"],
  ])("%s: %i ms → %s", (_name, ms, text) => {
    expect(duration(ms)).toBe(text);
  });
});

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

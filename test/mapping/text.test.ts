import { describe, expect, it } from "vitest";
import { cleanText } from "../../src/mapping/text";
import { isMailAddress } from "../../src/mapping/mail-address";

describe("cleanText", () => {
  it.each([
    ["plain text unchanged", "Zoë Ångström", "Zoë Ångström", false],
    ["NUL and BEL removed", "A\u0000B\u0007C", "ABC", true],
    ["DEL and C1 controls removed", "A\u007fB\u0085C", "ABC", true],
    ["tab, line feed and carriage return kept", "a\tb\r\nc", "a\tb\r\nc", false],
    ["U+FFFE and U+FFFF removed", "\ufffeA\uffff", "A", true],
    ["a lone high surrogate removed", "A\ud83dB", "AB", true],
    ["a lone low surrogate removed", "A\ude00", "A", true],
    ["a surrogate pair kept", "A😀", "A😀", false],
    ["a zero-width joiner inside an emoji sequence kept", "👩\u200d💻", "👩\u200d💻", false],
    ["right-to-left text kept", "שלום עולם", "שלום עולם", false],
    ["only zero-width and direction marks: empty", "\u200b\u200e\u200f", "", false],
    ["only control characters: empty", "\u0000\u0001", "", true],
  ])("%s", (_name, input, text, removed) => {
    expect(cleanText(input)).toEqual({ text, removed });
  });
});

describe("isMailAddress", () => {
  it.each([
    ["a plain address", "alice@contoso.com", true],
    ["plus and dots in the local part", "a.b+c@mail.contoso.co.uk", true],
    ["an internationalised address (RFC 6531)", "jürgen@bücher.example", true],
    ["no at sign", "n/a", false],
    ["a proxyAddresses prefix", "SMTP:alice@contoso.com", false],
    ["spaces", "alice archer@contoso.com", false],
    ["an undotted domain", "alice@localhost", false],
    ["two at signs", "a@b@contoso.com", false],
    ["empty local part", "@contoso.com", false],
    ["longer than 254 characters", `${"a".repeat(64)}@${"b".repeat(186)}.com`, false],
    ["254 characters", `${"a".repeat(64)}@${"b".repeat(186)}.co`, true],
  ])("%s", (_name, text, expected) => {
    expect(isMailAddress(text)).toBe(expected);
  });
});

/** odataString: the only way a policy value reaches a Graph $filter. */
import { describe, expect, it } from "vitest";
import { ODataLiteralError, odataString } from "../../src/policy";

describe("odataString", () => {
  it.each([
    { name: "plain text", value: "Sales", literal: "'Sales'" },
    { name: "empty", value: "", literal: "''" },
    { name: "one quote", value: "O'Brien", literal: "'O''Brien'" },
    { name: "only quotes", value: "''", literal: "''''''" },
    { name: "injection attempt", value: "x' or 1 eq 1 or displayName eq '", literal: "'x'' or 1 eq 1 or displayName eq '''" },
    { name: "double quotes and backslashes stay", value: 'a"b\\c', literal: "'a\"b\\c'" },
    { name: "URL-special characters stay (encoding is the HTTP client's job)", value: "R&D #1 100% + more/less?", literal: "'R&D #1 100% + more/less?'" },
    { name: "accents", value: "Zoë Ångström", literal: "'Zoë Ångström'" },
    { name: "CJK", value: "営業部", literal: "'営業部'" },
    { name: "emoji (surrogate pair)", value: "Team 🚀", literal: "'Team 🚀'" },
    { name: "right single quotation mark is not a quote", value: "O’Brien", literal: "'O’Brien'" },
  ])("$name", ({ value, literal }) => {
    expect(odataString(value)).toBe(literal);
  });

  it.each([
    { name: "newline", value: "Sales\nMarketing", message: "U+000A at position 6" },
    { name: "carriage return", value: "a\rb", message: "U+000D at position 2" },
    { name: "tab", value: "\tSales", message: "U+0009 at position 1" },
    { name: "NUL", value: "a\u0000", message: "U+0000 at position 2" },
    { name: "DEL", value: "a\u007f", message: "U+007F" },
    { name: "C1 control", value: "a\u0085b", message: "U+0085" },
    { name: "line separator", value: "a\u2028b", message: "U+2028" },
  ])("refuses a control character: $name", ({ value, message }) => {
    expect(() => odataString(value)).toThrow(ODataLiteralError);
    expect(() => odataString(value)).toThrow(message);
  });

  it.each([
    { name: "lone high surrogate", value: "a\ud83d" },
    { name: "lone low surrogate", value: "\ude80b" },
  ])("refuses malformed unicode: $name", ({ value }) => {
    expect(() => odataString(value)).toThrow("unpaired UTF-16 surrogate");
  });
});

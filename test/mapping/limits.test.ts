import { describe, expect, it } from "vitest";
import { maxLength, truncateUnits } from "../../src/mapping/limits";

describe("truncateUnits", () => {
  it.each([
    ["short text unchanged", "abc", 5, "abc"],
    ["cut at the limit", "abcdef", 4, "abcd"],
    ["an emoji straddling the limit is dropped whole", "abc😀", 4, "abc"],
    ["an emoji inside the limit is kept", "ab😀c", 4, "ab😀"],
    ["an emoji with a skin tone (4 units) straddling the limit is dropped whole", "ab👍🏽", 4, "ab"],
    ["a letter and its combining accent stay together", "abe\u0301", 3, "ab"],
    ["a single grapheme longer than the limit is cut between code points", "😀\u0301\u0301\u0301", 3, "😀\u0301"],
  ])("%s", (_name, text, max, expected) => {
    expect(truncateUnits(text, max)).toBe(expected);
  });
});

describe("maxLength", () => {
  it.each([
    ["jobTitle", 255],
    ["businessHomePage", 255],
    ["personalNotes", 32_000],
  ] as const)("%s → %i", (field, max) => {
    expect(maxLength(field)).toBe(max);
  });
});

import { describe, expect, it } from "vitest";
import { compilePolicyRegex } from "../../src/policy";
import { regexProblem } from "../../src/policy/regex";

describe("regexProblem", () => {
  it.each([
    "^intern",
    "^(Sales|Marketing)\\b",
    "(?:a|b)+",
    "[(]+x",
    "a{2,5}",
    "(ab){1,10}",
    "(a*)?",
    "^\\p{Lu}",
    "(?<dept>\\w+)-\\d+",
    // Catastrophic for a backtracking engine, linear for RE2 (see "matches in linear time" below).
    "(a+)+$",
    "(\\w|\\d)+$",
  ])("accepts %s", (source) => {
    expect(regexProblem(source)).toBeUndefined();
  });

  it.each([
    { source: "(", problem: "is not a valid regular expression: unterminated group" },
    { source: "a**", problem: "is not a valid regular expression: nothing to repeat" },
    { source: "\\p{Nope}", problem: "is not a valid regular expression" },
    { source: "(?P<x>a)", problem: "is not a valid regular expression: invalid group" },
    { source: "(a)\\1", problem: "uses a backreference, which cync's regular expressions do not support" },
    { source: "(?<x>a)\\k<x>", problem: "uses a backreference" },
    { source: "^(?!temp)", problem: "uses a lookahead or lookbehind" },
    { source: "x(?=y)", problem: "uses a lookahead or lookbehind" },
    { source: "(?<=x)y", problem: "uses a lookahead or lookbehind" },
    { source: "(?<!x)y", problem: "uses a lookahead or lookbehind" },
    { source: "a{2000}", problem: "is not supported by cync's regular expressions (RE2 syntax): invalid repetition size: {2000}" },
  ])("refuses $source", ({ source, problem }) => {
    expect(regexProblem(source)).toContain(problem);
  });

  it("finishes quickly on a hostile pattern of the maximum length", () => {
    const started = performance.now();
    regexProblem("(".repeat(500) + ")".repeat(500));
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe("compilePolicyRegex", () => {
  it.each([
    { source: "^sales", ignoreCase: true, text: "Sales Manager", matches: true },
    { source: "^sales", ignoreCase: false, text: "Sales Manager", matches: false },
    { source: "manager$", ignoreCase: false, text: "Sales manager", matches: true },
    { source: "^zoë", ignoreCase: true, text: "ZOË Ångström", matches: true },
    { source: "\\p{Lu}mond$", ignoreCase: false, text: "Léa Émond", matches: true },
    { source: "\\b(account|partner|key account) manager\\b", ignoreCase: true, text: "Senior Key Account Manager", matches: true },
  ])("$source on $text (ignoreCase $ignoreCase)", ({ source, ignoreCase, text, matches }) => {
    expect(compilePolicyRegex(source, ignoreCase).test(text)).toBe(matches);
  });

  it("keeps no state between calls (no `g` flag)", () => {
    const regex = compilePolicyRegex("sales", true);
    expect([regex.test("Sales"), regex.test("Sales"), regex.test("Sales")]).toEqual([true, true, true]);
  });

  // Each takes minutes or more under JavaScript's backtracking RegExp (measured on Node 20:
  // (\w|\d)+$ on 29 characters, 84 s; the others over 8 s on 4,096 characters).
  it.each([
    { source: "(a+)+$", text: `${"a".repeat(4096)}!`, matches: false },
    { source: "(\\w|\\d)+$", text: `${"1".repeat(4096)}!`, matches: false },
    { source: "^(a|a?)+$", text: `${"a".repeat(4096)}!`, matches: false },
    { source: "\\d+\\d+\\d+x", text: "1".repeat(4096), matches: false },
    { source: "[a-z]+[a-z]+$", text: `${"a".repeat(4096)}!`, matches: false },
    { source: ".*.*=.*", text: "a".repeat(4096), matches: false },
    { source: "(a+)+$", text: "a".repeat(4096), matches: true },
  ])("matches in linear time: $source", ({ source, text, matches }) => {
    const regex = compilePolicyRegex(source, true);
    const started = performance.now();
    expect(regex.test(text)).toBe(matches);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

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
  ])("accepts %s", (source) => {
    expect(regexProblem(source)).toBeUndefined();
  });

  it.each([
    { source: "(", problem: "is not a valid regular expression: unterminated group" },
    { source: "a**", problem: "is not a valid regular expression: nothing to repeat" },
    { source: "\\p{Nope}", problem: "is not a valid regular expression" },
    { source: "(a+)+$", problem: "((a+)+)" },
    { source: "(a*)*", problem: "((a*)*)" },
    { source: "(\\w+\\s?)*$", problem: "((\\w+\\s?)*)" },
    { source: "(?:x+x+)+y", problem: "((?:x+x+)+)" },
    { source: "(a|aa)+", problem: "((a|aa)+)" },
    { source: "((ab)+c)*", problem: "(((ab)+c)*)" },
    { source: "(a{1,20}){2,}", problem: "((a{1,20}){2,})" },
    { source: "(a)\\1", problem: "uses a backreference" },
    { source: "(?<x>a)\\k<x>", problem: "uses a backreference" },
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
  ])("$source on $text (ignoreCase $ignoreCase)", ({ source, ignoreCase, text, matches }) => {
    expect(compilePolicyRegex(source, ignoreCase).test(text)).toBe(matches);
  });
});

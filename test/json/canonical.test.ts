import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../src/json/canonical";
import { isRecord } from "../../src/json/record";

describe("canonicalJson: equal values serialise equally whatever their key order", () => {
  it.each<[string, unknown, string]>([
    ["keys sorted at every level", { b: 1, a: { d: [2, 1], c: null } }, '{"a":{"c":null,"d":[2,1]},"b":1}'],
    ["arrays keep their order", [{ y: 1, x: 2 }, "s"], '[{"x":2,"y":1},"s"]'],
    ["undefined members are dropped", { a: undefined, b: "x" }, '{"b":"x"}'],
    ["strings are JSON strings", 'quote " and ü', '"quote \\" and ü"'],
    ["scalars", 1.5, "1.5"],
  ])("%s", (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it("gives the same text for the same object written in another order", () => {
    expect(canonicalJson({ mapping: { a: 1, b: 2 }, name: "p" })).toBe(canonicalJson({ name: "p", mapping: { b: 2, a: 1 } }));
  });
});

describe("isRecord", () => {
  it.each<[string, unknown, boolean]>([
    ["an object", { value: [] }, true],
    ["an empty object", {}, true],
    ["null", null, false],
    ["an array", [], false],
    ["a string", "value", false],
    ["undefined", undefined, false],
  ])("%s → %s", (_name, value, expected) => {
    expect(isRecord(value)).toBe(expected);
  });
});

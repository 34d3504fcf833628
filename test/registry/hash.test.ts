import { describe, expect, it } from "vitest";
import { canonicalJson, contentHash } from "../../src/registry/hash";

describe("canonicalJson", () => {
  it.each([
    ["sorts keys at every level", { b: 1, a: { d: 2, c: 3 } }, '{"a":{"c":3,"d":2},"b":1}'],
    ["keeps array order", { x: [3, 1, 2] }, '{"x":[3,1,2]}'],
    ["drops undefined properties", { a: undefined, b: "x" }, '{"b":"x"}'],
  ])("%s", (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });
});

describe("contentHash", () => {
  it("is 22 base64url characters", () => {
    expect(contentHash({ displayName: "Alice" })).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
  it("ignores key order", () => {
    expect(contentHash({ givenName: "A", surname: "B" })).toBe(contentHash({ surname: "B", givenName: "A" }));
  });
  it.each([
    ["a value", { displayName: "Alice" }, { displayName: "Alicia" }],
    ["list order", { businessPhones: ["+1", "+2"] }, { businessPhones: ["+2", "+1"] }],
    ["a field moving", { givenName: "A" }, { surname: "A" }],
  ])("changes with %s", (_name, a, b) => {
    expect(contentHash(a)).not.toBe(contentHash(b));
  });
  it("is a known value (stable across releases: markers in mailboxes depend on it)", () => {
    // sha256("{}") = 44136fa355b3678a1146ad16f7e8649e…, first 16 bytes in base64url
    expect(contentHash({})).toBe("RBNvo1WzZ4oRRq0W9-hkng");
  });
});

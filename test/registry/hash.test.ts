import { describe, expect, it } from "vitest";
import { contentHash } from "../../src/registry/hash";

describe("contentHash", () => {
  it("is 22 base64url characters", () => {
    expect(contentHash({ displayName: "Alice" })).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
  it("ignores key order at every level", () => {
    expect(contentHash({ businessAddress: { city: "A", street: "B" } })).toBe(contentHash({ businessAddress: { street: "B", city: "A" } }));
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

/** The fixture comparison used by the faithfulness tests must itself catch shape differences. */
import { describe, expect, it } from "vitest";
import { shapeDifferences } from "../src/testing";

describe("shapeDifferences", () => {
  it.each([
    ["same keys, other ids and texts", { id: "a", n: "x" }, { id: "b", n: "y" }, []],
    ["null in the fixture accepts a value", { givenName: "Ann" }, { givenName: null }, []],
    ["a missing annotation", { value: [] }, { "@odata.context": "c", value: [] }, ['$: missing key "@odata.context"']],
    ["an extra key", { id: "a", extra: 1 }, { id: "a" }, ['$: unexpected key "extra"']],
    ["innerError may carry more keys", { error: { code: "c", innerError: { date: "d", "client-request-id": "r" } } }, { error: { code: "x", innerError: { date: "e" } } }, []],
    ["another value type", { top: "1" }, { top: 1 }, ["$.top: expected number, got string"]],
    ["mixed collection elements", { value: [{ id: "1", "@removed": { reason: "changed" } }, { id: "2", displayName: "B" }] }, { value: [{ id: "x", displayName: "X" }, { id: "y", "@removed": { reason: "deleted" } }] }, []],
    ["an element matching no fixture element", { value: [{ id: "1", foo: 1 }] }, { value: [{ id: "x" }] }, ['$.value[0]: unexpected key "foo"']],
    ["an empty answer where the fixture has items", { value: [] }, { value: [{ id: "x" }] }, ["$.value: expected a non-empty array like the fixture's, got []"]],
  ])("%s", (_name, actual, expected, differences) => {
    expect(shapeDifferences(actual, expected)).toEqual(differences);
  });
});

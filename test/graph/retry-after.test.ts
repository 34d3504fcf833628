import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "../../src/graph/retry-after";

const now = Date.parse("2026-01-01T12:00:00Z");

describe("parseRetryAfter", () => {
  it.each([
    ["whole seconds (current throttling doc sample)", "10", 10_000],
    ["whole seconds", "2", 2_000],
    ["fractional seconds (older throttling doc sample)", "2.128", 2_128],
    ["sub-second fraction seen on $batch items (docs/graph-behaviour.md#retry-after)", "0.249", 249],
    ["sub-millisecond fraction rounds up, never down", "0.0001", 1],
    ["zero", "0", 0],
    ["surrounding whitespace", " 3 ", 3_000],
    ["IMF-fixdate in the future", "Thu, 01 Jan 2026 12:00:05 GMT", 5_000],
    ["RFC 850 date", "Thursday, 01-Jan-26 12:00:07 GMT", 7_000],
    ["HTTP date in the past means now", "Wed, 31 Dec 2025 23:59:59 GMT", 0],
  ])("%s: %j → %d ms", (_name, value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  it.each([
    ["absent", undefined],
    ["null (fetch Headers.get)", null],
    ["blank", ""],
    ["whitespace only", "   "],
    ["negative seconds", "-5"],
    ["negative fraction", "-0.5"],
    ["garbage", "soon"],
    ["number with unit", "5s"],
    ["two numbers Date.parse would accept", "1 2"],
    ["leading dot", ".5"],
    ["day name but no date", "Monday, whenever"],
  ])("%s: %j → undefined (fall back to backoff)", (_name, value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

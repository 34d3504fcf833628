import { describe, expect, it } from "vitest";
import { backoffDelay, defaultBackoff } from "../../src/graph/backoff";

const options = { baseMs: 100, maxMs: 1_000 };
const lowest = () => 0;
const highest = () => 0.999_999;

describe("backoffDelay", () => {
  it.each([
    [0, 50, 100],
    [1, 100, 200],
    [2, 200, 400],
    [3, 400, 800],
    [4, 500, 1_000],
    [10, 500, 1_000],
  ])("retry %d waits between %d and %d ms", (retry, min, max) => {
    expect(backoffDelay(retry, options, lowest)).toBe(min);
    expect(backoffDelay(retry, options, highest)).toBe(max);
  });

  it("draws every delay inside [ceiling/2, ceiling] and grows with each retry", () => {
    let previousCeiling = 0;
    for (let retry = 0; retry < 8; retry++) {
      const ceiling = Math.min(defaultBackoff.maxMs, defaultBackoff.baseMs * 2 ** retry);
      expect(ceiling).toBeGreaterThanOrEqual(previousCeiling);
      for (let i = 0; i < 200; i++) {
        const delay = backoffDelay(retry, defaultBackoff, Math.random);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
      previousCeiling = ceiling;
    }
  });

  it("spreads writers that failed together (jitter)", () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(3, defaultBackoff, Math.random)));
    expect(delays.size).toBeGreaterThan(10);
  });
});

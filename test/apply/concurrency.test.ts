import { describe, expect, it } from "vitest";
import { forEachConcurrent } from "../../src/apply/concurrency";

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("forEachConcurrent", () => {
  it.each([
    ["a limit below the item count", 10, 3, 3],
    ["a limit above the item count", 2, 8, 2],
    ["a limit of 0 still makes progress", 3, 0, 1],
  ])("keeps at most the limit in flight: %s", async (_name, items, limit, expectedPeak) => {
    let inFlight = 0;
    let peak = 0;
    const done: number[] = [];
    await forEachConcurrent(
      Array.from({ length: items }, (_, i) => i),
      limit,
      async (i) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await tick();
        inFlight--;
        done.push(i);
      },
    );
    expect(peak).toBe(expectedPeak);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: items }, (_, i) => i));
  });

  it("starts nothing after a failure and rethrows it once the started calls settled", async () => {
    const started: number[] = [];
    const settled: number[] = [];
    const run = forEachConcurrent([0, 1, 2, 3, 4, 5], 2, async (i) => {
      started.push(i);
      await tick();
      if (i === 0) throw new Error("write failed");
      await tick();
      settled.push(i);
    });
    await expect(run).rejects.toThrow("write failed");
    expect(started).toEqual([0, 1]);
    expect(settled).toEqual([1]);
  });
});

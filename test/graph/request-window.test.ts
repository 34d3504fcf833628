import { describe, expect, it } from "vitest";
import { RequestWindow } from "../../src/graph/request-window";

describe("RequestWindow", () => {
  it.each<[string, number[], number, number]>([
    ["room left", [0, 100, 200], 300, 0],
    // Full at 3 in 10 s: the request at 0 counts until its 100 ms step has left the window.
    ["full: waits for the oldest step to leave", [0, 100, 200], 300, 10_100 - 300],
    ["full, later: less to wait", [0, 100, 200], 9_000, 10_100 - 9_000],
    ["the oldest has left", [0, 100, 200], 10_100, 0],
  ])("%s", (name, sends, at, wait) => {
    const window = new RequestWindow(name.startsWith("room") ? 4 : 3, 10_000);
    for (const t of sends) window.record(t);
    expect(window.waitMs(at)).toBe(wait);
  });

  it("is empty once every request has left the window", () => {
    const window = new RequestWindow(3, 10_000);
    expect(window.empty(0)).toBe(true);
    window.record(0);
    expect(window.empty(5_000)).toBe(false);
    expect(window.empty(10_100)).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import {
  createProgressReporter,
  etaMs,
  progressJsonLine,
  renderProgressLine,
  writeRate,
} from "../../src/cli/progress";
import type { ProgressSnapshot } from "../../src/apply/progress";

const start: ProgressSnapshot = {
  elapsedMs: 0,
  mailboxesDone: 0,
  mailboxesTotal: 40,
  mailboxesFailed: 0,
  writesDone: 0,
  writesTotal: 12000,
  throttled: 0,
};
const midway: ProgressSnapshot = { ...start, elapsedMs: 10_000, mailboxesDone: 12, writesDone: 3000, throttled: 14 };
const finished: ProgressSnapshot = { ...midway, elapsedMs: 40_000, mailboxesDone: 40, writesDone: 12000 };
const withFailure: ProgressSnapshot = { ...midway, mailboxesFailed: 2 };

describe("progress figures", () => {
  it.each([
    ["nothing done yet", start, 0, undefined],
    ["a quarter done in 10 s", midway, 300, 30_000],
    ["everything done", finished, 300, 0],
    ["nothing to do", { ...start, writesTotal: 0 }, 0, 0],
  ])("%s", (_name, snapshot, rate, eta) => {
    expect(writeRate(snapshot)).toBe(rate);
    expect(etaMs(snapshot)).toBe(eta);
  });
});

describe("renderProgressLine", () => {
  it.each([
    ["at the start, without an ETA", start, "mailboxes 0/40 · writes 0/12000 · 0.0/s · throttled 0 · ETA …"],
    ["midway", midway, "mailboxes 12/40 · writes 3000/12000 · 300.0/s · throttled 14 · ETA 30s"],
    ["with failed mailboxes", withFailure, "mailboxes 12/40 · failed 2 · writes 3000/12000 · 300.0/s · throttled 14 · ETA 30s"],
  ])("%s", (_name, snapshot, line) => {
    expect(renderProgressLine(snapshot)).toBe(line);
  });
});

describe("progressJsonLine", () => {
  it("carries the snapshot, the rate and the ETA", () => {
    expect(JSON.parse(progressJsonLine(midway))).toEqual({
      event: "progress",
      ...midway,
      writesPerSecond: 300,
      etaMs: 30_000,
    });
  });

  it("omits the ETA while it is unknown", () => {
    expect(JSON.parse(progressJsonLine(start))).not.toHaveProperty("etaMs");
  });
});

function sink(isTTY: boolean): { isTTY: boolean; out: string[]; write: (t: string) => void } {
  const out: string[] = [];
  return { isTTY, out, write: (t) => void out.push(t) };
}

describe("createProgressReporter", () => {
  it("redraws one terminal line, rate-limited, and ends it on finish", () => {
    let t = 0;
    const s = sink(true);
    const reporter = createProgressReporter(s, { intervalMs: 100, now: () => t });
    reporter.update(start);
    t = 50;
    reporter.update(midway); // within the interval: skipped
    t = 150;
    reporter.update(midway);
    reporter.finish(finished);
    expect(s.out).toEqual([
      `\r\x1b[2K${renderProgressLine(start)}`,
      `\r\x1b[2K${renderProgressLine(midway)}`,
      `\r\x1b[2K${renderProgressLine(finished)}`,
      "\n",
    ]);
  });

  it("writes JSON lines when the sink is not a terminal", () => {
    const s = sink(false);
    const reporter = createProgressReporter(s, { now: () => 0 });
    reporter.update(start);
    reporter.update(midway); // default interval 5 s: skipped
    reporter.finish(finished);
    expect(s.out).toEqual([`${progressJsonLine(start)}\n`, `${progressJsonLine(finished)}\n`]);
  });
});

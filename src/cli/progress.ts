/**
 * Live progress of `cync apply`: one self-rewriting status line on a terminal, JSON lines
 * otherwise (CI logs, pipes), written to stderr so stdout keeps the command's result.
 *
 * Progress carries counts only — never a name, address or phone: mailboxes are identified by their
 * Entra object id, which is what the failure report uses too (docs/architecture.md#personal-data).
 */
import type { ProgressSnapshot } from "../apply/progress";
import { duration } from "../render/format";

/** Writes per second since the start; 0 before anything happened. */
export function writeRate(s: ProgressSnapshot): number {
  return s.elapsedMs > 0 ? (s.writesDone * 1000) / s.elapsedMs : 0;
}

/**
 * Estimated milliseconds left at the average rate so far; undefined until the first write landed
 * (no rate to extrapolate from). Zero when nothing is left.
 */
export function etaMs(s: ProgressSnapshot): number | undefined {
  const left = Math.max(0, s.writesTotal - s.writesDone);
  if (left === 0) return 0;
  const rate = writeRate(s);
  return rate > 0 ? (left / rate) * 1000 : undefined;
}

/** The terminal status line, e.g. `mailboxes 12/40 · writes 3210/12000 · 85.2/s · throttled 14 · ETA 1m 43s`. */
export function renderProgressLine(s: ProgressSnapshot): string {
  const eta = etaMs(s);
  const parts = [
    `mailboxes ${s.mailboxesDone}/${s.mailboxesTotal}`,
    `writes ${s.writesDone}/${s.writesTotal}`,
    `${writeRate(s).toFixed(1)}/s`,
    `throttled ${s.throttled}`,
    `ETA ${eta === undefined ? "…" : duration(eta)}`,
  ];
  if (s.mailboxesFailed > 0) parts.splice(1, 0, `failed ${s.mailboxesFailed}`);
  return parts.join(" · ");
}

/** One JSON line (no trailing newline) for logs: the snapshot plus derived rate and ETA. */
export function progressJsonLine(s: ProgressSnapshot): string {
  const eta = etaMs(s);
  return JSON.stringify({
    event: "progress",
    ...s,
    writesPerSecond: Math.round(writeRate(s) * 10) / 10,
    ...(eta === undefined ? {} : { etaMs: Math.round(eta) }),
  });
}

/** Where progress goes: a stream-like sink that may be a terminal. */
export interface ProgressSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface ProgressReporter {
  /** Report the current state; rendering is rate-limited, so call it as often as you like. */
  update(snapshot: ProgressSnapshot): void;
  /** Report the final state (always rendered) and end the status line. */
  finish(snapshot: ProgressSnapshot): void;
}

export interface ProgressOptions {
  /**
   * Minimum time between two renderings, in ms. A terminal line is cheap to redraw; a log line is
   * not, so the JSON default is sparser.
   * @default 200 on a terminal, 5000 otherwise
   */
  readonly intervalMs?: number;
  /** Milliseconds clock, injected by tests. @default Date.now */
  readonly now?: () => number;
}

/** Clears the terminal line and returns the cursor to its start (ECMA-48 EL). */
const CLEAR_LINE = "\r\x1b[2K";

/** A reporter for `sink`: status line when it is a terminal, JSON lines otherwise. */
export function createProgressReporter(sink: ProgressSink, options: ProgressOptions = {}): ProgressReporter {
  const tty = sink.isTTY === true;
  const interval = options.intervalMs ?? (tty ? 200 : 5000);
  const now = options.now ?? Date.now;
  let last: number | undefined;
  const render = (s: ProgressSnapshot): void => {
    sink.write(tty ? `${CLEAR_LINE}${renderProgressLine(s)}` : `${progressJsonLine(s)}\n`);
  };
  return {
    update(snapshot) {
      const t = now();
      if (last !== undefined && t - last < interval) return;
      last = t;
      render(snapshot);
    },
    finish(snapshot) {
      render(snapshot);
      if (tty) sink.write("\n");
    },
  };
}

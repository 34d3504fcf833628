/**
 * Realistic latency as the innermost pipeline stage, inside the throttle stage.
 *
 * Most of a Graph request's latency is Exchange working on it, and that is exactly the time the
 * "4 concurrent requests per app and mailbox" limit meters
 * (docs/graph-behaviour.md#outlook-mailbox-limits). Spent in the transport, after the throttle
 * stage had already released the request's slot, requests over HTTP never overlapped: per-mailbox
 * peak concurrency read 1 and MailboxConcurrency 429s could not fire, so no client's pacing was
 * really tested. Here the slot is held while the latency elapses.
 */
import type { Stage } from "./types";

export interface LatencyConfig {
  /** Real milliseconds added to each Graph request (and each `$batch` item). @default 0 */
  readonly latencyMs: number;
  /** Uniform random extra latency in [0, jitterMs), real milliseconds. @default 0 */
  readonly jitterMs: number;
}

export function createLatencyStage(config: LatencyConfig, random: () => number = Math.random): Stage {
  return {
    async handle(_ctx, next) {
      const ms = config.latencyMs + (config.jitterMs > 0 ? random() * config.jitterMs : 0);
      if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
      return next();
    },
  };
}

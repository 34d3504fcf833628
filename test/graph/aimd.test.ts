import { describe, expect, it } from "vitest";
import { aimdStart, aimdSucceeded, aimdThrottled, type AimdOptions, type AimdState } from "../../src/graph/aimd";

const mailbox: AimdOptions = { min: 1, max: 4, decreaseFactor: 0.5, increaseAfter: 3, cooldownMs: 1_000 };

function throttleAt(state: AimdState, ...times: number[]): AimdState {
  return times.reduce((s, t) => aimdThrottled(s, mailbox, t), state);
}

function succeed(state: AimdState, times: number): AimdState {
  for (let i = 0; i < times; i++) state = aimdSucceeded(state, mailbox);
  return state;
}

describe("AIMD", () => {
  it("starts at the maximum", () => {
    expect(aimdStart(mailbox).limit).toBe(4);
  });

  it.each([
    ["one 429 halves 4 → 2", [0], 2],
    ["persistent 429s halve again after each cooldown: 4 → 2 → 1", [0, 1_000], 1],
    ["never below the minimum", [0, 1_000, 2_000, 3_000], 1],
    ["a burst of 429s within the cooldown counts once", [0, 10, 20, 999], 2],
  ])("%s", (_name, times, limit) => {
    expect(throttleAt(aimdStart(mailbox), ...times).limit).toBe(limit);
  });

  it("earns one step back per `increaseAfter` consecutive successes, up to the maximum", () => {
    const low = throttleAt(aimdStart(mailbox), 0, 1_000);
    expect(succeed(low, 2).limit).toBe(1);
    expect(succeed(low, 3).limit).toBe(2);
    expect(succeed(low, 6).limit).toBe(3);
    expect(succeed(low, 9).limit).toBe(4);
    expect(succeed(low, 30).limit).toBe(4);
  });

  it("a 429 resets the success streak", () => {
    const low = throttleAt(aimdStart(mailbox), 0, 1_000);
    const interrupted = aimdThrottled(succeed(low, 2), mailbox, 1_500);
    expect(interrupted.limit).toBe(1);
    expect(succeed(interrupted, 2).limit).toBe(1);
    expect(succeed(interrupted, 3).limit).toBe(2);
  });

  it("a gentle global factor trims instead of halving", () => {
    const global: AimdOptions = { min: 4, max: 64, decreaseFactor: 0.75, increaseAfter: 8, cooldownMs: 1_000 };
    const once = aimdThrottled(aimdStart(global), global, 0);
    expect(once.limit).toBe(48);
    expect(aimdThrottled(once, global, 1_000).limit).toBe(36);
  });
});

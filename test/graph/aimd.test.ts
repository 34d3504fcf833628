import { describe, expect, it } from "vitest";
import { aimdOverloaded, aimdStart, aimdSucceeded, aimdThrottled, type AimdOptions, type AimdState } from "../../src/graph/aimd";

/** Classic AIMD: every 429 counts (throttledInRow 1). */
const mailbox: AimdOptions = { min: 1, max: 4, decreaseFactor: 0.5, increaseAfter: 3, cooldownMs: 1_000, throttledInRow: 1 };

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
    const global: AimdOptions = { min: 4, max: 64, decreaseFactor: 0.75, increaseAfter: 8, cooldownMs: 1_000, throttledInRow: 1 };
    const once = aimdThrottled(aimdStart(global), global, 0);
    expect(once.limit).toBe(48);
    expect(aimdThrottled(once, global, 1_000).limit).toBe(36);
  });

  describe("only throttling that persists is load (throttledInRow 2)", () => {
    const persistent: AimdOptions = { ...mailbox, throttledInRow: 2 };
    type Answer = "429" | "ok";
    /** Answers 1 ms apart from a fresh state, cooldown elapsed between decreases where noted. */
    const answer = (answers: readonly Answer[], gapMs = 1): AimdState =>
      answers.reduce((s, a, i) => (a === "429" ? aimdThrottled(s, persistent, i * gapMs) : aimdSucceeded(s, persistent)), aimdStart(persistent));

    it.each<[string, Answer[], number, boolean, number]>([
      ["a lone 429 leaves the limit alone", ["429"], 4, false, 1_000],
      ["lone 429s among successes never halve", ["429", "ok", "429", "ok", "ok", "429", "ok", "429"], 4, false, 1_000],
      ["two in a row halve 4 → 2", ["429", "429"], 2, true, 1_000],
      ["a run of 429s halves once per cooldown", ["429", "429", "429", "429"], 2, true, 1],
      ["a run of 429s across cooldowns halves again", ["429", "429", "429", "429"], 1, true, 1_000],
      ["a success ends the run", ["429", "429", "ok"], 2, false, 1_000],
    ])("%s", (_name, answers, limit, overloaded, gapMs) => {
      const state = answer(answers, gapMs);
      expect(state.limit).toBe(limit);
      expect(aimdOverloaded(state, persistent)).toBe(overloaded);
    });

    it("a lone 429 does not cost the success streak", () => {
      const low = answer(["429", "429"]);
      const climbing = aimdSucceeded(aimdSucceeded(low, persistent), persistent);
      expect(aimdSucceeded(aimdThrottled(climbing, persistent, 5_000), persistent).limit).toBe(3);
    });
  });
});

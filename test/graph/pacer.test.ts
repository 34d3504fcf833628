import { describe, expect, it } from "vitest";
import { windowShare } from "../../src/graph/limits";
import { Pacer } from "../../src/graph/pacer";
import { FakeClock } from "./fake-clock";

/** Every 429 counts as throttling that persists: the rules the tests below state for persistent throttling. */
const EVERY_429 = { throttledInRow: 1 } as const;

/** A seeded generator (mulberry32) so a failing random schedule can be replayed. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Peaks {
  global: number;
  perMailbox: Map<string, number>;
}

/** Runs `count` requests over random mailboxes with random durations and random 429s. */
async function randomSchedule(seed: number, maxConcurrency: number, throttleRate: number): Promise<Peaks> {
  const random = seeded(seed);
  const clock = new FakeClock();
  const pacer = new Pacer({ maxConcurrency, cooldownMs: 50 }, clock);
  const active = new Map<string, number>();
  const peaks: Peaks = { global: 0, perMailbox: new Map() };
  let global = 0;
  const mailboxes = ["a", "b", "c", "d", "e", "f"];
  const one = async (i: number) => {
    await clock.sleep(Math.floor(random() * 200));
    const mailbox = mailboxes[Math.floor(random() * mailboxes.length)]!;
    const slot = await pacer.acquire(mailbox);
    const now = (active.get(mailbox) ?? 0) + 1;
    active.set(mailbox, now);
    global++;
    peaks.global = Math.max(peaks.global, global);
    peaks.perMailbox.set(mailbox, Math.max(peaks.perMailbox.get(mailbox) ?? 0, now));
    await clock.sleep(1 + Math.floor(random() * 30));
    active.set(mailbox, (active.get(mailbox) ?? 1) - 1);
    global--;
    if (random() < throttleRate) {
      pacer.throttled(mailbox, random() < 0.5 ? Math.floor(random() * 100) : undefined, random() < 0.5 ? "mailbox" : "service");
    }
    else pacer.succeeded(mailbox);
    slot.release();
    return i;
  };
  await clock.run(Promise.all(Array.from({ length: 400 }, (_, i) => one(i))));
  return peaks;
}

describe("Pacer", () => {
  it.each([
    ["no throttling, generous global limit", 1, 64, 0],
    ["no throttling, tight global limit", 2, 6, 0],
    ["frequent throttling", 3, 64, 0.2],
    ["frequent throttling, tight global limit", 4, 5, 0.3],
    ["heavy throttling", 5, 16, 0.6],
  ])("random schedule (%s, seed %d): never above 4 per mailbox nor the global limit", async (_n, seed, max, rate) => {
    const peaks = await randomSchedule(seed, max, rate);
    for (const peak of peaks.perMailbox.values()) expect(peak).toBeLessThanOrEqual(4);
    expect(peaks.global).toBeLessThanOrEqual(max);
    // The schedule is busy enough to reach (or, while throttled, come near) the limit it is checked against.
    expect(Math.max(...peaks.perMailbox.values())).toBeGreaterThanOrEqual(rate === 0 ? 4 : 3);
  });

  it.each<[string, number, number]>([
    // 100 per 10 s; 100 ms per request, 4 at once: each window's 100 go in 2.5 s, then the mailbox waits.
    ["three windows' worth", 100, 260],
    ["less than a window: never waits", 100, 80],
  ])("paces a mailbox to its request window (%s): never more than the window holds, never much slower", async (_name, perWindow, requests) => {
    const clock = new FakeClock(0);
    const windowMs = 10_000;
    const pacer = new Pacer({ mailboxWindow: { requests: perWindow, ms: windowMs } }, clock);
    const sent: number[] = [];
    const one = async (): Promise<void> => {
      const slot = await pacer.acquire("m");
      sent.push(clock.now());
      await clock.sleep(100);
      pacer.succeeded("m");
      slot.release();
    };
    await clock.run(Promise.all(Array.from({ length: requests }, one)));
    for (const t of sent) expect(sent.filter((u) => u > t - windowMs && u <= t).length).toBeLessThanOrEqual(perWindow);
    // The fastest schedule: whole windows, then the rest 4 at a time (src/graph/apply-time.ts); 1 % slack.
    const windows = Math.floor((requests - 1) / perWindow);
    const fastest = windows * windowMs + Math.ceil((requests - windows * perWindow) / 4) * 100;
    expect(clock.now()).toBeGreaterThanOrEqual(fastest);
    expect(clock.now()).toBeLessThanOrEqual(fastest + windows * (windowMs / 100) + 100);
  });

  it("queues a fifth request to one mailbox until one of four finishes", async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({}, clock);
    const slots = await Promise.all([1, 2, 3, 4].map(() => pacer.acquire("m")));
    let fifth = false;
    const waiting = pacer.acquire("m").then((slot) => ((fifth = true), slot));
    const other = await pacer.acquire("other");
    await new Promise((resolve) => setImmediate(resolve));
    expect(fifth).toBe(false);
    slots[0]!.release();
    (await waiting).release();
    expect(fifth).toBe(true);
    other.release();
  });

  it("halves a mailbox's limit on repeated 429s (4 → 2 → 1), leaving other mailboxes at 4", async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ ...EVERY_429, cooldownMs: 1_000 }, clock);
    pacer.throttled("m", undefined, "mailbox");
    expect(pacer.mailboxLimit("m")).toBe(2);
    // The rest of the same burst, within the cooldown, does not halve again.
    pacer.throttled("m", undefined, "mailbox");
    expect(pacer.mailboxLimit("m")).toBe(2);
    await clock.run(clock.sleep(1_000));
    pacer.throttled("m", undefined, "mailbox");
    expect(pacer.mailboxLimit("m")).toBe(1);
    expect(pacer.mailboxLimit("other")).toBe(4);
  });

  it("admits no more than a lowered limit once running requests drain", async () => {
    const clock = new FakeClock();
    const pacer = new Pacer(EVERY_429, clock);
    const running = await Promise.all([1, 2, 3, 4].map(() => pacer.acquire("m")));
    pacer.throttled("m", undefined, "mailbox");
    let admitted = 0;
    const queued = [1, 2, 3].map(() => pacer.acquire("m").then((slot) => (admitted++, slot)));
    // Limit 2: releasing three of four leaves one running, so one more may start.
    for (const slot of running.slice(0, 3)) slot.release();
    await clock.run(Promise.resolve());
    expect(admitted).toBe(1);
    running[3]!.release();
    await clock.run(Promise.resolve());
    expect(admitted).toBe(2);
    for (const slot of await Promise.all(queued.slice(0, 2))) slot.release();
    await clock.run(queued[2]!);
    expect(admitted).toBe(3);
  });

  it("raises the limit again after successes, one step per `increaseAfter`", async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ ...EVERY_429, increaseAfter: 2 }, clock);
    const slot = await pacer.acquire("m");
    pacer.throttled("m", undefined, "mailbox");
    expect(pacer.mailboxLimit("m")).toBe(2);
    pacer.succeeded("m");
    expect(pacer.mailboxLimit("m")).toBe(2);
    pacer.succeeded("m");
    expect(pacer.mailboxLimit("m")).toBe(3);
    pacer.succeeded("m");
    pacer.succeeded("m");
    expect(pacer.mailboxLimit("m")).toBe(4);
    slot.release();
  });

  it("trims the global limit while throttling persists and restores it after", async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ ...EVERY_429, maxConcurrency: 16, minConcurrency: 4, cooldownMs: 100, increaseAfter: 1 }, clock);
    const limits: number[] = [];
    for (let i = 0; i < 6; i++) {
      pacer.throttled(`m${i}`, undefined, "service");
      limits.push(pacer.globalLimit);
      await clock.run(clock.sleep(100));
    }
    expect(limits).toEqual([12, 9, 6, 4, 4, 4]);
    for (let i = 0; i < 12; i++) pacer.succeeded("m0");
    expect(pacer.globalLimit).toBe(16);
  });

  it("leaves the global limit alone when a mailbox hits its own limit (ApplicationThrottled)", async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ ...EVERY_429, maxConcurrency: 16, cooldownMs: 100 }, clock);
    for (let i = 0; i < 6; i++) {
      pacer.throttled(`m${i}`, undefined, "mailbox");
      await clock.run(clock.sleep(100));
    }
    expect(pacer.globalLimit).toBe(16);
    expect(pacer.mailboxLimit("m0")).toBe(2);
  });

  it("holds every new request to a mailbox until its Retry-After has passed", async () => {
    const clock = new FakeClock();
    const pacer = new Pacer(EVERY_429, clock);
    const start = clock.now();
    pacer.throttled("m", 2_128, "mailbox");
    // Another mailbox is not held.
    const other = await clock.run(pacer.acquire("other"));
    expect(clock.now()).toBe(start);
    other.release();
    const admittedAt = await clock.run(pacer.acquire("m").then((slot) => (slot.release(), clock.now())));
    expect(admittedAt - start).toBe(2_128);
  });

  it("a lone 429 among successes neither halves a mailbox's limit nor pauses it; a second in a row does both", async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({}, clock);
    const start = clock.now();
    pacer.throttled("m", 2_000, "mailbox");
    expect(pacer.mailboxLimit("m")).toBe(4);
    const admittedAt = await clock.run(pacer.acquire("m").then((slot) => (slot.release(), clock.now())));
    expect(admittedAt).toBe(start);
    pacer.succeeded("m");
    pacer.throttled("m", 2_000, "mailbox");
    expect(pacer.mailboxLimit("m")).toBe(4);
    pacer.throttled("m", 2_000, "mailbox");
    expect(pacer.mailboxLimit("m")).toBe(2);
    const pausedUntil = await clock.run(pacer.acquire("m").then((slot) => (slot.release(), clock.now())));
    expect(pausedUntil - start).toBe(2_000);
  });

  it("a request queued behind a busy mailbox does not hold a global slot", async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ maxConcurrency: 5 }, clock);
    const busy = await Promise.all([1, 2, 3, 4].map(() => pacer.acquire("m")));
    void pacer.acquire("m");
    const other = await clock.run(pacer.acquire("other"));
    expect(pacer.inFlight).toBe(5);
    other.release();
    for (const slot of busy) slot.release();
  });
});

describe("Pacer: the app's global rate", () => {
  /** Most requests sent in any `windowMs` (a window ending at each send). */
  const busiestWindow = (sent: readonly number[], windowMs: number): number => Math.max(...sent.map((t) => sent.filter((u) => u > t - windowMs && u <= t).length));

  /** `requests` requests spread over 20 mailboxes, 10 ms each, through each of `pacers` at once; their send times. */
  async function drive(clock: FakeClock, pacers: readonly Pacer[], requests: number): Promise<number[]> {
    const sent: number[] = [];
    const one = async (pacer: Pacer, i: number): Promise<void> => {
      const mailbox = i % 3 === 0 ? undefined : `m${i % 20}`;
      const slot = await pacer.acquire(mailbox);
      sent.push(clock.now());
      await clock.sleep(10);
      pacer.succeeded(mailbox);
      slot.release();
    };
    await clock.run(Promise.all(pacers.flatMap((p) => Array.from({ length: requests }, (_, i) => one(p, i)))));
    return sent;
  }

  it.each([
    { name: "one process with the whole window", share: 1, processes: 1 },
    { name: "two shards, half each", share: 1 / 2, processes: 2 },
    { name: "four shards, a quarter each", share: 1 / 4, processes: 4 },
    { name: "three shards, a third each (rounded down)", share: 1 / 3, processes: 3 },
  ])("keeps $name within the app's window together, mailbox and directory requests alike, and no slower than the window allows", async ({ share, processes }) => {
    const clock = new FakeClock(0);
    const app = { requests: 120, ms: 1_000 };
    const own = windowShare(app, share);
    const pacers = Array.from({ length: processes }, () => new Pacer({ appWindow: own }, clock));
    const perProcess = 360 / processes;
    const sent = await drive(clock, pacers, perProcess);
    expect(sent).toHaveLength(360);
    expect(busiestWindow(sent, app.ms)).toBeLessThanOrEqual(app.requests);
    // Each process sends its whole share in a burst, then one share per window (1 % slack per window).
    const windows = Math.ceil(perProcess / own.requests) - 1;
    expect(clock.now()).toBeGreaterThanOrEqual(windows * app.ms);
    expect(clock.now()).toBeLessThanOrEqual(windows * app.ms * 1.02 + 100);
  });

  it("without a share, the same load would not fit: four processes with the whole window each send four times the window", async () => {
    const clock = new FakeClock(0);
    const app = { requests: 120, ms: 1_000 };
    const sent = await drive(clock, Array.from({ length: 4 }, () => new Pacer({ appWindow: app }, clock)), 90);
    expect(busiestWindow(sent, app.ms)).toBe(360);
  });

  it("admits waiting requests in arrival order", async () => {
    const clock = new FakeClock(0);
    const pacer = new Pacer({ appWindow: { requests: 1, ms: 100 } }, clock);
    const order: number[] = [];
    const one = async (i: number): Promise<void> => {
      const slot = await pacer.acquire(`m${i}`);
      order.push(i);
      slot.release();
    };
    await clock.run(Promise.all([0, 1, 2, 3, 4].map(one)));
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(clock.now()).toBeGreaterThanOrEqual(400);
  });
});

describe("windowShare", () => {
  it.each([
    { share: 1, requests: 130_000 },
    { share: 1 / 4, requests: 32_500 },
    { share: 1 / 3, requests: 43_333 },
    { share: 1e-9, requests: 1 },
  ])("gives a share of $share $requests requests per 10 s", ({ share, requests }) => {
    expect(windowShare({ requests: 130_000, ms: 10_000 }, share)).toEqual({ requests, ms: 10_000 });
  });
});

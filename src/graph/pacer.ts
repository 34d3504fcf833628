/**
 * How many Graph requests run at once: per mailbox and in total
 * (docs/architecture.md#the-graph-requester).
 *
 * - Per mailbox: at most 4 at a time — Exchange Online's limit per app and mailbox; a fifth gets
 *   429 `ApplicationThrottled` "MailboxConcurrency" (docs/graph-behaviour.md#mailbox-concurrency).
 * - Globally: a tunable ceiling, so that thousands of mailboxes do not open thousands of sockets
 *   and the app stays clear of Graph's global limit (130,000 requests / 10 s per app).
 * - Adaptive: 429s in a row halve the mailbox's limit (4→2→1); successes restore it one step at a
 *   time (AIMD, aimd.ts). A lone 429 among successes is not load: it neither halves the limit nor
 *   pauses the mailbox, only the refused request waits its Retry-After (the requester's retry). The global limit is trimmed only by throttling that is not the mailbox's own:
 *   Exchange's per-mailbox limits answer `ApplicationThrottled`
 *   (docs/graph-behaviour.md#mailbox-concurrency), which says nothing about the other mailboxes,
 *   while Graph's app- and tenant-wide limits answer `TooManyRequests`
 *   (docs/graph-behaviour.md#throttled-response) and an overloaded service answers 503.
 * - Per mailbox, the request window too: at most Exchange's 10,000 requests per 10 minutes
 *   (request-window.ts), so a mailbox given more waits for its window instead of spending it and
 *   collecting 429s (docs/graph-behaviour.md#outlook-mailbox-limits).
 * - For the whole app, a rate: at most the app's share of Graph's 130,000 requests per 10 s
 *   (docs/graph-behaviour.md#global-request-limit) in any window — the same sliding window, in
 *   arrival order — so N shards of one app, each paced to 1/N, stay under the limit together instead
 *   of meeting it as a storm of 429s. Concurrency alone cannot promise that: the rate a ceiling
 *   allows grows as responses get faster.
 * - Retry-After on throttling that persists pauses the whole mailbox (or, for requests outside any
 *   mailbox, the unscoped lane), not just the request that got it: Graph says immediate retries prolong throttling
 *   (docs/graph-behaviour.md#retries-and-backoff), and every request to that mailbox would be refused
 *   until then.
 *
 * A request takes its mailbox slot first and the global slot second, so a request queued behind its
 * busy mailbox never sits on a global slot that another mailbox could use.
 */
import { aimdOverloaded, aimdStart, aimdSucceeded, aimdThrottled, type AimdOptions, type AimdState } from "./aimd";
import type { Clock } from "./clock";
import { Gate } from "./gate";
import { CONCURRENCY, EXCHANGE_APP_WINDOW, EXCHANGE_MAILBOX_WINDOW, type MailboxWindow } from "./limits";
import { RequestWindow } from "./request-window";

export interface PacerOptions {
  /**
   * Most requests in flight across all mailboxes (the adaptive ceiling).
   * @default 64
   */
  readonly maxConcurrency: number;
  /**
   * The global limit never adapts below this.
   * @default 4
   */
  readonly minConcurrency: number;
  /**
   * Most requests in flight per mailbox; Exchange Online allows 4 per app and mailbox.
   * @default 4
   */
  readonly mailboxConcurrency: number;
  /**
   * Requests per mailbox per window: Exchange Online allows 10,000 per 10 minutes per app and mailbox.
   * @default { requests: 10000, ms: 600000 }
   */
  readonly mailboxWindow: MailboxWindow;
  /**
   * Requests of the whole app (every mailbox and the directory) per window: this process's share of
   * Graph's 130,000 per 10 s per app (src/engine/session.ts divides it among shards).
   * @default { requests: 130000, ms: 10000 }
   */
  readonly appWindow: MailboxWindow;
  /**
   * Consecutive successes that earn one more concurrent request (per mailbox and globally).
   * @default 8
   */
  readonly increaseAfter: number;
  /**
   * At most one decrease per this many ms (see AimdOptions.cooldownMs).
   * @default 1000
   */
  readonly cooldownMs: number;
  /**
   * Throttled answers in a row that slow a mailbox (or everything) down (see AimdOptions.throttledInRow).
   * @default 2
   */
  readonly throttledInRow: number;
}

export const defaultPacerOptions: PacerOptions = {
  maxConcurrency: 64,
  minConcurrency: 4,
  mailboxConcurrency: CONCURRENCY.perMailbox,
  mailboxWindow: EXCHANGE_MAILBOX_WINDOW,
  appWindow: EXCHANGE_APP_WINDOW,
  increaseAfter: 8,
  cooldownMs: 1000,
  throttledInRow: 2,
};

/** Whose limit a throttled answer reports: the mailbox's own, or the app's / service's. */
export type ThrottleScope = "mailbox" | "service";

/** A held permission to send one request; release it once the response (or failure) is in. */
export interface Slot {
  release(): void;
}

interface Lane {
  /** Undefined for the unscoped lane (requests outside any mailbox: the directory). */
  readonly gate: Gate | undefined;
  /** The mailbox's request window; undefined for the unscoped lane. */
  readonly window: RequestWindow | undefined;
  aimd: AimdState;
  pausedUntil: number;
  /** Requests between acquire() and release(), waiting or running; a lane in use is never evicted. */
  users: number;
}

export class Pacer {
  readonly #options: PacerOptions;
  readonly #clock: Clock;
  readonly #mailboxAimd: AimdOptions;
  readonly #globalAimd: AimdOptions;
  readonly #global: Gate;
  #globalState: AimdState;
  readonly #unscoped: Lane;
  readonly #lanes = new Map<string, Lane>();
  /** The app's request window, and the requests waiting for it (admitted in arrival order). */
  readonly #app: RequestWindow;
  #appQueue: Promise<void> = Promise.resolve();
  #appWaiting = 0;
  /** Lanes made so far: every 256th sweeps out the lanes left idle (their mailboxes are done). */
  #made = 0;

  constructor(options: Partial<PacerOptions>, clock: Clock) {
    this.#options = { ...defaultPacerOptions, ...options };
    this.#clock = clock;
    const { increaseAfter, cooldownMs, throttledInRow } = this.#options;
    this.#mailboxAimd = { min: 1, max: this.#options.mailboxConcurrency, decreaseFactor: 0.5, increaseAfter, cooldownMs, throttledInRow };
    // The global limit shrinks gently: one mailbox's 429 says little about the others.
    this.#globalAimd = {
      min: Math.min(this.#options.minConcurrency, this.#options.maxConcurrency),
      max: this.#options.maxConcurrency,
      decreaseFactor: 0.75,
      increaseAfter,
      cooldownMs,
      throttledInRow,
    };
    this.#globalState = aimdStart(this.#globalAimd);
    this.#global = new Gate(this.#globalState.limit);
    this.#unscoped = { gate: undefined, window: undefined, aimd: aimdStart(this.#mailboxAimd), pausedUntil: 0, users: 0 };
    this.#app = new RequestWindow(this.#options.appWindow.requests, this.#options.appWindow.ms);
  }

  /**
   * Waits for the mailbox's pause to end, a mailbox slot, a global slot, then room in the app's
   * window. The slots are held while the app's window is full: no other request could go meanwhile.
   */
  async acquire(mailboxId: string | undefined): Promise<Slot> {
    const lane = await this.#enter(mailboxId);
    await this.#global.acquire();
    await this.#admit();
    return once(() => {
      this.#global.release();
      this.#leave(mailboxId, lane);
    });
  }

  /**
   * A 429 (or a 503 that named a wait) for this mailbox: when throttling persists, slow it down,
   * pause it if told how long, and slow everything down when the limit hit is wider than the mailbox.
   */
  throttled(mailboxId: string | undefined, retryAfterMs: number | undefined, scope: ThrottleScope): void {
    const now = this.#clock.now();
    const lane = this.#lane(mailboxId);
    lane.aimd = aimdThrottled(lane.aimd, this.#mailboxAimd, now);
    if (lane.gate) lane.gate.limit = lane.aimd.limit;
    if (retryAfterMs !== undefined && aimdOverloaded(lane.aimd, this.#mailboxAimd)) lane.pausedUntil = Math.max(lane.pausedUntil, now + retryAfterMs);
    if (scope === "service") {
      this.#globalState = aimdThrottled(this.#globalState, this.#globalAimd, now);
      this.#global.limit = this.#globalState.limit;
    }
  }

  /** A request to this mailbox got a non-throttled answer. */
  succeeded(mailboxId: string | undefined): void {
    const lane = mailboxId === undefined ? this.#unscoped : this.#lanes.get(mailboxId);
    if (lane) {
      lane.aimd = aimdSucceeded(lane.aimd, this.#mailboxAimd);
      if (lane.gate) lane.gate.limit = lane.aimd.limit;
      if (mailboxId !== undefined) this.#evictIfIdle(mailboxId, lane);
    }
    this.#globalState = aimdSucceeded(this.#globalState, this.#globalAimd);
    this.#global.limit = this.#globalState.limit;
  }

  /** The mailbox's current concurrency limit (4 unless throttling lowered it). */
  mailboxLimit(mailboxId: string): number {
    return this.#lanes.get(mailboxId)?.aimd.limit ?? this.#mailboxAimd.max;
  }

  get globalLimit(): number {
    return this.#global.limit;
  }

  get inFlight(): number {
    return this.#global.active;
  }

  async #enter(mailboxId: string | undefined): Promise<Lane> {
    const lane = this.#lane(mailboxId);
    lane.users++;
    for (;;) {
      await this.#pause(lane);
      await lane.gate?.acquire();
      // A Retry-After may have arrived while this request queued for the gate.
      const now = this.#clock.now();
      const wait = lane.pausedUntil > now ? 0 : (lane.window?.waitMs(now) ?? 0);
      if (lane.pausedUntil <= now && wait === 0) {
        lane.window?.record(now);
        return lane;
      }
      lane.gate?.release();
      if (wait > 0) await this.#clock.sleep(wait);
    }
  }

  /** Counts one request in the app's window, first waiting (behind earlier waiters) until it has room. */
  #admit(): Promise<void> {
    if (this.#appWaiting === 0 && this.#app.waitMs(this.#clock.now()) === 0) {
      this.#app.record(this.#clock.now());
      return Promise.resolve();
    }
    this.#appWaiting++;
    const turn = this.#appQueue.then(async () => {
      for (let wait = this.#app.waitMs(this.#clock.now()); wait > 0; wait = this.#app.waitMs(this.#clock.now())) await this.#clock.sleep(wait);
      this.#app.record(this.#clock.now());
      this.#appWaiting--;
    });
    this.#appQueue = turn;
    return turn;
  }

  #leave(mailboxId: string | undefined, lane: Lane): void {
    lane.gate?.release();
    lane.users--;
    if (mailboxId !== undefined) this.#evictIfIdle(mailboxId, lane);
  }

  #lane(mailboxId: string | undefined): Lane {
    if (mailboxId === undefined) return this.#unscoped;
    let lane = this.#lanes.get(mailboxId);
    if (!lane) {
      const aimd = aimdStart(this.#mailboxAimd);
      const { requests, ms } = this.#options.mailboxWindow;
      lane = { gate: new Gate(aimd.limit), window: new RequestWindow(requests, ms), aimd, pausedUntil: 0, users: 0 };
      if (++this.#made % 256 === 0) for (const [id, other] of this.#lanes) this.#evictIfIdle(id, other);
      this.#lanes.set(mailboxId, lane);
    }
    return lane;
  }

  async #pause(lane: Lane): Promise<void> {
    for (let wait = lane.pausedUntil - this.#clock.now(); wait > 0; wait = lane.pausedUntil - this.#clock.now()) {
      await this.#clock.sleep(wait);
    }
  }

  /** Forget a mailbox that is idle, fully recovered and out of its window, so memory follows activity, not history. */
  #evictIfIdle(mailboxId: string, lane: Lane): void {
    const now = this.#clock.now();
    if (
      lane.users === 0 &&
      lane.aimd.limit === this.#mailboxAimd.max &&
      lane.pausedUntil <= now &&
      lane.window?.empty(now) !== false
    ) {
      this.#lanes.delete(mailboxId);
    }
  }
}

function once(release: () => void): Slot {
  let held = true;
  return {
    release: () => {
      if (!held) return;
      held = false;
      release();
    },
  };
}

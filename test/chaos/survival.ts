/**
 * The chaos suite's size and its closing line. Sizes come from the environment, set by
 * `npm run test:chaos -- --seeds N --users U --mailboxes M` (scripts/chaos.mjs); without them the
 * suite runs at CI size inside `npm test`. Each scenario file adds what it survived to a tally
 * file in CYNC_CHAOS_TALLY (when set), and scripts/chaos.mjs prints their sum as its last line.
 */
import { appendFileSync } from "node:fs";

export interface ChaosSize {
  readonly seeds: number;
  readonly users: number;
  readonly mailboxes: number;
}

function sized(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

/** CI size: small enough to add well under a minute to `npm test` on 2 cores. */
export function chaosSize(ci: ChaosSize): ChaosSize {
  return { seeds: sized("CYNC_CHAOS_SEEDS", ci.seeds), users: sized("CYNC_CHAOS_USERS", ci.users), mailboxes: sized("CYNC_CHAOS_MAILBOXES", ci.mailboxes) };
}

export interface Survival {
  seeds: number;
  faults: number;
  retries: number;
  kills: number;
  /** Duplicate contacts the tenant held after a run under faults, removed by a later run. */
  duplicatesRemoved: number;
  /** Desired contacts missing after the last run. */
  lost: number;
  /** Foreign contacts, folders or Deleted Items changed. */
  foreignWrites: number;
}

export const noSurvival = (): Survival => ({ seeds: 0, faults: 0, retries: 0, kills: 0, duplicatesRemoved: 0, lost: 0, foreignWrites: 0 });

/** Prints one scenario's tally and adds it to the run's tally file, if there is one. */
export function report(scenario: string, s: Survival): void {
  console.log(`chaos ${scenario}: ${JSON.stringify(s)}`);
  const file = process.env["CYNC_CHAOS_TALLY"];
  if (file !== undefined && file !== "") appendFileSync(file, `${JSON.stringify(s)}\n`);
}

/**
 * The users side of the directory: `GET /users/delta?$select=<attributes>` the first time, the
 * stored deltaLink afterwards, so a run with no directory change costs one request
 * (docs/architecture.md#performance-model).
 *
 * The deltaLink, the snapshot and the `$select` set they were made with are one state record,
 * written only after a complete round: a failed or partial read raises and leaves the previous
 * record as it was. A full round is read when there is no usable record, when the policies need a
 * different attribute set (delta only tracks the properties selected when the round began,
 * docs/graph-behaviour.md#delta-tracks-selected-properties) and when Graph says the token expired.
 */
import { isDeltaTokenExpired } from "../graph/delta-token";
import { isRecord } from "../json/record";
import type { DirectoryUser } from "../model/directory-user";
import { STATE_KEYS, type StateStore } from "../state";
import { runDeltaRound } from "./delta-round";
import { DirectoryReadError } from "./errors/directory-read-error";
import type { DirectoryGraph } from "./graph";
import { foldRound, mergeRound, type RemovedUsers } from "./user-delta";

/** Shape version of the users state record. */
const USERS_RECORD_VERSION = 1;

interface UsersRecord {
  readonly select: readonly string[];
  readonly deltaLink: string;
  readonly users: readonly DirectoryUser[];
}

export type FullRoundReason = "no-state" | "attributes-changed" | "token-expired";

export interface UsersRead {
  readonly users: Map<string, DirectoryUser>;
  readonly round: "full" | "incremental";
  /** Why a full round was read (absent for an incremental round). */
  readonly fullRoundReason?: FullRoundReason;
  /** Delta pages requested, over all rounds of this read. */
  readonly pages: number;
  readonly removed: RemovedUsers;
  /** Users added or changed by the round. */
  readonly changed: number;
}

export interface ReadUsersOptions {
  readonly graph: DirectoryGraph;
  readonly state: StateStore;
  /** User properties to select (`id` is added); e.g. requiredUserAttributes(policies). */
  readonly attributes: readonly string[];
}

/** The `$select` set: sorted, unique, with `id`. */
export function selectSet(attributes: readonly string[]): string[] {
  return [...new Set(["id", ...attributes])].sort();
}

export function initialUsersDeltaUrl(select: readonly string[]): string {
  return `/users/delta?$select=${select.map(encodeURIComponent).join(",")}`;
}

const OPERATION = "read users delta";

export async function readUsers(options: ReadUsersOptions): Promise<UsersRead> {
  const select = selectSet(options.attributes);
  const record = validRecord(await options.state.read<unknown>(STATE_KEYS.users, USERS_RECORD_VERSION));
  const { read, deltaLink } =
    record === undefined || !sameSet(record.select, select)
      ? await fullRead(options.graph, select, record === undefined ? "no-state" : "attributes-changed", 0)
      : await incrementalRead(options.graph, select, record);
  const saved: UsersRecord = { select, deltaLink, users: [...read.users.values()] };
  await options.state.write(STATE_KEYS.users, saved, USERS_RECORD_VERSION);
  return read;
}

interface RoundResult {
  readonly read: UsersRead;
  readonly deltaLink: string;
}

/**
 * A full round lists every user of the tenant, and a tenant always has one — the administrator who
 * consented to cync's permissions — so a full round without a single user is a failed read, never
 * a fact: trusted, it would look like everyone leaving. Incremental rounds are not judged: "nothing
 * changed" is their usual answer.
 */
async function fullRead(graph: DirectoryGraph, select: string[], reason: FullRoundReason, pagesBefore: number): Promise<RoundResult> {
  const round = await runDeltaRound(graph, initialUsersDeltaUrl(select), OPERATION);
  const merged = mergeRound(undefined, foldRound(round.items));
  if (merged.users.size === 0) throw new DirectoryReadError(`${OPERATION}: a full read returned no users at all; a tenant always has some, so the read is not trusted`);
  return { read: { ...merged, round: "full", fullRoundReason: reason, pages: pagesBefore + round.pages }, deltaLink: round.deltaLink };
}

async function incrementalRead(graph: DirectoryGraph, select: string[], record: UsersRecord): Promise<RoundResult> {
  let round;
  try {
    round = await runDeltaRound(graph, record.deltaLink, OPERATION);
  } catch (err) {
    // The token expired: start over with the initial request, which is what 410's Location names
    // (the same query with an empty token). One request was spent.
    if (isDeltaTokenExpired(err)) return fullRead(graph, select, "token-expired", 1);
    throw err;
  }
  const snapshot = new Map(record.users.map((u) => [u.id, u]));
  const merged = mergeRound(snapshot, foldRound(round.items));
  return { read: { ...merged, round: "incremental", pages: round.pages }, deltaLink: round.deltaLink };
}

function validRecord(data: unknown): UsersRecord | undefined {
  if (!isRecord(data)) return undefined;
  const { select, deltaLink, users } = data;
  if (!Array.isArray(select) || !select.every((s) => typeof s === "string")) return undefined;
  if (typeof deltaLink !== "string" || deltaLink === "") return undefined;
  if (!Array.isArray(users) || !users.every((u) => isRecord(u) && typeof u.id === "string")) return undefined;
  return { select: select as string[], deltaLink, users: users as DirectoryUser[] };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().every((v, i) => v === b[i]);
}

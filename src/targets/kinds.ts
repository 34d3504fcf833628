/**
 * Mailbox kinds from `GET /users/{id}/mailboxSettings?$select=userPurpose`
 * (docs/graph-behaviour.md#mailbox-kind: one call per user, no collection filter; needs
 * MailboxSettings.Read), cached in state with a TTL.
 *
 * userPurpose is user | linked | shared | room | equipment | others; `linked` is a person's
 * mailbox in another forest, so it counts as `user`. A user whose mailbox Exchange does not serve
 * (404 MailboxNotEnabledForRESTAPI, 404 ErrorInvalidUser, 403 ErrorAccessDenied — the mailbox
 * reader's classification, src/mailbox/skip.ts) has kind "none": skipped, not a failed run.
 */
import pLimit from "p-limit";
import { CONCURRENCY } from "../graph/limits";
import { isRecord } from "../json/record";
import type { MailboxKind } from "../policy";
import type { MailboxGraph } from "../mailbox/graph";
import { mailboxSkipReason } from "../mailbox/skip";
import { STATE_KEYS, type StateStore } from "../state";

/** A mailbox's kind, "none" without a usable Exchange mailbox, "other" for userPurpose `others`. */
export type KindOf = MailboxKind | "none" | "other";

/** How long a fetched kind is trusted. A mailbox's kind changes rarely (a leaver's converted to shared). */
export const MAILBOX_KIND_TTL_MS = 24 * 60 * 60 * 1000;

const KINDS_RECORD_VERSION = 1;

interface KindsRecord {
  readonly entries: Readonly<Record<string, { readonly kind: KindOf; readonly at: number }>>;
}

export interface MailboxKindsOptions {
  readonly graph: Pick<MailboxGraph, "get">;
  readonly state: StateStore;
  /** @default MAILBOX_KIND_TTL_MS */
  readonly ttlMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

export interface MailboxKinds {
  /** Kinds of these users: cached when fresh, fetched otherwise. */
  kindsOf(userIds: readonly string[]): Promise<Map<string, KindOf>>;
  /** mailboxSettings requests made so far. */
  readonly requests: number;
  /** Writes the cache (fresh entries only) to state. */
  save(): Promise<void>;
}

export function userPurposeKind(userPurpose: unknown): KindOf {
  switch (userPurpose) {
    case "user":
    case "linked":
      return "user";
    case "shared":
    case "room":
    case "equipment":
      return userPurpose;
    default:
      return "other";
  }
}

export async function openMailboxKinds(options: MailboxKindsOptions): Promise<MailboxKinds> {
  const ttl = options.ttlMs ?? MAILBOX_KIND_TTL_MS;
  const now = options.now ?? Date.now;
  const stored = await options.state.read<KindsRecord>(STATE_KEYS.mailboxKinds, KINDS_RECORD_VERSION);
  const entries = new Map<string, { kind: KindOf; at: number }>();
  if (isRecord(stored?.entries)) {
    for (const [id, e] of Object.entries(stored.entries)) if (typeof e.at === "number" && typeof e.kind === "string") entries.set(id, e);
  }
  const fresh = (id: string): KindOf | undefined => {
    const e = entries.get(id);
    const age = now() - (e?.at ?? -Infinity);
    return e !== undefined && age >= 0 && age < ttl ? e.kind : undefined;
  };
  let requests = 0;

  const fetchKind = async (id: string): Promise<KindOf> => {
    requests++;
    try {
      const body = await options.graph.get(`/users/${encodeURIComponent(id)}/mailboxSettings?$select=userPurpose`, { mailboxId: id });
      return userPurposeKind((body as { userPurpose?: unknown } | null)?.userPurpose);
    } catch (err) {
      if (mailboxSkipReason(err) !== undefined) return "none";
      throw err;
    }
  };

  return {
    get requests() {
      return requests;
    },
    async kindsOf(userIds) {
      const result = new Map<string, KindOf>();
      const toFetch: string[] = [];
      for (const id of userIds) {
        const kind = fresh(id);
        if (kind === undefined) toFetch.push(id);
        else result.set(id, kind);
      }
      // One request per mailbox, each against a different mailbox's limits: as many at once as
      // mailboxes are read at once.
      await pLimit(CONCURRENCY.mailboxes).map(toFetch, async (id) => {
        const kind = await fetchKind(id);
        entries.set(id, { kind, at: now() });
        result.set(id, kind);
      });
      return result;
    },
    async save() {
      const kept = Object.fromEntries([...entries].filter(([id]) => fresh(id) !== undefined));
      await options.state.write(STATE_KEYS.mailboxKinds, { entries: kept } satisfies KindsRecord, KINDS_RECORD_VERSION);
    },
  };
}

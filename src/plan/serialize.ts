/**
 * The saved-plan JSON form. Desired contacts are shared by every mailbox of a policy in memory
 * (docs/architecture.md#performance-model); written inline per mailbox, a first load of 1,000 users
 * into 1,000 mailboxes would repeat each body 1,000 times (≈ 700 MB — past V8's longest string, so
 * `JSON.stringify` would throw). So each policy carries its created contacts once, in `contacts`
 * (source user id → {fields, hash}), and a mailbox's `create` lists source user ids.
 * {@link planFromJson} reads that form and also the inline one (`create` as contact objects).
 *
 * The JSON form is a public format: schema/plan.schema.json, whose generated type
 * (src/generated/plan.ts) {@link planToJson} returns, so the compiler ties what is written to what
 * the schema promises.
 */
import { isRecord } from "../json/record";
import type { ContactSyncPlan } from "../generated/plan";
import type { DesiredContact } from "../model/contact";
import type { MailboxChanges, Plan, PolicyPlan } from "./types";

type StoredContact = Pick<DesiredContact, "fields" | "hash" | "photo">;

/** `T` with every property and array read-only, so the plan's read-only values type-check against the generated (mutable) type. */
type DeepReadonly<T> = T extends (infer E)[] ? readonly DeepReadonly<E>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/** The saved plan's JSON value, as schema/plan.schema.json describes it. */
export type PlanJson = DeepReadonly<ContactSyncPlan>;

/** The plan as a JSON-ready value (key order fixed, contacts ordered by source user id). */
export function planToJson(plan: Plan): PlanJson {
  return {
    apiVersion: plan.apiVersion,
    kind: plan.kind,
    formatVersion: plan.formatVersion,
    meta: plan.meta,
    ...(plan.shard === undefined ? {} : { shard: plan.shard }),
    summary: plan.summary,
    ...(plan.pullRequest === undefined ? {} : { pullRequest: plan.pullRequest }),
    ...(plan.pending === undefined ? {} : { pending: plan.pending }),
    policies: plan.policies.map((p) => {
      const contacts = new Map<string, StoredContact>();
      for (const m of p.mailboxes) {
        for (const c of m.create) contacts.set(c.sourceUserId, c.photo === undefined ? { fields: c.fields, hash: c.hash } : { fields: c.fields, hash: c.hash, photo: c.photo });
      }
      const { mailboxes, unchangedMailboxes, skipped, nonTargets, warnings, pullRequest, pending, ...header } = p;
      return {
        ...header,
        contacts: Object.fromEntries([...contacts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
        mailboxes: mailboxes.map((m) => ({ ...m, create: m.create.map((c) => c.sourceUserId) })),
        unchangedMailboxes,
        skipped,
        nonTargets,
        warnings,
        ...(pullRequest === undefined ? {} : { pullRequest }),
        ...(pending === undefined ? {} : { pending }),
      };
    }),
  };
}

/** Thrown when a saved plan's create list names a contact its policy does not carry. */
export class PlanFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanFormatError";
  }
}

/**
 * A plan from its JSON value (envelope already checked by the caller: format version, meta, policies
 * with mailboxes). Creates given as ids are resolved to one shared {@link DesiredContact} per user.
 */
export function planFromJson(value: Readonly<Record<string, unknown>> & { readonly policies: readonly unknown[] }): Plan {
  const policies = value.policies.map((raw) => {
    const { contacts, ...policy } = raw as Record<string, unknown> & { mailboxes: Record<string, unknown>[] };
    const table = isRecord(contacts) ? contacts : {};
    const shared = new Map<string, DesiredContact>();
    const resolve = (entry: unknown): DesiredContact => {
      if (typeof entry !== "string") return entry as DesiredContact;
      let c = shared.get(entry);
      if (c === undefined) {
        const stored = table[entry];
        if (!isRecord(stored)) throw new PlanFormatError(`policy ${String(policy["policy"])}: a mailbox creates contact ${entry}, which the plan does not carry`);
        c = { sourceUserId: entry, ...(stored as unknown as StoredContact) };
        shared.set(entry, c);
      }
      return c;
    };
    const mailboxes = policy.mailboxes.map((m) => ({ ...m, create: Array.isArray(m["create"]) ? (m["create"] as unknown[]).map(resolve) : [] }) as unknown as MailboxChanges);
    return { ...policy, mailboxes } as unknown as PolicyPlan;
  });
  return { ...(value as unknown as Plan), policies };
}

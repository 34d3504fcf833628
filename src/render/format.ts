/**
 * Small formatting helpers shared by the renderers: numbers, durations, contact labels, values,
 * masking. The duration is also the apply report's, the progress line's and the demo summary's.
 */
import prettyMs from "pretty-ms";
import { shardLabel, type Shard } from "../engine/partition";
import type { ContactFieldName, ContactFields } from "../model/contact";

/** `12,400` — fixed locale so output never depends on the machine. */
export const count = (n: number): string => n.toLocaleString("en-US");

/** `1 contact` / `3 contacts` / `2 mailboxes`. */
export const plural = (n: number, word: string): string => `${count(n)} ${word}${n === 1 ? "" : /(s|x|ch|sh)$/.test(word) ? "es" : "s"}`;

/**
 * Milliseconds in at most two units, tenths of a second only under a minute: `450ms`, `1.2s`,
 * `3m 5s`, `2h 5m`, `2d 7h`.
 */
export function duration(ms: number): string {
  return prettyMs(ms, { unitCount: 2, secondsDecimalDigits: ms < 60_000 ? 1 : 0 });
}

/** `cync plan (shard 2/4)`: a command's name in a heading, with the shard its run covered (`--shard`). */
export const runTitle = (command: string, shard: Shard | undefined): string => (shard === undefined ? command : `${command} (shard ${shardLabel(shard)})`);

/** The name a reviewer recognises: displayName, else the source user id. */
export const contactLabel = (fields: ContactFields, sourceUserId: string): string => fields.displayName ?? sourceUserId;

/**
 * A user as a reader recognises them: `Alice Martin (alice@contoso.com)`, else whichever name is
 * known, else the object id. The UPN is an address, so the redaction's {@link mask} masks it.
 */
export function personLabel(person: { readonly displayName?: string; readonly userPrincipalName?: string }, id: string): string {
  const { displayName, userPrincipalName } = person;
  if (displayName !== undefined && userPrincipalName !== undefined) return `${displayName} (${userPrincipalName})`;
  return displayName ?? userPrincipalName ?? id;
}

/** `a, b, c, … and 12 more` */
export function someNames(names: readonly string[], max: number): string {
  const shown = names.slice(0, max);
  const more = names.length - shown.length;
  return `${shown.join(", ")}${more > 0 ? `, … and ${count(more)} more` : ""}`;
}

/** Fields holding personal contact data, masked when redacting (tfcmt `mask`, docs/architecture.md#prior-art). */
const PERSONAL: ReadonlySet<ContactFieldName> = new Set([
  "mobilePhone",
  "businessPhones",
  "homePhones",
  "emailAddresses",
  "imAddresses",
  "businessAddress",
  "personalNotes",
]);

const MASK = "***";

/** One field's value as display text (`(empty)` when absent), masked for personal fields when redacting. */
export function fieldValue(field: ContactFieldName, fields: ContactFields, redact: boolean): string {
  const v = fields[field];
  if (v === undefined) return "(empty)";
  if (redact && PERSONAL.has(field)) return MASK;
  if (typeof v === "string") return v;
  if (field === "businessAddress") return Object.values(v as Record<string, string>).join(", ");
  if (field === "emailAddresses") return (v as readonly { address: string }[]).map((e) => e.address).join(", ");
  return (v as readonly string[]).join(", ");
}

/**
 * Applied last to rendered text when redacting: e-mail addresses keep only their domain, E.164-like
 * numbers vanish — catches personal values outside the known fields (e.g. a mailbox UPN, a phone in a name).
 */
export function mask(text: string): string {
  return text.replace(/[^\s@<>()`|,;:"'*]+@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g, `${MASK}@$1`).replace(/\+\d[\d\s().-]{5,}\d(;ext=\d+)?/g, MASK);
}

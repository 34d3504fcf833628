/** Small formatting helpers shared by the renderers: numbers, durations, contact labels, values, masking. */
import type { ContactFieldName, ContactFields } from "../model/contact";

/** `12,400` — fixed locale so output never depends on the machine. */
export const count = (n: number): string => n.toLocaleString("en-US");

/** `1 contact` / `3 contacts` / `2 mailboxes`. */
export const plural = (n: number, word: string): string => `${count(n)} ${word}${n === 1 ? "" : /(s|x|ch|sh)$/.test(word) ? "es" : "s"}`;

/** A lower bound in human units: `45 s`, `13 min`, `2 h 5 min`. */
export function duration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s`;
  const min = Math.ceil(s / 60);
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h ${min % 60} min`;
}

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

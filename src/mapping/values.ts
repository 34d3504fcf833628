/**
 * Reading attributes from a Graph user JSON object. Every read yields a list of strings: a missing,
 * null or empty value yields none, a multi-valued attribute (businessPhones, proxyAddresses…) one per
 * element, a dotted path (`onPremisesExtensionAttributes.extensionAttribute1`) walks nested objects
 * and lists. Numbers and booleans become their text; nested objects are not text and yield nothing.
 * Text is cleaned of characters a contact cannot hold (text.ts); `onInvalid` is told each time.
 */
import { cleanText } from "./text";

export function attributeValues(user: Readonly<Record<string, unknown>>, path: string, onInvalid?: () => void): string[] {
  let level: unknown[] = [user];
  for (const key of path.split(".")) {
    const next: unknown[] = [];
    for (const node of level) {
      if (typeof node !== "object" || node === null || Array.isArray(node)) continue;
      const v = (node as Record<string, unknown>)[key];
      if (Array.isArray(v)) next.push(...(v as unknown[]));
      else if (v !== undefined && v !== null) next.push(v);
    }
    level = next;
  }
  const out: string[] = [];
  for (const v of level) {
    const s = typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : undefined;
    if (s === undefined) continue;
    const clean = cleanText(s);
    if (clean.removed) onInvalid?.();
    if (clean.text.trim() !== "") out.push(clean.text);
  }
  return out;
}

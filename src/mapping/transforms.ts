/**
 * The policy's value transforms (schema `Transform`): trim, lowercase, uppercase, titlecase, phone,
 * `{phone: {defaultRegion}}`, `{truncate: N}`. Each maps one string to one string; phone also reports
 * numbers it could not put in international form.
 */
import type { Transform } from "../generated/policy";
import { toE164 } from "./phone";

export interface TransformContext {
  /** The policy's `defaultRegion` (null: numbers without a country code stay as written). */
  readonly defaultRegion: string | null;
  /** Called for each number that is not a valid phone number (written as its cleaned original). */
  readonly onBadPhone: () => void;
  /** Called for each attribute value that had characters a contact cannot hold removed (text.ts). */
  readonly onInvalidCharacters?: () => void;
}

/** The first `n` characters, counted in code points so a surrogate pair (emoji) is never split. */
const truncateText = (text: string, n: number): string => {
  const chars = Array.from(text);
  return chars.length <= n ? text : chars.slice(0, n).join("");
};

/** Upper-case the first letter of each word (after space, hyphen or apostrophe), lower-case the rest. */
const titlecase = (text: string): string => text.toLowerCase().replace(/(^|[\s\-'’])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());

function phone(text: string, region: string | null, ctx: TransformContext): string {
  const r = toE164(text, region);
  if (!r.ok) ctx.onBadPhone();
  return r.value;
}

export function applyTransform(value: string, t: Transform, ctx: TransformContext): string {
  if (typeof t === "string") {
    switch (t) {
      case "trim":
        return value.trim();
      case "lowercase":
        return value.toLowerCase();
      case "uppercase":
        return value.toUpperCase();
      case "titlecase":
        return titlecase(value);
      case "phone":
        return phone(value, ctx.defaultRegion, ctx);
    }
  }
  if ("phone" in t) return phone(value, t.phone.defaultRegion ?? ctx.defaultRegion, ctx);
  return truncateText(value, t.truncate);
}

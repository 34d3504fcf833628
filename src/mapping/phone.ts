/**
 * Phone numbers in international form: caller ID on phones only matches numbers written with their
 * country code (docs/architecture.md#phone-numbers).
 *
 * Extensions are written RFC 3966 style, `+14255550100;ext=123`. Why not `+1 425-555-0100 x123`:
 * Android's dialer (AOSP PhoneNumberUtils.extractNetworkPortion) skips non-dialable characters such
 * as `x` but keeps the digits after them, so `x123` would dial +14255550100123 and break caller-ID
 * matching; `;` is Android's WAIT character (isStartsPostDial), so everything after it becomes the
 * post-dial string, from which extractPostDialPortion keeps only `;123` — the number is dialled,
 * then the extension is offered as tones — and compareLoosely ignores it for caller ID. iOS also
 * uses `;` as "wait" in contact numbers. It is also the form libphonenumber itself formats (RFC3966).
 */
// The "max" metadata validates numbers against each country's real number ranges; the default "min"
// only checks lengths and accepts e.g. the UK number "020 7946 3814" as Brazilian (+55 20 7946-3814)
// — a wrong number on every phone. It is no slower to parse (measured: 20k numbers ≈ 0.5 s either way).
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";

export type PhoneResult = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly value: string };

/** Whitespace runs collapsed and trimmed: the "cleaned original" kept when a number cannot be parsed. */
const cleanText = (text: string): string => text.replace(/\s+/g, " ").trim();

/**
 * E.164 (plus `;ext=N`) when libphonenumber-js parses a valid number, using `defaultRegion` for numbers
 * without a country code; otherwise the cleaned original with `ok: false` (the caller warns).
 */
export function toE164(text: string, defaultRegion: string | null): PhoneResult {
  const cleaned = cleanText(text);
  const options = defaultRegion === null ? undefined : { defaultCountry: defaultRegion as CountryCode };
  let parsed = parsePhoneNumberFromString(cleaned, options);
  // `00` is the international prefix of most of the world (ITU-T E.164 recommends it) but not of the
  // default region (e.g. US dials 011): "0049 30 901820" is +49 wherever it was typed. No national
  // number starts with 00 where 00 is the prefix, and none starts with 0 in North America.
  if ((parsed === undefined || !parsed.isValid()) && cleaned.startsWith("00")) parsed = parsePhoneNumberFromString(`+${cleaned.slice(2)}`);
  if (parsed === undefined || !parsed.isValid()) return { ok: false, value: cleaned };
  return { ok: true, value: parsed.ext === undefined ? parsed.number : `${parsed.number};ext=${parsed.ext}` };
}

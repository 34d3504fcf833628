/**
 * Directory text made fit for a contact. Entra ID stores what it is given: a name pasted from a
 * spreadsheet can carry control characters, a broken import lone UTF-16 surrogates. Exchange
 * stores contact text as XML 1.0 can carry it — an item holding a control character is refused
 * (docs/graph-behaviour.md#invalid-characters) — so these are removed before a value is mapped:
 *
 * - control characters (Unicode category Cc) other than tab, line feed and carriage return — those
 *   are whitespace, trimmed at the ends and kept inside (notes are multi-line);
 * - the noncharacters U+FFFE and U+FFFF, which XML 1.0 excludes
 *   (https://www.w3.org/TR/xml/#charsets);
 * - lone surrogates, which are no character at all.
 *
 * Joiners and other format characters (Cf) stay: a zero-width joiner binds emoji sequences and
 * Persian and Indic words. A value of nothing but whitespace and format characters shows as blank
 * and counts as empty.
 */

const INVALID = /[\p{Cc}\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;
const WHITESPACE = new Set(["\t", "\n", "\r"]);
const BLANK = /^[\s\p{Cf}]*$/u;

export interface CleanText {
  /** The text without invalid characters; "" when nothing visible is left. */
  readonly text: string;
  /** Characters were removed. */
  readonly removed: boolean;
}

export function cleanText(value: string): CleanText {
  let removed = false;
  const text = value.replace(INVALID, (c) => {
    if (WHITESPACE.has(c)) return c;
    removed = true;
    return "";
  });
  return { text: BLANK.test(text) ? "" : text, removed };
}

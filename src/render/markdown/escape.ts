/**
 * Directory values are untrusted text inside a PR comment: escape them so a name like
 * `<details>` or `a|b` cannot open HTML, break a table or end a code span.
 */
const HTML: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "|": "&#124;" };

/** Text for a table cell or a line: HTML-escaped, markdown punctuation backslash-escaped, one line. */
export function mdText(s: string): string {
  return s
    .replace(/[\\`*_[\]~#]/g, "\\$&")
    .replace(/[&<>"|]/g, (c) => HTML[c]!)
    .replace(/\s+/g, " ");
}

/** A value shown as code, safe anywhere (no backtick span to break out of). */
export function mdCode(s: string): string {
  return `<code>${s.replace(/[&<>"|]/g, (c) => HTML[c]!).replace(/\s+/g, " ")}</code>`;
}

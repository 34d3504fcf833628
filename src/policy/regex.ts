/**
 * Regular expressions in `matches` conditions, run by RE2 (the re2-wasm package: Google's RE2
 * compiled to WebAssembly, so no native build on install). RE2 matches in time linear in the input
 * whatever the pattern (https://github.com/google/re2/wiki/WhyRE2), so a policy cannot stall a run
 * with catastrophic backtracking — JavaScript's engine backtracks, and `(a+)+$`, `(\w|\d)+$` or
 * `.*.*=.*` take minutes on a 30- to 4,000-character attribute, while no static check of patterns
 * catches every such form. The syntax is JavaScript's in Unicode mode, less what only a
 * backtracking engine can do: lookahead, lookbehind and backreferences
 * (https://github.com/google/re2/wiki/Syntax).
 */
import { RE2 } from "re2-wasm";

/** A compiled `matches` pattern: `test` is searched anywhere in the text and keeps no state between calls. */
export interface PolicyRegex {
  test(text: string): boolean;
}

/** One way to compile, so the validator and the evaluator agree: Unicode mode, `i` when the condition ignores case, never `g`. */
export function compilePolicyRegex(source: string, ignoreCase: boolean): PolicyRegex {
  return new RE2(source, ignoreCase ? "iu" : "u");
}

/**
 * Why the pattern is refused, or undefined when it is acceptable. JavaScript's parser judges the
 * syntax (its messages are the clearer, and RE2 alone would accept forms JavaScript does not, such
 * as `(?P<name>…)`); compiling a RegExp never runs it, so this costs no backtracking.
 */
export function regexProblem(source: string): string | undefined {
  try {
    new RegExp(source, "u");
  } catch (err) {
    const reason = err instanceof Error ? (err.message.split(": ").pop() ?? err.message) : String(err);
    return `is not a valid regular expression: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`;
  }
  try {
    compilePolicyRegex(source, false);
    return undefined;
  } catch (err) {
    // re2-wasm says "Invalid regular expression: /<source>/u: <reason>"; the diagnostic quotes the source already.
    const message = err instanceof Error ? err.message : String(err);
    const prefix = `Invalid regular expression: /${source}/u: `;
    const reason = message.startsWith(prefix) ? message.slice(prefix.length) : message;
    if (/^invalid escape sequence: \\(?:[1-9]|k)/.test(reason)) return "uses a backreference, which cync's regular expressions do not support; rewrite it without one";
    if (/^invalid perl operator: \(\?(?:[=!]|<$)/.test(reason)) {
      return "uses a lookahead or lookbehind ((?=, (?!, (?<=, (?<!), which cync's regular expressions do not support; rewrite it without one";
    }
    return `is not supported by cync's regular expressions (RE2 syntax): ${reason}`;
  }
}

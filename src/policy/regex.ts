/**
 * Regular expressions in `matches` conditions: one way to compile them (so the validator and the
 * evaluator agree on flags) and a check that refuses patterns prone to catastrophic backtracking.
 * JavaScript's engine backtracks; a pattern like `(a+)+$` takes exponential time on a long
 * non-matching input, and directory attributes are input cync does not control.
 */

/** Unicode mode (`u`): stricter syntax, code-point semantics; `i` when the condition ignores case. */
export function compilePolicyRegex(source: string, ignoreCase: boolean): RegExp {
  return new RegExp(source, ignoreCase ? "iu" : "u");
}

/** Why the pattern is refused, or undefined when it is acceptable. */
export function regexProblem(source: string): string | undefined {
  try {
    compilePolicyRegex(source, false);
  } catch (err) {
    const reason = err instanceof Error ? (err.message.split(": ").pop() ?? err.message) : String(err);
    return `is not a valid regular expression: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`;
  }
  if (/\\[1-9]|\\k</.test(source)) return "uses a backreference, which can make matching very slow; rewrite it without one";
  const risky = nestedRepetition(source);
  if (risky !== undefined) {
    return `has a repeated group that can match the same text in many ways (${risky}), which can take exponential time; simplify it, e.g. write a+ instead of (a+)+`;
  }
  return undefined;
}

interface Group {
  start: number;
  /** Contains an unbounded quantifier (*, +, {n,}) or a large bounded one. */
  repeats: boolean;
  /** Top-level alternatives, when every one is a plain literal (for (a|aa)+). */
  literals: string[] | null;
  current: string;
}

/** The first group quantified without bound that contains a repetition or overlapping alternatives. */
function nestedRepetition(source: string): string | undefined {
  const stack: Group[] = [{ start: 0, repeats: false, literals: [], current: "" }];
  let lastGroup: { start: number; group: Group } | undefined;
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    const top = stack[stack.length - 1]!;
    if (ch === "\\") {
      top.current += source.slice(i, i + 2);
      i += 2;
      lastGroup = undefined;
      continue;
    }
    if (ch === "[") {
      const end = classEnd(source, i);
      top.literals = null;
      i = end + 1;
      lastGroup = undefined;
      continue;
    }
    if (ch === "(") {
      const prefix = /^\(\?(?:[:=!]|<[=!]|<[A-Za-z][\w]*>)/.exec(source.slice(i));
      stack.push({ start: i, repeats: false, literals: [], current: "" });
      i += prefix === null ? 1 : prefix[0].length;
      lastGroup = undefined;
      continue;
    }
    if (ch === ")" && stack.length > 1) {
      const group = stack.pop()!;
      group.literals?.push(group.current);
      const parent = stack[stack.length - 1]!;
      parent.literals = null;
      if (group.repeats) parent.repeats = true;
      lastGroup = { start: group.start, group };
      i += 1;
      continue;
    }
    if (ch === "|") {
      top.literals?.push(top.current);
      top.current = "";
      i += 1;
      lastGroup = undefined;
      continue;
    }
    const quantifier = /^(?:[*+?]|\{(\d+)(,(\d*))?\})\??/.exec(source.slice(i));
    if (quantifier !== null) {
      const unbounded = quantifier[0].startsWith("*") || quantifier[0].startsWith("+") || (quantifier[2] !== undefined && (quantifier[3] === "" || Number(quantifier[3]) > 10));
      if (unbounded) {
        if (lastGroup !== undefined) {
          const { group } = lastGroup;
          const text = source.slice(lastGroup.start, i + quantifier[0].length);
          if (group.repeats || overlapping(group.literals)) return text;
        }
        top.repeats = true;
      }
      top.literals = null;
      i += quantifier[0].length;
      lastGroup = undefined;
      continue;
    }
    top.current += ch;
    i += 1;
    lastGroup = undefined;
  }
  return undefined;
}

/** Index of the `]` closing the character class opened at `open`. */
function classEnd(source: string, open: number): number {
  let i = open + 1;
  if (source[i] === "^") i++;
  if (source[i] === "]") i++;
  while (i < source.length && source[i] !== "]") i += source[i] === "\\" ? 2 : 1;
  return i;
}

/** Alternatives where one is a prefix of another (or empty) can match the same text two ways. */
function overlapping(literals: string[] | null): boolean {
  if (literals === null || literals.length < 2) return false;
  return literals.some((a, i) => literals.some((b, j) => i !== j && b.startsWith(a)));
}

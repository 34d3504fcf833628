/**
 * Estimates how deeply a YAML text nests, from yaml's tokenizer (a loop, not recursion), so a file
 * of 20,000 nested `[` or `- ` is refused before the composer recurses into it. The estimate counts
 * open flow brackets, increasing indentation levels and `-`/`?` indicators on one line; it can only
 * overestimate, by one level per multi-line scalar.
 */
import { Lexer } from "yaml";

/**
 * The lexer's synthetic tokens, which are not in the source text (yaml's cst.ts): document start,
 * end of a flow error, and the start of a scalar (followed by the scalar's source).
 */
const DOCUMENT_MARKER = "\u0002";
const FLOW_END_MARKER = "\u0018";
const SCALAR_MARKER = "\u001f";

export interface DepthExceeded {
  /** 0-based offset in the text where the limit was passed. */
  offset: number;
}

export function findExcessiveNesting(text: string, maxDepth: number): DepthExceeded | undefined {
  let offset = 0;
  let flow = 0;
  const indents: number[] = [];
  let lineIndicators = 0;
  let atLineStart = true;
  let pendingIndent = 0;
  let skipNext = false;
  for (const token of new Lexer().lex(text)) {
    if (token === DOCUMENT_MARKER || token === FLOW_END_MARKER) continue;
    const start = offset;
    if (token !== SCALAR_MARKER) offset += token.length;
    if (skipNext) {
      skipNext = false;
      continue;
    }
    if (token === SCALAR_MARKER) {
      // The scalar's own source (possibly spanning lines, e.g. a block scalar) is not structure.
      skipNext = true;
      if (atLineStart && flow === 0) openLine(pendingIndent);
      atLineStart = false;
      continue;
    }
    if (token === "\n" || token === "\r\n") {
      atLineStart = true;
      pendingIndent = 0;
      lineIndicators = 0;
      continue;
    }
    if (atLineStart && /^ +$/.test(token)) {
      pendingIndent = token.length;
      continue;
    }
    if (token.startsWith("#") || /^[ \t]+$/.test(token)) continue;
    if (atLineStart && flow === 0) openLine(pendingIndent);
    atLineStart = false;
    if (token === "[" || token === "{") flow++;
    else if ((token === "]" || token === "}") && flow > 0) flow--;
    else if ((token === "-" || token === "?") && flow === 0) lineIndicators++;
    if (indents.length + lineIndicators + flow > maxDepth) return { offset: start };
  }
  return undefined;

  function openLine(indent: number): void {
    while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
    indents.push(indent);
  }
}

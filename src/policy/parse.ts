/**
 * Parses one policy file's text into a single YAML document with source positions, hardened:
 * nesting bounded by a pre-scan, duplicate keys rejected, tags (`!!binary`, custom tags) and
 * undefined aliases reported, alias expansion bounded by `maxAliasCount`, one document per file.
 * Syntax errors are reported where the author made them: an unclosed quote or `[`/`{` at its
 * opening character, not where yaml noticed (often a later line, as an indentation problem).
 */
import { CST, isAlias, isCollection, isNode, isPair, LineCounter, parseAllDocuments, Parser, Scalar, visit, type Document } from "yaml";
import { findExcessiveNesting } from "./depth";
import { error, FILE_START, positionInText, type Position } from "./diagnostic";
import { LIMITS } from "./limits";
import type { Diagnostic } from "./types";

export interface ParsedFile {
  doc: Document.Parsed;
  lines: LineCounter;
  /** The document as plain JSON-like data. */
  value: unknown;
}

export type ParseResult = { parsed: ParsedFile } | { diagnostics: Diagnostic[] };

/** Friendlier words for the yaml library's error codes; others keep yaml's own first sentence. */
const YAML_MESSAGES: Partial<Record<string, string>> = {
  DUPLICATE_KEY: "repeats a key that this mapping already has; each key may appear once",
  TAB_AS_INDENT: "is indented with a tab; YAML allows only spaces for indentation",
  BAD_INDENT: "is not indented consistently with the lines around it",
  MULTILINE_IMPLICIT_KEY: "has a key that spans several lines (often a missing `:` or a broken quote)",
  MISSING_CHAR: "is missing a closing quote or bracket",
  BLOCK_AS_IMPLICIT_KEY: "has a nested block where a key was expected",
  UNEXPECTED_TOKEN: "has text YAML does not expect here",
  KEY_OVER_1024_CHARS: "has a key longer than 1024 characters",
  BAD_DQ_ESCAPE: "has an invalid escape sequence in a double-quoted string",
  RESOURCE_EXHAUSTION: "is too deeply nested",
};

export function parsePolicyText(file: string, text: string): ParseResult {
  const lines = new LineCounter();
  const at = (offset: number): Position => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const tooDeep = findExcessiveNesting(text, LIMITS.maxDepth);
  if (tooDeep !== undefined) {
    return fail(error(file, positionInText(text, tooDeep.offset), "", `nests more than ${LIMITS.maxDepth} levels deep`));
  }
  const docs = parseAllDocuments(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
    version: "1.2",
    schema: "core",
    merge: false,
    keepSourceTokens: false,
  });
  const all = Array.isArray(docs) ? docs : [];
  if (!Array.isArray(docs) || all.length === 0 || (all.length === 1 && all[0]!.contents === null && all[0]!.errors.length === 0)) {
    return fail(error(file, FILE_START, "", "is empty; a policy starts with `apiVersion: cync/v1`"));
  }
  if (all.length > 1) {
    const second = all[1]!;
    return fail(error(file, at(second.range[0]), "", "holds more than one YAML document; put each policy in its own file"));
  }
  const doc = all[0]!;
  // A quote left open swallows the rest of the file: whatever else yaml reports follows from it.
  const openQuote = doc.errors.filter((e) => e.code === "MISSING_CHAR").map((e) => unclosedQuoteStart(doc, e.pos[0])).find((start) => start !== undefined);
  if (openQuote !== undefined) return fail(error(file, at(openQuote), "", "has a quote that is never closed"));
  // yaml reports an unclosed `[` or `{` on a later line as bad indentation; point at the bracket.
  const unclosed = doc.errors.length > 0 ? unclosedFlowCollection(text) : undefined;
  if (unclosed !== undefined) {
    const [close, what] = unclosed.bracket === "[" ? ["]", "list"] : ["}", "mapping"];
    return fail(
      error(
        file,
        at(unclosed.offset),
        "",
        `has a \`${unclosed.bracket}\` that is never closed; add the matching \`${close}\` where the ${what} ends (lines inside the brackets must be indented further than the key)`,
      ),
    );
  }
  // Tags are reported below, with the tag's name, for every node that has one.
  const problems = [...doc.errors, ...doc.warnings.filter((w) => w.code !== "TAG_RESOLVE_FAILED")].map((e) => {
    const char = text[e.pos[0]];
    if (e.code === "UNEXPECTED_TOKEN" && (char === "]" || char === "}")) {
      return error(file, at(e.pos[0]), "", `has a \`${char}\` that closes nothing; remove it, or add the matching \`${char === "]" ? "[" : "{"}\` where the ${char === "]" ? "list" : "mapping"} starts`);
    }
    if (e.code === "DUPLICATE_KEY") {
      const key = /^\s*(["']?)([^"':\n]{1,60})\1\s*:/.exec(text.slice(e.pos[0], e.pos[0] + 80))?.[2];
      if (key !== undefined) return error(file, at(e.pos[0]), "", `repeats the key "${key}", which this mapping already has; each key may appear once`);
    }
    return error(file, at(e.pos[0]), "", YAML_MESSAGES[e.code] ?? firstSentence(e.message));
  });
  visit(doc, (_key, node) => {
    if (isPair(node) && isCollection(node.key)) {
      problems.push(error(file, at(node.key.range?.[0] ?? 0), "", "has a key that is a list or mapping; keys must be plain names"));
      return;
    }
    if (!isNode(node)) return;
    const start = node.range?.[0] ?? 0;
    if (isAlias(node) && node.resolve(doc) === undefined) {
      problems.push(error(file, at(start), "", `refers to an anchor &${node.source} that is not defined before it`));
    } else if (!isAlias(node) && node.tag !== undefined) {
      problems.push(error(file, at(start), "", `uses the YAML tag ${shortTag(node.tag)}; policies allow plain values only`));
    }
  });
  if (problems.length > 0) return { diagnostics: dedupe(problems) };
  try {
    return { parsed: { doc, lines, value: doc.toJS({ maxAliasCount: LIMITS.maxAliasCount }) } };
  } catch (err) {
    // toJS throws a ReferenceError when aliases expand past maxAliasCount ("billion laughs").
    const message = err instanceof ReferenceError ? `expands its aliases (*name) too often; at most ${LIMITS.maxAliasCount} alias uses are allowed` : "could not be read as YAML";
    return fail(error(file, FILE_START, "", message));
  }
}

/**
 * yaml reports a missing closing quote where the text ends, often many lines later; the quoted
 * scalar that swallowed the rest of the file starts where the author must look.
 */
function unclosedQuoteStart(doc: Document.Parsed, errorOffset: number): number | undefined {
  let start: number | undefined;
  visit(doc, {
    Scalar(_key, node) {
      const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
      if (quoted && node.range?.[1] === errorOffset) start = node.range[0];
    },
  });
  return start;
}

/**
 * The innermost `[` or `{` that the text never closes, from yaml's concrete syntax tree: a flow
 * collection whose end tokens lack its own closing bracket (a `]` that closes an unclosed `{` ends
 * up in the `{`'s end tokens, so the `{` is the one reported).
 */
function unclosedFlowCollection(text: string): { offset: number; bracket: "[" | "{" } | undefined {
  let found: { offset: number; bracket: "[" | "{" } | undefined;
  for (const token of new Parser().parse(text)) {
    if (token.type !== "document") continue;
    CST.visit(token, (item) => {
      for (const node of [item.key, item.value]) {
        if (node?.type !== "flow-collection") continue;
        const closing = node.start.source === "[" ? "flow-seq-end" : "flow-map-end";
        const closed = node.end.some((t) => t.type === closing);
        if (!closed && (found === undefined || node.start.offset > found.offset)) found = { offset: node.start.offset, bracket: node.start.source === "[" ? "[" : "{" };
      }
    });
  }
  return found;
}

function fail(d: Diagnostic): ParseResult {
  return { diagnostics: [d] };
}

function firstSentence(message: string): string {
  const line = message.split("\n")[0] ?? message;
  const cut = line.replace(/ at line \d+, column \d+:?$/, "");
  return `is not valid YAML: ${cut.charAt(0).toLowerCase()}${cut.slice(1)}`;
}

function shortTag(tag: string): string {
  return tag.startsWith("tag:yaml.org,2002:") ? `!!${tag.slice("tag:yaml.org,2002:".length)}` : tag;
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.line}:${d.column}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

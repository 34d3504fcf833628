/**
 * A documented subset of OData `$filter` for directory objects
 * (https://learn.microsoft.com/graph/api/user-list?view=graph-rest-1.0, docs/graph-behaviour.md#advanced-queries):
 *
 *   prop eq|ne|ge|le 'text' | true | false | null | <guid> | <number>
 *   prop in ('a', 'b')          startswith(prop, 'x')        endswith(prop, 'x')
 *   coll/any(x:x eq 'v')        coll/any(x:x/a eq <literal> and x/b eq <literal>)
 *   and, or, not, ( … )
 *
 * String comparison is case-insensitive, as in the directory. `ne`, `not`, `endswith` and
 * comparisons with null are "advanced queries": Graph needs `ConsistencyLevel: eventual` for them
 * and otherwise answers 400 Request_UnsupportedQuery.
 */
export type Predicate = (obj: Readonly<Record<string, unknown>>) => boolean;

export class FilterError extends Error {}

type Literal = string | number | boolean | null;
type Token = { kind: "word" | "string" | "punct"; text: string };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let text = "";
      i++;
      for (;;) {
        if (i >= src.length) throw new FilterError("Unterminated string literal.");
        if (src[i] === "'") {
          if (src[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += src[i++];
      }
      tokens.push({ kind: "string", text });
    } else if ("(),:".includes(c)) {
      tokens.push({ kind: "punct", text: c });
      i++;
    } else {
      const m = /^[^\s(),:']+/.exec(src.slice(i))!;
      tokens.push({ kind: "word", text: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

const norm = (v: unknown): unknown => (typeof v === "string" ? v.toLowerCase() : v);

function compare(op: string, left: unknown, right: Literal): boolean {
  const l = norm(left ?? null);
  const r = norm(right);
  switch (op) {
    case "eq":
      return l === r;
    case "ne":
      return l !== r;
    case "ge":
      return l !== null && r !== null && (l as string | number) >= (r as string | number);
    case "le":
      return l !== null && r !== null && (l as string | number) <= (r as string | number);
    default:
      throw new FilterError(`Unsupported operator '${op}'.`);
  }
}

const getPath = (obj: unknown, path: string[]): unknown =>
  path.reduce<unknown>((o, k) => (o !== null && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj);

export interface ParsedFilter {
  readonly predicate: Predicate;
  /** The filter uses an advanced-query construct (needs ConsistencyLevel: eventual). */
  readonly advanced: boolean;
}

/** A compiled clause: `item` is the element a surrounding `any(x: …)` lambda is looking at. */
type Clause = (root: Readonly<Record<string, unknown>>, item: unknown) => boolean;

export function parseFilter(src: string, known: readonly string[]): ParsedFilter {
  const tokens = tokenize(src);
  let lambdaVar: string | undefined;
  const byLower = new Map(known.map((p) => [p.toLowerCase(), p]));
  let pos = 0;
  let advanced = false;
  const peek = (): Token | undefined => tokens[pos];
  const take = (): Token => {
    const t = tokens[pos++];
    if (!t) throw new FilterError("Unexpected end of filter.");
    return t;
  };
  const expect = (text: string): void => {
    const t = take();
    if (t.text !== text) throw new FilterError(`Expected '${text}' but found '${t.text}'.`);
  };
  const isWord = (t: Token | undefined, w: string): boolean => t?.kind === "word" && t.text.toLowerCase() === w;

  function property(name: string): string {
    const p = byLower.get(name.toLowerCase());
    if (!p) throw new FilterError(`Could not find a property named '${name}'.`);
    return p;
  }

  function literal(): Literal {
    const t = take();
    if (t.kind === "string") return t.text;
    if (t.kind !== "word") throw new FilterError(`Unexpected '${t.text}'.`);
    const w = t.text.toLowerCase();
    if (w === "true") return true;
    if (w === "false") return false;
    if (w === "null") {
      advanced = true;
      return null;
    }
    if (/^-?\d+(\.\d+)?$/.test(w)) return Number(w);
    // GUIDs and date-times are written bare (e.g. `skuId eq cbdc14ab-…`).
    if (/^[0-9a-f-]{36}$/.test(w) || /^\d{4}-\d{2}-\d{2}T/.test(t.text)) return w;
    throw new FilterError(`Unexpected literal '${t.text}'.`);
  }

  function comparisonOn(getter: (root: Readonly<Record<string, unknown>>, item: unknown) => unknown): Clause {
    const opTok = take();
    const op = opTok.text.toLowerCase();
    if (op === "in") {
      expect("(");
      const values: Literal[] = [];
      for (;;) {
        values.push(literal());
        const t = take();
        if (t.text === ")") break;
        if (t.text !== ",") throw new FilterError("Expected ',' or ')'.");
      }
      return (o, item) => values.some((v) => compare("eq", getter(o, item), v));
    }
    if (!["eq", "ne", "ge", "le"].includes(op)) throw new FilterError(`Unsupported operator '${opTok.text}'.`);
    if (op === "ne") advanced = true;
    const value = literal();
    return (o, item) => compare(op, getter(o, item), value);
  }

  function primary(): Clause {
    const t = peek();
    if (t?.text === "(") {
      take();
      const inner = orExpr();
      expect(")");
      return inner;
    }
    if (isWord(t, "not")) {
      take();
      advanced = true;
      const inner = primary();
      return (o, item) => !inner(o, item);
    }
    const word = take();
    if (word.kind !== "word") throw new FilterError(`Unexpected '${word.text}'.`);
    const fn = word.text.toLowerCase();
    if ((fn === "startswith" || fn === "endswith") && peek()?.text === "(") {
      take();
      const get = operand(take().text);
      expect(",");
      const value = literal();
      expect(")");
      if (typeof value !== "string") throw new FilterError(`${fn} needs a string.`);
      if (fn === "endswith") advanced = true;
      const needle = value.toLowerCase();
      return (o, item) => {
        const v = get(o, item);
        return typeof v === "string" && (fn === "startswith" ? v.toLowerCase().startsWith(needle) : v.toLowerCase().endsWith(needle));
      };
    }
    const anyMatch = /^([^/]+)\/any$/i.exec(word.text);
    if (anyMatch && lambdaVar === undefined) {
      const coll = property(anyMatch[1]!);
      expect("(");
      lambdaVar = take().text;
      expect(":");
      const inner = orExpr();
      lambdaVar = undefined;
      expect(")");
      return (o) => {
        const items = o[coll];
        return Array.isArray(items) && items.some((item) => inner(o, item));
      };
    }
    return comparisonOn(operand(word.text));
  }

  /** A property path, or inside a lambda its variable's path (`x`, `x/skuId`). */
  function operand(text: string): (root: Readonly<Record<string, unknown>>, item: unknown) => unknown {
    const path = text.split("/");
    if (lambdaVar !== undefined && path[0] === lambdaVar) return (_o, item) => getPath(item, path.slice(1));
    const prop = property(path[0]!);
    return (o) => getPath(o[prop], path.slice(1));
  }

  function andExpr(): Clause {
    let left = primary();
    while (isWord(peek(), "and")) {
      take();
      const l = left;
      const r = primary();
      left = (o, item) => l(o, item) && r(o, item);
    }
    return left;
  }

  function orExpr(): Clause {
    let left = andExpr();
    while (isWord(peek(), "or")) {
      take();
      const l = left;
      const r = andExpr();
      left = (o, item) => l(o, item) || r(o, item);
    }
    return left;
  }

  const clause = orExpr();
  if (pos !== tokens.length) throw new FilterError(`Unexpected '${tokens[pos]!.text}'.`);
  return { predicate: (o) => clause(o, undefined), advanced };
}

/**
 * Delta's only filter: `id eq '…'` OR-ed, at most 50 ids (docs/graph-behaviour.md#delta-id-filter).
 * Returns the ids, or undefined when the filter has another shape.
 */
export function parseIdFilter(src: string): string[] | undefined {
  const parts = src.split(/\s+or\s+/i);
  const ids: string[] = [];
  for (const part of parts) {
    const m = /^\s*id\s+eq\s+'([0-9a-fA-F-]{36})'\s*$/i.exec(part);
    if (!m) return undefined;
    ids.push(m[1]!.toLowerCase());
  }
  return ids;
}

/**
 * The OData query options the Outlook contact endpoints accept ($select, $top, $skip, $filter,
 * $expand=extensions(…)), parsed into plain values or a Graph error description. Pure functions.
 */
import type { BodyError } from "./contact";
import { extensionName } from "./extension";

/** A rejected query option: HTTP status plus Graph error code and message. */
export interface QueryError extends BodyError {
  readonly status: number;
}

export type Parsed<T> = { ok: T } | { error: QueryError };

const bad = (code: string, message: string, status = 400): { error: QueryError } => ({ error: { status, code, message } });

/**
 * `$select=a,b` against a property table (lower-case → canonical). Graph answers an unknown name
 * with 400 `RequestBroker--ParseUri` "Could not find a property named '…' on type '…'."
 */
export function parseSelect(query: URLSearchParams, known: ReadonlyMap<string, string>, type: string): Parsed<Set<string> | undefined> {
  const raw = query.get("$select");
  if (raw === null || raw.trim() === "") return { ok: undefined };
  const out = new Set<string>();
  for (const part of raw.split(",")) {
    const name = known.get(part.trim().toLowerCase());
    if (name === undefined) return bad("RequestBroker--ParseUri", `Could not find a property named '${part.trim()}' on type '${type}'.`);
    out.add(name);
  }
  return { ok: out };
}

/**
 * `$top` for Outlook collections: default page 10, at most 1,000 (documented for messages,
 * inferred for contacts: docs/graph-behaviour.md#contact-list-and-paging).
 */
export const DEFAULT_PAGE = 10;
const MAX_PAGE = 1000;

export function parseTop(query: URLSearchParams): Parsed<number> {
  const raw = query.get("$top");
  if (raw === null) return { ok: DEFAULT_PAGE };
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) {
    return bad("ErrorInvalidUrlQuery", `The value '${raw}' of query option $top must be an integer between 1 and ${MAX_PAGE}.`);
  }
  return { ok: n };
}

/** `$skip`, which Outlook collections use in their nextLinks. */
export function parseSkip(query: URLSearchParams): Parsed<number> {
  const raw = query.get("$skip");
  if (raw === null) return { ok: 0 };
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 ? { ok: n } : bad("ErrorInvalidUrlQuery", `The value '${raw}' of query option $skip is invalid.`);
}

/** OData string literal: single quotes, a quote doubled inside. */
const LITERAL = "'((?:[^']|'')*)'";
const unquote = (s: string): string => s.replace(/''/g, "'");

/** The filters the simulator understands; anything else is refused as Outlook refuses it. */
export type Filter =
  | { readonly kind: "displayName"; readonly value: string }
  | { readonly kind: "email"; readonly value: string }
  | { readonly kind: "extension"; readonly name: string };

const FILTERS: ReadonlyArray<readonly [RegExp, (m: string) => Filter]> = [
  [new RegExp(`^displayName eq ${LITERAL}$`, "i"), (v) => ({ kind: "displayName", value: unquote(v) })],
  // emailAddresses/any(a:a/address eq '…') is the one email filter
  // (docs/graph-behaviour.md#contact-list-and-paging).
  [new RegExp(`^emailAddresses/any\\((\\w+):\\1/address eq ${LITERAL}\\)$`, "i"), (v) => ({ kind: "email", value: unquote(v) })],
  // Find items carrying an extension (docs/graph-behaviour.md#reading-extensions).
  [new RegExp(`^extensions/any\\((\\w+):\\1/id eq ${LITERAL}\\)$`, "i"), (v) => ({ kind: "extension", name: extensionName(unquote(v)) })],
];

export function parseFilter(query: URLSearchParams, allowed: ReadonlyArray<Filter["kind"]>): Parsed<Filter | undefined> {
  const raw = query.get("$filter");
  if (raw === null) return { ok: undefined };
  const text = raw.trim();
  for (const [re, make] of FILTERS) {
    const m = re.exec(text);
    if (!m) continue;
    const filter = make(m[m.length - 1]!);
    if (allowed.includes(filter.kind)) return { ok: filter };
  }
  // Outlook's answer to a filter it cannot evaluate (not documented; unverified).
  return bad("ErrorInvalidUrlQueryFilter", "The query filter contains one or more invalid nodes.");
}

/**
 * `$expand=extensions($filter=id eq '{name}')` — the only expansion contacts offer. Without the
 * filter Graph answers ErrorGraphExtensionExpandRequiresFilter (msgraph-metadata#617).
 */
export function parseExpand(query: URLSearchParams): Parsed<string | undefined> {
  const raw = query.get("$expand");
  if (raw === null || raw.trim() === "") return { ok: undefined };
  const text = raw.trim();
  if (/^extensions$/i.test(text)) {
    return bad("ErrorGraphExtensionExpandRequiresFilter", "Expanding extensions requires a $filter on the extension id.");
  }
  const m = new RegExp(`^extensions\\(\\$filter=id eq ${LITERAL}\\)$`, "i").exec(text);
  if (m) return { ok: extensionName(unquote(m[1]!)) };
  const prop = text.split(/[(,]/)[0]!.trim();
  return bad("RequestBroker--ParseUri", `Could not find a property named '${prop}' on type 'microsoft.graph.contact'.`);
}

/** `Prefer: odata.maxpagesize=N` (delta paging); returns undefined when absent or malformed. */
export function preferredPageSize(prefer: string | undefined): number | undefined {
  const m = prefer ? /odata\.maxpagesize\s*=\s*(\d+)/i.exec(prefer) : null;
  if (!m) return undefined;
  const n = Number(m[1]);
  return n >= 1 ? Math.min(n, MAX_PAGE) : undefined;
}

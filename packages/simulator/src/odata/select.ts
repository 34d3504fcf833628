/**
 * `$select` for directory objects: parse against the type's property list and project an object.
 * Graph answers an unknown property with 400, and a property stored outside the directory's main
 * store (skills, mailboxSettings, …) on a collection or delta with 501
 * (docs/graph-behaviour.md#properties-outside-the-directory).
 */
export type SelectResult = { ok: true; props: readonly string[] | undefined } | { ok: false; status: 400 | 501; code: string; message: string };

export function parseSelect(
  raw: string | null,
  known: readonly string[],
  typeName: string,
  outsideStore: ReadonlySet<string> = new Set(),
): SelectResult {
  if (raw === null || raw.trim() === "") return { ok: true, props: undefined };
  const byLower = new Map(known.map((p) => [p.toLowerCase(), p]));
  const props: string[] = [];
  for (const part of raw.split(",")) {
    const name = part.trim();
    const prop = byLower.get(name.toLowerCase());
    if (prop === undefined) {
      if (outsideStore.has(name)) {
        return { ok: false, status: 501, code: "NotImplemented", message: "This operation target is not yet supported." };
      }
      return { ok: false, status: 400, code: "Request_BadRequest", message: `Could not find a property named '${name}' on type '${typeName}'.` };
    }
    if (!props.includes(prop)) props.push(prop);
  }
  return { ok: true, props };
}

/**
 * Project `source` onto `props` (id always included, as Graph does). `omitUnset` drops never-set
 * properties — delta responses omit them, list responses send null (or [] for collections).
 */
export function project(
  source: object,
  props: readonly string[],
  omitUnset: boolean,
  collections: ReadonlySet<string> = new Set(),
): Record<string, unknown> {
  const src = source as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const p of props) {
    const v = src[p];
    if (v === undefined || v === null) {
      if (!omitUnset) out[p] = collections.has(p) ? [] : null;
    } else {
      out[p] = v;
    }
  }
  if (!("id" in out)) out["id"] = src["id"];
  return out;
}

/** The `@odata.context` of a collection, naming the selected properties like Graph does. */
export function collectionContext(baseUrl: string, entitySet: string, props: readonly string[] | undefined): string {
  return `${baseUrl}/$metadata#${entitySet}${props ? `(${props.join(",")})` : ""}`;
}

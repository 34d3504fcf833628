/** Walking a JSON Schema, for the tests that hold schema/*.schema.json to the project's rules. */

/** Every subschema with its JSON pointer. */
export function* walk(node: unknown, pointer: string): Generator<[string, Record<string, unknown>]> {
  if (node === null || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* walk(item, `${pointer}/${i}`);
    return;
  }
  const n = node as Record<string, unknown>;
  yield [pointer, n];
  for (const key of ["properties", "definitions"]) {
    for (const [name, child] of Object.entries((n[key] as Record<string, unknown> | undefined) ?? {})) yield* walk(child, `${pointer}/${key}/${name}`);
  }
  for (const key of ["items", "not"]) if (n[key] !== undefined) yield* walk(n[key], `${pointer}/${key}`);
  for (const key of ["oneOf", "anyOf", "allOf"]) if (n[key] !== undefined) yield* walk(n[key], `${pointer}/${key}`);
}


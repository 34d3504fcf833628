/** Finds where in the YAML source a path into the document points. */
import { isMap, isScalar, isSeq, type Node, type Pair } from "yaml";
import { FILE_START, type Position } from "./diagnostic";
import type { ParsedFile } from "./parse";

export type PathSegment = string | number;

/**
 * The source position for a path: the key of the last mapping entry on the path (so `unknown
 * field` and `wrong type` point at the line that names the field), or the sequence item, or — for
 * a path through an alias or a missing entry — the deepest node that exists.
 */
export function locate(parsed: ParsedFile, path: readonly PathSegment[]): Position {
  let node: unknown = parsed.doc.contents;
  let best: Node | null = node as Node | null;
  for (const segment of path) {
    if (isMap(node)) {
      // toJS turns every key into a string (`1:` becomes "1"), and so does the path.
      const pair = node.items.find((p: Pair) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair === undefined) break;
      best = isScalar(pair.key) ? pair.key : best;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      node = node.items[segment];
      if (node === undefined) break;
      best = node as Node;
    } else {
      break;
    }
  }
  return positionOf(parsed, best);
}

function positionOf(parsed: ParsedFile, node: Node | null | undefined): Position {
  const offset = node?.range?.[0];
  if (offset === undefined) return FILE_START;
  const { line, col } = parsed.lines.linePos(offset);
  return { line, column: col };
}

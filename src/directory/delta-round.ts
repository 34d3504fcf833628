/**
 * One delta round: follow `@odata.nextLink` from a start URL until a page carries
 * `@odata.deltaLink` (docs/graph-behaviour.md#delta-rounds-and-links). Pages may be empty; links
 * are used exactly as given (no `$top`: users/groups delta does not support it). Any failure
 * rejects the whole round, so a caller never sees part of a round and never stores a link it did
 * not reach.
 */
import { DirectoryReadError } from "./errors/directory-read-error";
import { parseDeltaPage } from "../graph/odata-page";
import type { DirectoryGraph } from "./graph";

export interface DeltaRound {
  /** Every item of every page, in the order Graph sent them. */
  readonly items: readonly Record<string, unknown>[];
  /** The whole URL to start the next round with. */
  readonly deltaLink: string;
  readonly pages: number;
}

export async function runDeltaRound(graph: DirectoryGraph, startUrl: string, operation: string): Promise<DeltaRound> {
  const items: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  let url = startUrl;
  for (let pages = 1; ; pages++) {
    const page = parseDeltaPage(await graph.get(url), operation);
    for (const item of page.value) items.push(item);
    if (page.deltaLink !== undefined) return { items, deltaLink: page.deltaLink, pages };
    // parseDeltaPage guarantees a nextLink here; a link seen before would loop forever.
    const next = page.nextLink!;
    if (seen.has(next)) throw new DirectoryReadError(`${operation}: Graph sent the same nextLink twice`);
    seen.add(next);
    url = next;
  }
}

/**
 * Faithfulness checks against the real Graph payloads vendored in fixtures/graph/ (copied from
 * Microsoft's documentation and public issues; fixtures/graph/README.md lists each file's source and
 * date): a simulator answer must have the fixture's status, the same keys and
 * annotations (`@odata.*`, `@removed`, `members@delta`, …) and the same value types — ids, times
 * and texts may differ.
 *
 * Rules, applied recursively:
 * - object: the same set of keys — except inside an error's `innerError`, where the answer may add
 *   keys (today's Graph adds `client-request-id`; the fixtures predate it, docs/graph-behaviour.md#error-shape);
 * - array: when the fixture's is non-empty, the answer's must be non-empty too and each of its
 *   elements must match at least one fixture element (collections mix shapes, e.g. a user and an
 *   `@removed` entry); an empty fixture array accepts any array;
 * - primitive: the same JSON type; null matches any type (Graph properties are nullable), and a
 *   fixture string matches a string.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * fixtures/graph/ of the repository this file is in: the nearest ancestor directory that has one, so
 * the helper finds the payloads from wherever it lives in the tree. `CYNC_GRAPH_FIXTURES` overrides it.
 */
function vendoredFixtures(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "fixtures", "graph");
    if (existsSync(join(candidate, "README.md"))) return candidate;
    if (dirname(dir) === dir) throw new Error(`no fixtures/graph/ directory above ${from}; set CYNC_GRAPH_FIXTURES to the Graph payloads`);
  }
}

const FIXTURE_DIR = process.env["CYNC_GRAPH_FIXTURES"] ?? vendoredFixtures(__dirname);

export interface Fixture {
  readonly source: string;
  readonly request: { method: string; url: string; headers: Record<string, string>; body: unknown } | null;
  readonly response: { status: number; headers: Record<string, string>; body: unknown };
  readonly notes: string | null;
}

export function loadFixture(name: string): Fixture {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, name.endsWith(".json") ? name : `${name}.json`), "utf8")) as Fixture;
}

const typeOf = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/** Differences between the shapes of `actual` and `expected`, as "path: problem" lines. */
export function shapeDifferences(actual: unknown, expected: unknown, path = "$"): string[] {
  const ta = typeOf(actual);
  const te = typeOf(expected);
  if (ta === "null" || te === "null") return [];
  if (ta !== te) return [`${path}: expected ${te}, got ${ta}`];
  if (te === "array") {
    const exp = expected as unknown[];
    const act = actual as unknown[];
    if (exp.length === 0) return [];
    if (act.length === 0) return [`${path}: expected a non-empty array like the fixture's, got []`];
    const out: string[] = [];
    act.forEach((item, i) => {
      const attempts = exp.map((e) => shapeDifferences(item, e, `${path}[${i}]`));
      if (!attempts.some((d) => d.length === 0)) {
        out.push(...attempts.reduce((best, d) => (d.length < best.length ? d : best)));
      }
    });
    return out;
  }
  if (te === "object") {
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    const out: string[] = [];
    for (const k of Object.keys(e)) if (!(k in a)) out.push(`${path}: missing key "${k}"`);
    if (!path.endsWith(".innerError")) for (const k of Object.keys(a)) if (!(k in e)) out.push(`${path}: unexpected key "${k}"`);
    for (const k of Object.keys(e)) if (k in a) out.push(...shapeDifferences(a[k], e[k], `${path}.${k}`));
    return out;
  }
  return [];
}

/** Throw, listing every difference, unless `actual` has the fixture response's status and shape. */
export function expectFixtureShape(actual: { status: number; body: unknown }, fixture: Fixture): void {
  const problems: string[] = [];
  if (actual.status !== fixture.response.status) problems.push(`status: expected ${fixture.response.status}, got ${actual.status}`);
  problems.push(...shapeDifferences(actual.body, fixture.response.body));
  if (problems.length > 0) {
    throw new Error(`answer differs from fixture (${fixture.source}):\n  ${problems.join("\n  ")}\nactual body: ${JSON.stringify(actual.body).slice(0, 2000)}`);
  }
}

/**
 * Route matching. Patterns are compiled once into segment lists; a request path matches a route of
 * the same length whose literal segments equal the path's (case-insensitively, as Graph's are) — the
 * most literal match wins, so "/users/delta" beats "/users/{userId}".
 */
import type { Params, Route } from "./types";

interface Compiled {
  readonly route: Route;
  /** Lower-cased literal, or null for a `{param}` segment. */
  readonly literals: readonly (string | null)[];
  readonly names: readonly (string | undefined)[];
  readonly score: number;
}

export type Match =
  | { readonly kind: "route"; readonly route: Route; readonly params: Params }
  | { readonly kind: "method-not-allowed" }
  | { readonly kind: "not-found"; readonly segment: string };

function splitPath(path: string): string[] {
  return path.split("/").filter((s) => s !== "");
}

export interface Router {
  match(method: string, path: string): Match;
}

export function createRouter(routes: readonly Route[]): Router {
  const byLength = new Map<number, Compiled[]>();
  for (const route of routes) {
    const segments = splitPath(route.pattern);
    const literals = segments.map((s) => (/^\{.+\}$/.test(s) ? null : s.toLowerCase()));
    const names = segments.map((s) => (/^\{(.+)\}$/.exec(s)?.[1]));
    const list = byLength.get(segments.length) ?? [];
    list.push({ route, literals, names, score: literals.filter((l) => l !== null).length });
    byLength.set(segments.length, list);
  }
  for (const list of byLength.values()) list.sort((a, b) => b.score - a.score);

  return {
    match(method, path) {
      const segments = splitPath(path);
      const lower = segments.map((s) => s.toLowerCase());
      let pathMatched = false;
      for (const c of byLength.get(segments.length) ?? []) {
        if (!c.literals.every((l, i) => l === null || l === lower[i])) continue;
        if (c.route.method !== method) {
          pathMatched = true;
          continue;
        }
        const params: Record<string, string> = {};
        c.names.forEach((n, i) => {
          if (n !== undefined) params[n] = segments[i]!;
        });
        return { kind: "route", route: c.route, params };
      }
      if (pathMatched) return { kind: "method-not-allowed" };
      return { kind: "not-found", segment: segments[segments.length - 1] ?? "" };
    },
  };
}

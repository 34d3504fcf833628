/** An in-memory DirectoryGraph: answers GETs from a table of URL → body (or failure), logging calls. */
import type { DirectoryGraph } from "../../src/directory";

export type Answer = unknown | { readonly fail: { readonly status: number; readonly code: string } };

export interface FakeGraph extends DirectoryGraph {
  readonly calls: string[];
  /** Adds or replaces answers. */
  answer(table: Record<string, Answer>): void;
}

export function fakeGraph(table: Record<string, Answer> = {}): FakeGraph {
  const answers = new Map(Object.entries(table));
  const calls: string[] = [];
  return {
    calls,
    answer(more) {
      for (const [k, v] of Object.entries(more)) answers.set(k, v);
    },
    get(url: string) {
      calls.push(url);
      if (!answers.has(url)) return Promise.reject(new Error(`unexpected GET ${url}`));
      const answer = answers.get(url);
      if (typeof answer === "object" && answer !== null && "fail" in answer) {
        const { status, code } = (answer as { fail: { status: number; code: string } }).fail;
        return Promise.reject(Object.assign(new Error(`GET failed with status ${status} ${code}`), { status, code }));
      }
      return Promise.resolve(structuredClone(answer));
    },
  };
}

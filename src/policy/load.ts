/**
 * Loading policies: find the files, read each as bounded UTF-8, parse hardened YAML, validate
 * against the schema, resolve defaults, check what the schema cannot, then check across policies.
 * Every problem becomes a Diagnostic with file, line, column and path; nothing throws for bad input.
 */
import { error, formatPath, NO_POSITION, warning } from "./diagnostic";
import { policyFiles } from "./files";
import { locate } from "./locate";
import { checkAcrossPolicies } from "./overlap";
import { parsePolicyText, type ParsedFile } from "./parse";
import { readPolicyText } from "./read";
import { policyDigest, resolvePolicy } from "./resolve";
import { policySchema } from "./schema";
import { explainSchemaErrors } from "./schema-errors";
import { checkPolicy } from "./semantic";
import type { Diagnostic, LoadedPolicy, LoadResult } from "./types";

/** Loads every policy under the given files and directories (default used by the CLI: `policies/`). */
export async function loadPolicies(paths: readonly string[]): Promise<LoadResult> {
  const found = await policyFiles(paths);
  const diagnostics = [...found.diagnostics];
  const loaded: { policy: LoadedPolicy; parsed: ParsedFile }[] = [];
  for (const file of found.files) {
    const result = await loadPolicyFile(file);
    diagnostics.push(...result.diagnostics);
    if (result.loaded !== undefined) loaded.push(result.loaded);
  }
  const cross = checkAcrossPolicies(
    loaded.map(({ policy }) => ({ file: policy.file, resolved: policy.resolved, hasFolder: policy.policy.spec.folder !== undefined })),
  );
  const rejected = new Set<number>();
  for (const problem of cross) {
    const { policy, parsed } = loaded[problem.index]!;
    diagnostics.push(error(policy.file, locate(parsed, problem.path), formatPath(problem.path), problem.message));
    rejected.add(problem.index);
  }
  return { policies: loaded.filter((_, i) => !rejected.has(i)).map((l) => l.policy), diagnostics };
}

/** One file on its own (no cross-policy checks). */
async function loadPolicyFile(file: string): Promise<{ loaded?: { policy: LoadedPolicy; parsed: ParsedFile }; diagnostics: Diagnostic[] }> {
  let read;
  try {
    read = await readPolicyText(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === "EACCES"
        ? "cannot be read (permission denied)"
        : code === "EISDIR"
          ? "is a directory"
          : code === "ELOOP"
            ? "is a symbolic link that leads back to itself; remove it"
            : code === "ENOENT"
              ? "is a symbolic link to a file that does not exist; remove it or restore its target"
              : "cannot be read";
    return { diagnostics: [error(file, NO_POSITION, "", reason)] };
  }
  if ("diagnostic" in read) return { diagnostics: [read.diagnostic] };
  return checkText(file, read.text);
}

/** Parses, validates and resolves one policy text; `file` only labels the diagnostics. */
export function checkText(file: string, text: string): { loaded?: { policy: LoadedPolicy; parsed: ParsedFile }; diagnostics: Diagnostic[] } {
  const parse = parsePolicyText(file, text);
  if ("diagnostics" in parse) return { diagnostics: parse.diagnostics };
  const { parsed } = parse;
  const { schema, validate } = policySchema();
  if (!validate(parsed.value)) {
    const problems = explainSchemaErrors(schema, parsed.value, validate.errors ?? []);
    const diagnostics = problems.map((p) => error(file, locate(parsed, p.pointAt), formatPath(p.path), p.message));
    return { diagnostics: sortByPosition(diagnostics) };
  }
  const policy = parsed.value;
  const resolved = resolvePolicy(policy);
  const semantic = checkPolicy(policy, resolved).map((p) =>
    (p.severity === "error" ? error : warning)(file, locate(parsed, p.path), formatPath(p.path), p.message),
  );
  const diagnostics = sortByPosition(semantic);
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  return { loaded: { policy: { file, policy, resolved, digest: policyDigest(resolved) }, parsed }, diagnostics };
}

function sortByPosition(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => a.line - b.line || a.column - b.column);
}

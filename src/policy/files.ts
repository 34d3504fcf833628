/**
 * Which files `cync validate [paths…]` and the loader read: files as given, directories' *.yaml /
 * *.yml, recursively. Bounded: a directory holding more policy files than LIMITS.maxFiles is refused
 * without reading the rest (a wrong path, such as a home directory, fails fast), and a symbolic link
 * to a directory already being read — a loop, or a second way to the same policies — is refused
 * rather than followed again. Other symbolic links are followed: a policies directory may link
 * teams' directories in.
 */
import { opendir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { error, NO_POSITION } from "./diagnostic";
import { LIMITS } from "./limits";
import type { Diagnostic } from "./types";

const POLICY_EXTENSIONS = [".yaml", ".yml"];

export async function policyFiles(paths: readonly string[]): Promise<{ files: string[]; diagnostics: Diagnostic[] }> {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => undefined);
    if (info === undefined) {
      diagnostics.push(error(p, NO_POSITION, "", "does not exist"));
    } else if (info.isDirectory()) {
      const walked = await walk(p);
      if (walked.problem !== undefined) diagnostics.push(walked.problem);
      else if (walked.files.length === 0) diagnostics.push(error(p, NO_POSITION, "", "holds no policy files (*.yaml or *.yml)"));
      files.push(...walked.files);
    } else {
      files.push(p);
    }
  }
  return { files: [...new Set(files)], diagnostics };
}

/** Policy files under a directory, sorted, so reports and digests come out in a stable order; or the one problem that stopped the walk. */
async function walk(root: string): Promise<{ files: string[]; problem?: Diagnostic }> {
  const files: string[] = [];
  const seen = new Map<string, string>();
  let found = 0;
  const tooMany = (): Diagnostic =>
    error(root, NO_POSITION, "", `holds more than ${LIMITS.maxFiles} policy files; cync reads at most ${LIMITS.maxFiles} — check that this is the policies directory`);
  const visit = async (dir: string): Promise<Diagnostic | undefined> => {
    const real = await realpath(dir);
    const first = seen.get(real);
    if (first !== undefined) {
      return error(dir, NO_POSITION, "", `is a symbolic link to ${first}, which is read already (a loop, or a second way to the same policies); remove the link`);
    }
    seen.set(real, dir);
    const names: { name: string; directory: boolean }[] = [];
    for await (const entry of await opendir(dir)) {
      if (entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      // A link counts as what it points to; a broken one is reported when it is read, as a file.
      const directory = entry.isDirectory() || (entry.isSymbolicLink() && (await stat(full).catch(() => undefined))?.isDirectory() === true);
      if (!directory && !POLICY_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) continue;
      if (!directory && ++found > LIMITS.maxFiles) return tooMany();
      names.push({ name: entry.name, directory });
    }
    for (const { name, directory } of names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(dir, name);
      if (directory) {
        const problem = await visit(full);
        if (problem !== undefined) return problem;
      } else {
        files.push(full);
      }
    }
    return undefined;
  };
  const problem = await visit(root);
  return problem === undefined ? { files } : { files: [], problem };
}

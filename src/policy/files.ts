/** Which files `cync validate [paths…]` and the loader read: files as given, directories' *.yaml / *.yml. */
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { error, NO_POSITION } from "./diagnostic";
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
      const found = await walk(p);
      if (found.length === 0) diagnostics.push(error(p, NO_POSITION, "", "holds no policy files (*.yaml or *.yml)"));
      files.push(...found);
    } else {
      files.push(p);
    }
  }
  return { files: [...new Set(files)], diagnostics };
}

/** Policy files under a directory, sorted, so reports and digests come out in a stable order. */
async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (POLICY_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) out.push(full);
  }
  return out;
}

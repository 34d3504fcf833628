/**
 * Writing a file atomically: a temporary file in the same directory, flushed, then renamed over the
 * old one, so a crash leaves either the old or the new content, never half of it. Files are created
 * 0600: what cync keeps on disk is for the operator only.
 */
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";

export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  const handle = await fs.open(tmp, "w", 0o600);
  try {
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

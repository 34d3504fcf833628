/**
 * Reads a policy file as UTF-8 text, refusing what is not one: too large (checked on the size
 * before reading), UTF-16/32 (by byte-order mark or NUL bytes), binary, invalid UTF-8, or lines too
 * long for a hand-written policy.
 */
import { open } from "node:fs/promises";
import { error, FILE_START, type Position } from "./diagnostic";
import { LIMITS } from "./limits";
import type { Diagnostic } from "./types";

export type ReadResult = { text: string } | { diagnostic: Diagnostic };

export async function readPolicyText(file: string): Promise<ReadResult> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    if (size > LIMITS.maxFileBytes) {
      return fail(file, FILE_START, `is ${formatBytes(size)}; a policy file may be at most ${formatBytes(LIMITS.maxFileBytes)}`);
    }
    // Read exactly what stat promised (plus one byte to notice growth) — never an unbounded read.
    const buffer = Buffer.alloc(size + 1);
    const { bytesRead } = await handle.read(buffer, 0, size + 1, 0);
    if (bytesRead > size) return fail(file, FILE_START, "changed size while being read; try again");
    return decode(file, buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

function decode(file: string, bytes: Buffer): ReadResult {
  const bom = bytes.subarray(0, 4);
  if ((bom[0] === 0xff && bom[1] === 0xfe) || (bom[0] === 0xfe && bom[1] === 0xff)) {
    return fail(file, FILE_START, "is encoded as UTF-16; save it as UTF-8");
  }
  if (bom[0] === 0 && bom[1] === 0 && bom[2] === 0xfe && bom[3] === 0xff) {
    return fail(file, FILE_START, "is encoded as UTF-32; save it as UTF-8");
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    // ASCII text in UTF-16 has a NUL beside every character; anything else with NULs is binary.
    const utf16 = bytes.length >= 2 && (bytes[1] === 0 || bytes[0] === 0);
    return fail(file, positionOfByte(bytes, nul), utf16 ? "is encoded as UTF-16; save it as UTF-8" : "is not a text file (it contains NUL bytes)");
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    return fail(file, positionOfByte(bytes, at), "is not valid UTF-8 text; save it as UTF-8");
  }
  let line = 1;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    if (end - start > LIMITS.maxLineChars) {
      return fail(file, { line, column: 1 }, `has a line of ${end - start} characters; lines may be at most ${LIMITS.maxLineChars}`);
    }
    line++;
    start = end + 1;
  }
  return { text };
}

function fail(file: string, at: Position, message: string): ReadResult {
  return { diagnostic: error(file, at, "", message) };
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

/** Line and column (1-based, counting bytes in the line) of a byte offset. */
function positionOfByte(bytes: Buffer, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < offset; i = bytes.indexOf(0x0a, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Offset of the first byte that does not begin a well-formed UTF-8 sequence (Unicode 15, table
 * 3-7: no overlong forms, no surrogates, nothing above U+10FFFF). One pass, no allocation.
 */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) return i;
    }
    i += length;
  }
  return bytes.length;
}

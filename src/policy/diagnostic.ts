/** Building diagnostics. */
import type { Diagnostic } from "./types";

export interface Position {
  line: number;
  column: number;
}
export const NO_POSITION: Position = { line: 0, column: 0 };
export const FILE_START: Position = { line: 1, column: 1 };

export function error(file: string, at: Position, path: string, message: string): Diagnostic {
  return { file, line: at.line, column: at.column, path, message, severity: "error" };
}

export function warning(file: string, at: Position, path: string, message: string): Diagnostic {
  return { file, line: at.line, column: at.column, path, message, severity: "warning" };
}

/** `spec.source.where.all[1].attribute` from ["spec","source","where","all",1,"attribute"]. */
export function formatPath(segments: readonly (string | number)[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += out === "" ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** Quotes a value from a policy for a message, cut short so a huge value cannot flood the output. */
export function quote(value: unknown, max = 60): string {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  const shown = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(shown);
}

/** 1-based line and column (in UTF-16 code units) of a 0-based offset in a text. */
export function positionInText(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

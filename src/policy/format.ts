/** Presents diagnostics for people (text), programs (json) and GitHub Actions (workflow annotations). */
import type { Diagnostic, LoadResult } from "./types";

export const DIAGNOSTIC_FORMATS = ["text", "json", "github"] as const;
export type DiagnosticFormat = (typeof DIAGNOSTIC_FORMATS)[number];

export function formatLoadResult(result: LoadResult, format: DiagnosticFormat): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(
        {
          valid: !hasErrors(result),
          policies: result.policies.map((p) => ({ file: p.file, name: p.resolved.name, digest: p.digest })),
          diagnostics: result.diagnostics,
        },
        null,
        2,
      )}\n`;
    case "github":
      return [...result.diagnostics.map(githubLine), summary(result)].join("\n") + "\n";
    case "text":
      return [...result.diagnostics.map(textLine), summary(result)].join("\n") + "\n";
  }
}

export function hasErrors(result: LoadResult): boolean {
  return result.diagnostics.some((d) => d.severity === "error");
}

/** `<file>:3:7: error: metadata.name: message` — the compiler convention editors link. */
export function textLine(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  return `${where}: ${d.severity}: ${d.path === "" ? "" : `${d.path}: `}${oneLine(d.message)}`;
}

/**
 * `::error file=…,line=…,col=…::message` (GitHub "workflow commands"): property values escape
 * `%`, CR, LF, `:` and `,`; the message escapes `%`, CR and LF.
 */
export function githubLine(d: Diagnostic): string {
  const props = [`file=${escapeProperty(d.file)}`];
  if (d.line > 0) props.push(`line=${d.line}`, `col=${d.column}`);
  const message = `${d.path === "" ? "" : `${d.path}: `}${d.message}`;
  return `::${d.severity} ${props.join(",")}::${escapeData(message)}`;
}

function summary(result: LoadResult): string {
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  const warnings = result.diagnostics.length - errors;
  const valid = result.policies.length;
  const parts = [`${valid} ${valid === 1 ? "policy" : "policies"} valid`];
  if (errors > 0) parts.push(`${errors} ${errors === 1 ? "error" : "errors"}`);
  if (warnings > 0) parts.push(`${warnings} ${warnings === 1 ? "warning" : "warnings"}`);
  return parts.join(", ");
}

function oneLine(text: string): string {
  return text.replace(/\r?\n/g, " ");
}

function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

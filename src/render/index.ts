/** Renderers: pure `(Plan, meta) → string` for terminals, pull requests and machines. */
import type { Plan } from "../plan/types";
import { renderJson } from "./json";
import { renderMarkdown, type MarkdownMeta } from "./markdown";
import { renderText } from "./text";

export type RenderFormat = "text" | "markdown" | "json";
export const RENDER_FORMATS: readonly RenderFormat[] = ["text", "markdown", "json"];

export function renderPlan(plan: Plan, format: RenderFormat, meta: MarkdownMeta = {}): string {
  switch (format) {
    case "text":
      return renderText(plan, meta);
    case "markdown":
      return renderMarkdown(plan, meta);
    case "json":
      return renderJson(plan);
  }
}

export { renderJson, renderMarkdown, renderText };
export { COMMENT_LIMIT, MARKER_PREFIX, type MarkdownMeta } from "./markdown";
export { DEFAULT_ESTIMATE, type Estimate, type EstimateOptions } from "./estimate";

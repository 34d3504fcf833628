/**
 * Template text: `"{givenName} {surname}"`. One parser for the validator (which checks the names)
 * and the mapping evaluator (which fills them in). `{{` and `}}` stand for literal braces.
 */

export type TemplatePart = { text: string } | { attribute: string };

/** Thrown for a malformed template; `offset` is the 0-based index in the template text. */
export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = "TemplateSyntaxError";
  }
}

export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = "";
  let i = 0;
  while (i < template.length) {
    const ch = template[i];
    const next = template[i + 1];
    if ((ch === "{" && next === "{") || (ch === "}" && next === "}")) {
      text += ch;
      i += 2;
    } else if (ch === "}") {
      throw new TemplateSyntaxError("has a `}` without a matching `{` (write `}}` for a literal brace)", i);
    } else if (ch === "{") {
      const close = template.indexOf("}", i + 1);
      const reopen = template.indexOf("{", i + 1);
      if (close < 0 || (reopen >= 0 && reopen < close)) {
        throw new TemplateSyntaxError("has a `{` that is never closed (write `{{` for a literal brace)", i);
      }
      const name = template.slice(i + 1, close).trim();
      if (name === "") throw new TemplateSyntaxError("has empty braces `{}`; put an attribute name inside", i);
      if (text !== "") parts.push({ text });
      text = "";
      parts.push({ attribute: name });
      i = close + 1;
    } else {
      text += ch;
      i += 1;
    }
  }
  if (text !== "") parts.push({ text });
  return parts;
}

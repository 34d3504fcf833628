/**
 * The one way a policy value enters an OData `$filter` (docs/architecture.md#untrusted-input): as
 * a string literal. OData ABNF: a string literal is quoted with `'` and a `'` inside is written `''`
 * (OData v4.01 URL Conventions §5.1.1.6.1); percent-encoding the query is the HTTP client's job.
 * Control characters have no business in a directory name and could end the URL or header they
 * travel in, so they are refused rather than escaped.
 */

export class ODataLiteralError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ODataLiteralError";
  }
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `O'Brien` → `'O''Brien'`. Throws ODataLiteralError for control characters or lone surrogates. */
export function odataString(value: string): string {
  const bad = CONTROL.exec(value);
  if (bad !== null) {
    const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    throw new ODataLiteralError(`a value for a Graph filter contains the control character U+${code} at position ${bad.index + 1}`);
  }
  if (LONE_SURROGATE.test(value)) throw new ODataLiteralError("a value for a Graph filter contains an unpaired UTF-16 surrogate");
  return `'${value.replaceAll("'", "''")}'`;
}

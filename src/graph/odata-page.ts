/**
 * One page of an OData collection as Graph returns it — `value`, `@odata.nextLink`,
 * `@odata.deltaLink` (docs/graph-behaviour.md#delta-rounds-and-links) — checked before it is
 * trusted, and the query string the readers send.
 */
import { isRecord } from "../json/record";
import { MalformedPageError } from "./errors/malformed-page-error";

export interface ODataPage {
  readonly value: readonly Record<string, unknown>[];
  readonly nextLink: string | undefined;
  readonly deltaLink: string | undefined;
}

/**
 * A collection page; `operation` names the read in the error.
 * @throws MalformedPageError when `value` is not a list of objects.
 */
export function parsePage(body: unknown, operation: string): ODataPage {
  if (!isRecord(body) || !Array.isArray(body.value) || !(body.value as unknown[]).every(isRecord)) {
    throw new MalformedPageError(`${operation}: Graph answered with a page that has no "value" list`);
  }
  const link = (k: string): string | undefined => (typeof body[k] === "string" ? (body[k] as string) : undefined);
  return { value: body.value as Record<string, unknown>[], nextLink: link("@odata.nextLink"), deltaLink: link("@odata.deltaLink") };
}

/**
 * A page of a delta round: a collection page that carries exactly one of nextLink and deltaLink
 * (docs/graph-behaviour.md#delta-rounds-and-links); anything else would end the round early or
 * never end it.
 * @throws MalformedPageError otherwise.
 */
export function parseDeltaPage(body: unknown, operation: string): ODataPage {
  const page = parsePage(body, operation);
  if ((page.nextLink === undefined) === (page.deltaLink === undefined)) {
    throw new MalformedPageError(`${operation}: a delta page must carry exactly one of @odata.nextLink and @odata.deltaLink`);
  }
  return page;
}

/**
 * An OData query string: `$`-names kept literal, values percent-encoded with spaces as `%20`
 * (URLSearchParams writes `+`, which OData URL conventions do not promise to read as a space).
 */
export function odataQuery(params: Readonly<Record<string, string>>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join("&");
}

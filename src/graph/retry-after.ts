/**
 * Parses an HTTP `Retry-After` value into milliseconds to wait (pure; ky's retry-timing.ts idea).
 *
 * Graph sends seconds, and they may be fractional: the throttling doc's sample said `2.128`
 * and `0.249` was seen on `$batch` items (docs/graph-behaviour.md#retry-after). RFC 9110
 * §10.2.3 also allows an HTTP-date. A date in the past means "now" (0). Anything else — blank,
 * negative, garbage — is `undefined`, and the caller falls back to exponential backoff.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (DELAY_SECONDS.test(text)) {
    // Round up so a wait of 2.128 s never becomes 2127 ms; the epsilon absorbs float noise.
    return Math.max(0, Math.ceil(Number(text) * 1000 - 1e-6));
  }
  if (!HTTP_DATE_START.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const DELAY_SECONDS = /^\d+(?:\.\d+)?$/;
/**
 * All three HTTP-date forms (IMF-fixdate, RFC 850, asctime) begin with a day name; requiring it
 * keeps Date.parse's leniency ("1 2", "-5") from turning garbage into a date.
 */
const HTTP_DATE_START = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s/i;

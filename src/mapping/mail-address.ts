/**
 * Whether a directory value is a mail address a phone or Outlook can use. Entra ID keeps whatever an
 * import wrote into `mail` or `otherMails` ("n/a", "SMTP:x@y", "x@localhost"); a contact that shows
 * such an address offers a mail nobody receives, so the mapping drops it (with a warning).
 *
 * The syntax is ajv-formats' `email` (the dot-atom form of RFC 5322 with a dotted domain), with
 * non-ASCII letters allowed where RFC 6531 (internationalised mail) allows UTF-8 — in the local part
 * and in domain labels — and the RFC 5321 §4.5.3.1.3 length of a path: 254 characters between the
 * brackets (https://www.rfc-editor.org/rfc/rfc5321#section-4.5.3.1.3).
 */
import { fullFormats } from "ajv-formats/dist/formats";

const MAX_LENGTH = 254;
const email = fullFormats.email as RegExp;

export function isMailAddress(text: string): boolean {
  return text.length <= MAX_LENGTH && email.test(text.replace(/\P{ASCII}/gu, "x"));
}

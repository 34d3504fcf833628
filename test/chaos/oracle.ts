/**
 * The chaos suite's oracle: what each mailbox should hold, computed from the tenant's own export
 * (`GET /_sim/tenant`) with none of cync's code — not its planner, mapping, conditions or target
 * filters — so a bug there cannot hide itself. It knows only the README's rules for the suite's
 * one policy (STAFF_POLICY: the defaults; README "PolicySpec", "SourceSelector", "TargetSelector",
 * "ContactMapping"):
 *
 * - sources: enabled (`accountEnabled` true) members (`userType` Member or unset) with a `mail`;
 * - targets: enabled owners of a `user` mailbox with an enabled Exchange plan (`assignedPlans`);
 * - every target gets every source but itself (`includeSelf` is off).
 *
 * Key fields checked per contact: the marker's source user id, `displayName` and the first e-mail
 * address. The display name is the user's, else "{givenName} {surname}", else the first mail
 * address (README "Policies": a user without a name is shown by the address), counting only
 * visible text — control characters and the like are what Exchange cannot store, so a name made of
 * them is no name — and a name longer than Exchange's 255 characters may come back cut
 * ({@link nameMatches}). The first address is the first usable one among the policy's address
 * attributes (`mail` by default). Other fields follow the mapping's transforms (phones, cleaning,
 * truncation), which is the mapping's own suite's business.
 */
import type { TenantFile, TenantUser } from "@cync/simulator";

export interface DesiredContact {
  readonly displayName: string;
  /** The first e-mail address, or undefined for none. */
  readonly mail: string | undefined;
}

/** Mailbox owner id → source user id → key fields. */
export type DesiredState = ReadonlyMap<string, ReadonlyMap<string, DesiredContact>>;

export interface OracleOptions {
  /** User attributes the policy's `emailAddresses` reads, in order. @default ["mail"] */
  readonly mailAttributes?: readonly string[];
}

const live = (u: TenantUser): boolean => u.accountEnabled === true && !u.deletedDateTime;

const isSource = (u: TenantUser): boolean => live(u) && (u.userType ?? "Member") === "Member" && typeof u.mail === "string" && u.mail.trim() !== "";

const isTarget = (u: TenantUser): boolean =>
  live(u) && u.mailbox === "user" && (u.assignedPlans ?? []).some((p) => p.service.toLowerCase() === "exchange" && p.capabilityStatus === "Enabled");

/** Text as a contact can hold it: without C0/C1 controls (but tab and line breaks), U+FFFE, U+FFFF and lone surrogates. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const storable = (s: string): string => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "").trim();

/** Visible text: not only spaces, zero-width and direction marks. */
const visible = (s: string): boolean => !/^[\s\u200B-\u200F\u2060\uFEFF]*$/.test(s);

function text(v: unknown): string | undefined {
  if (typeof v !== "string") return undefined;
  const s = storable(v);
  return visible(s) ? s : undefined;
}

/** A plain mail address: dotted-atom local part (non-ASCII letters allowed), dotted domain of letters, digits and hyphens. */
const isAddress = (s: string): boolean => s.length <= 254 && /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*@([\p{L}\p{N}]([\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+[\p{L}\p{N}]([\p{L}\p{N}-]*[\p{L}\p{N}])?$/u.test(s);

function firstAddress(u: TenantUser, attributes: readonly string[]): string | undefined {
  const values = attributes.flatMap((a) => {
    const v = (u as unknown as Record<string, unknown>)[a];
    return Array.isArray(v) ? v : [v];
  });
  return values.map(text).find((s): s is string => s !== undefined && isAddress(s));
}

function nameOf(u: TenantUser, mail: string | undefined): string {
  const parts = [text(u.givenName), text(u.surname)].filter((x): x is string => x !== undefined);
  return text(u.displayName) ?? (parts.length > 0 ? parts.join(" ") : (mail ?? ""));
}

/** Exchange's text limit (docs/graph-behaviour.md#text-length-limits). */
const MAX_NAME = 255;

/**
 * The contact's display name against the oracle's: equal, or — for a name over 255 characters — a
 * cut of it no longer than 255 and at most one grapheme (16 units, generously) shorter.
 */
export function nameMatches(actual: string | undefined, expected: string): boolean {
  if (actual === expected) return true;
  if (actual === undefined || expected.length <= MAX_NAME) return false;
  return actual.length <= MAX_NAME && actual.length >= MAX_NAME - 16 && expected.startsWith(actual);
}

export function desiredState(tenant: TenantFile, options: OracleOptions = {}): DesiredState {
  const attributes = options.mailAttributes ?? ["mail"];
  const sources = tenant.users.filter(isSource).map((u) => {
    const mail = firstAddress(u, attributes);
    return [u.id, { displayName: nameOf(u, mail), mail }] as const;
  });
  return new Map(tenant.users.filter(isTarget).map((t) => [t.id, new Map(sources.filter(([id]) => id !== t.id))]));
}

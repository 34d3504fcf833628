/**
 * The policy model after loading: the generated types (src/generated/policy.ts) describe what a
 * file may say; the Resolved* types here describe what it means, with every default applied, so
 * the evaluators downstream never look up a default themselves.
 */
import type {
  Condition,
  ContactSyncPolicy,
  DeletionStyle,
  Expression,
  FolderTarget,
  GroupRef,
  MailboxKind,
  SyncMode,
  UserType,
} from "../generated/policy";

/** Contact fields holding one value (Graph contact property names). */
export const SCALAR_CONTACT_FIELDS = [
  "givenName",
  "surname",
  "middleName",
  "nickName",
  "displayName",
  "fileAs",
  "initials",
  "title",
  "jobTitle",
  "companyName",
  "department",
  "officeLocation",
  "profession",
  "manager",
  "assistantName",
  "mobilePhone",
  "personalNotes",
  "businessHomePage",
] as const;
/** Contact fields holding a list. */
export const LIST_CONTACT_FIELDS = ["emailAddresses", "businessPhones", "homePhones", "imAddresses", "categories"] as const;
/** Parts of a contact's businessAddress (Graph physicalAddress). */
export const ADDRESS_PARTS = ["street", "city", "state", "postalCode", "countryOrRegion"] as const;

export type ScalarContactField = (typeof SCALAR_CONTACT_FIELDS)[number];
export type ListContactField = (typeof LIST_CONTACT_FIELDS)[number];
export type AddressPart = (typeof ADDRESS_PARTS)[number];

/** Users left out: by UPN, mail or object id, and by group (transitive). */
export interface ResolvedExclusions {
  users: string[];
  groups: GroupRef[];
}

export interface ResolvedSource {
  enabledOnly: boolean;
  userTypes: UserType[];
  requireMail: boolean;
  /** null: every user passing the built-in filters. */
  where: Condition | null;
  exclude: ResolvedExclusions;
}

export interface ResolvedTargets {
  /** null: every mailbox passing the built-in filters. */
  where: Condition | null;
  mailboxKinds: MailboxKind[];
  requireExchangeLicense: boolean;
  enabledOnly: boolean;
  optOutGroup: GroupRef | null;
  includeSelf: boolean;
  exclude: ResolvedExclusions;
}

/** businessAddress with every part present; null parts stay empty. */
export type ResolvedAddress = Record<AddressPart, Expression | null>;

/**
 * The complete mapping: every contact field cync writes, the policy's entries merged over the
 * default mapping. A scalar field is null and a list field [] when it is to be left empty.
 */
export type ResolvedMapping = Record<ScalarContactField, Expression | null> &
  Record<ListContactField, Expression[]> & {
    businessAddress: ResolvedAddress | null;
    /**
     * Present only when the policy syncs photos (`mapping.photo: true`), so that the digests of
     * policies written before photos existed stay what they were.
     */
    photo?: true;
  };

export interface ResolvedSafety {
  maxDeletes: number;
  maxDeletePercent: number;
  deletion: DeletionStyle;
}

/** A policy with every default applied. Plain JSON (digested for drift detection). */
export interface ResolvedPolicy {
  name: string;
  description: string | null;
  source: ResolvedSource;
  targets: ResolvedTargets;
  folder: FolderTarget;
  /** ISO 3166-1 alpha-2; null: numbers without a country code are written as they are. */
  defaultRegion: string | null;
  mapping: ResolvedMapping;
  mode: SyncMode;
  safety: ResolvedSafety;
}

export interface LoadedPolicy {
  /** The file the policy came from, as given (relative paths stay relative). */
  file: string;
  /** The document as written, after schema validation. */
  policy: ContactSyncPolicy;
  resolved: ResolvedPolicy;
  /** sha256 (hex) of the canonical JSON of `resolved`: changes whenever the resolved policy does (key order and spelled-out defaults do not count). */
  digest: string;
}

/** One problem in one place; `line` and `column` are 1-based (0 when the problem has no position). */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  /** Where in the document, e.g. `spec.source.where.all[1].attribute`; "" for the whole file. */
  path: string;
  message: string;
  severity: "error" | "warning";
}

export interface LoadResult {
  /** Valid policies only; a file with any error contributes none. */
  policies: LoadedPolicy[];
  diagnostics: Diagnostic[];
}

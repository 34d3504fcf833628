/**
 * Malformed policies, each with the one diagnostic it must produce. Shared by bad-input.test.ts
 * (through files on disk, so reading and size checks run too).
 */

/** The first lines of a valid policy; cases append to it. */
export const HEAD = "apiVersion: cync/v1\nkind: ContactSyncPolicy\nmetadata:\n  name: p\n";
export const VALID = `${HEAD}spec: {}\n`;

export interface BadInput {
  name: string;
  /** File content; a function builds large or binary content at run time. */
  content: string | (() => Buffer);
  line: number;
  column?: number;
  path: string;
  message: RegExp;
}

/** `depth` nested flow lists, one bracket per line, so no line is long. */
const nested = (depth: number): string => `${HEAD}spec:\n  mapping:\n    categories:\n${"     [\n".repeat(depth)}${"     ]\n".repeat(depth)}`;

export const BAD_INPUTS: BadInput[] = [
  // ── Reading: size, encoding, binary ────────────────────────────────────────────────────────
  { name: "empty file", content: "", line: 1, path: "", message: /^is empty; a policy starts with `apiVersion: cync\/v1`$/ },
  { name: "only comments", content: "# nothing here\n", line: 1, path: "", message: /^is empty/ },
  { name: "binary file", content: () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]), line: 3, column: 1, path: "", message: /^is not a text file \(it contains NUL bytes\)$/ },
  { name: "UTF-16 with byte-order mark", content: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(VALID, "utf16le")]), line: 1, column: 1, path: "", message: /^is encoded as UTF-16; save it as UTF-8$/ },
  { name: "UTF-16 without byte-order mark", content: () => Buffer.from(VALID, "utf16le"), line: 1, path: "", message: /^is encoded as UTF-16; save it as UTF-8$/ },
  { name: "Latin-1 bytes (not UTF-8)", content: () => Buffer.concat([Buffer.from(`${HEAD}  description: caf`), Buffer.from([0xe9]), Buffer.from("\nspec: {}\n")]), line: 5, column: 19, path: "", message: /^is not valid UTF-8 text; save it as UTF-8$/ },
  { name: "invalid byte at the end of 880 KB of text", content: () => Buffer.concat([Buffer.from(VALID + `#${"x".repeat(79)}\n`.repeat(11_000)), Buffer.from([0xff])]), line: 11_006, column: 1, path: "", message: /^is not valid UTF-8 text; save it as UTF-8$/ },
  { name: "UTF-8-encoded surrogate (CESU-8)", content: () => Buffer.concat([Buffer.from(`${HEAD}  description: `), Buffer.from([0xed, 0xa0, 0xbd]), Buffer.from("\nspec: {}\n")]), line: 5, column: 16, path: "", message: /^is not valid UTF-8 text/ },
  { name: "12 MB file", content: () => Buffer.from(VALID + `#${"x".repeat(79)}\n`.repeat(155_345)), line: 1, path: "", message: /^is 12\.0 MiB; a policy file may be at most 1\.0 MiB$/ },
  { name: "3 MB single line", content: () => Buffer.from(`${HEAD}  description: ${"x".repeat(3 * 1024 * 1024)}\nspec: {}\n`), line: 1, path: "", message: /^is 3\.0 MiB; a policy file may be at most 1\.0 MiB$/ },
  { name: "600 KB single line (under the size limit)", content: () => Buffer.from(`${HEAD}  description: ${"x".repeat(600_000)}\nspec: {}\n`), line: 5, path: "", message: /^has a line of 600015 characters; lines may be at most 10000$/ },

  // ── YAML structure and hardening ───────────────────────────────────────────────────────────
  { name: "unclosed flow sequence: at its `[`, not on the next line", content: `${HEAD}spec:\n  source:\n    userTypes: [Member\n  mode: sync\n`, line: 7, column: 16, path: "", message: /^has a `\[` that is never closed; add the matching `\]` where the list ends \(lines inside the brackets must be indented further than the key\)$/ },
  { name: "unclosed flow mapping", content: `${HEAD}spec:\n  folder: {name: CYNC\n  mode: sync\n`, line: 6, column: 11, path: "", message: /^has a `\{` that is never closed; add the matching `\}` where the mapping ends \(lines inside the brackets must be indented further than the key\)$/ },
  { name: "unclosed flow mapping inside a closed list", content: `${HEAD}spec:\n  source:\n    exclude:\n      groups: [{id: 0b7c5a2e-3f4d-4e1a-9c8b-7d6e5f4a3b2c]\n  mode: sync\n`, line: 8, column: 16, path: "", message: /^has a `\{` that is never closed; add the matching `\}` where the mapping ends \(lines inside the brackets must be indented further than the key\)$/ },
  { name: "unclosed flow sequence at the end of the file", content: `${HEAD}spec:\n  targets:\n    mailboxKinds: [user, shared\n`, line: 7, column: 19, path: "", message: /^has a `\[` that is never closed/ },
  { name: "a closing bracket on a line not indented further than the key", content: `${HEAD}spec:\n  targets:\n    mailboxKinds: [user,\n    shared]\n`, line: 7, column: 19, path: "", message: /^has a `\[` that is never closed/ },
  { name: "a closing bracket too many", content: `${HEAD}spec:\n  source:\n    userTypes: [Member]]\n`, line: 7, column: 24, path: "", message: /^has a `\]` that closes nothing; remove it, or add the matching `\[` where the list starts$/ },
  { name: "a closing brace too many", content: `${HEAD}spec:\n  folder: {name: CYNC}}\n`, line: 6, column: 23, path: "", message: /^has a `\}` that closes nothing; remove it, or add the matching `\{` where the mapping starts$/ },
  { name: "unclosed quote inside a list: the quote, not the `[`", content: `${HEAD}spec:\n  source:\n    userTypes: ["Member]\n  mode: sync\n`, line: 7, column: 17, path: "", message: /^has a quote that is never closed$/ },
  { name: "broken YAML (unclosed quote)", content: `${HEAD}  description: "never closed\nspec: {}\n`, line: 5, column: 16, path: "", message: /^has a quote that is never closed$/ },
  { name: "duplicate keys", content: `${HEAD}spec:\n  mode: sync\n  mode: create-only\n`, line: 7, column: 3, path: "", message: /^repeats the key "mode", which this mapping already has; each key may appear once$/ },
  { name: "duplicate quoted keys in a flow mapping", content: `${HEAD}spec: {"mode": sync, "mode": sync}\n`, line: 5, column: 22, path: "", message: /^repeats the key "mode", which this mapping already has/ },
  { name: "tab indentation", content: `${HEAD}spec:\n\tmode: sync\n`, line: 6, column: 1, path: "", message: /^is indented with a tab; YAML allows only spaces for indentation$/ },
  { name: "undefined alias", content: `${HEAD}spec:\n  mode: *m\n`, line: 6, column: 9, path: "", message: /^refers to an anchor &m that is not defined before it$/ },
  { name: "alias bomb (billion laughs)", content: `${HEAD}x: &a [l, l, l, l, l, l, l, l, l, l]\ny: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nz: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nw: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\nv: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nspec: {}\n`, line: 1, path: "", message: /^expands its aliases \(\*name\) too often; at most 100 alias uses are allowed$/ },
  { name: "binary tag", content: `${HEAD}  description: !!binary aGVsbG8=\nspec: {}\n`, line: 5, path: "", message: /^uses the YAML tag !!binary; policies allow plain values only$/ },
  { name: "custom tag", content: `${HEAD}spec:\n  mode: !shell sync\n`, line: 6, path: "", message: /^uses the YAML tag !shell; policies allow plain values only$/ },
  { name: "20,000 levels of flow nesting", content: () => Buffer.from(nested(20_000)), line: 68, column: 6, path: "", message: /^nests more than 64 levels deep$/ },
  { name: "10,000 levels of nested JSON objects", content: () => Buffer.from(`{"apiVersion": "cync/v1", "kind": "ContactSyncPolicy", "metadata": {"name": "p"}, "spec":\n${'{"x":\n'.repeat(10_000)}1\n${"}\n".repeat(10_001)}`), line: 64, column: 1, path: "", message: /^nests more than 64 levels deep$/ },
  { name: "20,000 levels of block nesting on one line", content: () => Buffer.from(`${HEAD}spec:\n  x:\n${"- ".repeat(20_000)}y\n`), line: 7, path: "", message: /^has a line of 40001 characters; lines may be at most 10000$/ },
  { name: "100 levels of block nesting", content: () => Buffer.from(`${HEAD}spec:\n  x:\n    ${"- ".repeat(100)}y\n`), line: 7, path: "", message: /^nests more than 64 levels deep$/ },
  { name: "two documents", content: `${VALID}---\n${VALID}`, line: 6, column: 1, path: "", message: /^holds more than one YAML document; put each policy in its own file$/ },
  { name: "a list document", content: "- apiVersion: cync/v1\n- kind: ContactSyncPolicy\n", line: 1, column: 1, path: "", message: /^must be a mapping with apiVersion, kind, metadata and spec, not a list$/ },
  { name: "a scalar document", content: "hello\n", line: 1, column: 1, path: "", message: /^must be a mapping with apiVersion, kind, metadata and spec, not "hello"$/ },

  // ── Document shape ─────────────────────────────────────────────────────────────────────────
  { name: "wrong apiVersion", content: VALID.replace("cync/v1", "cync/v2"), line: 1, column: 1, path: "apiVersion", message: /^must be "cync\/v1", not "cync\/v2"$/ },
  { name: "wrong kind", content: VALID.replace("ContactSyncPolicy", "ContactPolicy"), line: 2, column: 1, path: "kind", message: /^must be "ContactSyncPolicy", not "ContactPolicy"$/ },
  { name: "missing spec", content: HEAD, line: 1, column: 1, path: "", message: /^misses the required field "spec"$/ },
  { name: "unknown top-level key", content: `${VALID}status: {}\n`, line: 6, column: 1, path: "status", message: /^is not a known field; known fields here: apiVersion, kind, metadata, spec$/ },
  { name: "unknown key in metadata", content: `${HEAD}  labels: {team: x}\nspec: {}\n`, line: 5, column: 3, path: "metadata.labels", message: /^is not a known field; known fields here: name, description$/ },
  { name: "misspelt key in spec", content: `${HEAD}spec:\n  targtes: {}\n`, line: 6, column: 3, path: "spec.targtes", message: /^is not a known field \(did you mean "targets"\?\)/ },
  { name: "unknown key in source", content: `${HEAD}spec:\n  source:\n    enabled: true\n`, line: 7, column: 5, path: "spec.source.enabled", message: /^is not a known field \(did you mean "enabledOnly"\?\)|^is not a known field; known fields here: enabledOnly/ },
  { name: "unknown key in a condition", content: `${HEAD}spec:\n  source:\n    where: {attribute: department, equal: Sales}\n`, line: 7, column: 5, path: "spec.source.where", message: /^has an unknown field "equal" \(did you mean "equals"\?\); needs "equals", "in", "startsWith", "endsWith", "exists" or "matches" beside "attribute"$/ },
  { name: "unknown key in targets", content: `${HEAD}spec:\n  targets:\n    includeSelves: true\n`, line: 7, column: 5, path: "spec.targets.includeSelves", message: /^is not a known field \(did you mean "includeSelf"\?\)/ },
  { name: "unknown key in exclusions", content: `${HEAD}spec:\n  source:\n    exclude: {user: [a@b.c]}\n`, line: 7, column: 15, path: "spec.source.exclude.user", message: /^is not a known field \(did you mean "users"\?\); known fields here: users, groups$/ },
  { name: "unknown key in a folder", content: `${HEAD}spec:\n  folder: {name: CYNC, parent: Contacts}\n`, line: 6, column: 24, path: "spec.folder.parent", message: /^is not a known field; known fields here: name$/ },
  { name: "unknown key in phone options", content: `${HEAD}spec:\n  mapping:\n    mobilePhone: {attribute: mobilePhone, transform: [{phone: {region: GB}}]}\n`, line: 7, path: "spec.mapping.mobilePhone.transform[0].phone.region", message: /^is not a known field; known fields here: defaultRegion$/ },
  { name: "unknown key in the business address", content: `${HEAD}spec:\n  mapping:\n    businessAddress: {zip: {attribute: postalCode}}\n`, line: 7, path: "spec.mapping.businessAddress.zip", message: /^is not a known field; known fields here: street, city, state, postalCode, countryOrRegion$/ },
  { name: "unknown key in safety", content: `${HEAD}spec:\n  safety: {maxDelete: 5}\n`, line: 6, column: 12, path: "spec.safety.maxDelete", message: /^is not a known field \(did you mean "maxDeletes"\?\)/ },
  { name: "unknown key in a transform", content: `${HEAD}spec:\n  mapping:\n    jobTitle: {attribute: jobTitle, transform: [{truncate: 5, ellipsis: true}]}\n`, line: 7, path: "spec.mapping.jobTitle.transform[0].ellipsis", message: /^is not a known field; known fields here: truncate$/ },
  { name: "unknown contact field in mapping", content: `${HEAD}spec:\n  mapping:\n    mobile: {attribute: mobilePhone}\n`, line: 7, column: 5, path: "spec.mapping.mobile", message: /^is not a known field; known fields here: givenName, surname, .*, mobilePhone, .*, businessAddress$/ },
  { name: "numeric key", content: `${HEAD}spec:\n  1: x\n`, line: 6, column: 3, path: 'spec["1"]', message: /^is not a known field; known fields here: source,/ },
  { name: "key that is a list", content: `${HEAD}spec:\n  ? [a, b]\n  : c\n`, line: 6, column: 5, path: "", message: /^has a key that is a list or mapping; keys must be plain names$/ },
  { name: "merge key", content: `${HEAD}spec:\n  <<: {mode: sync}\n`, line: 6, column: 3, path: 'spec["<<"]', message: /^is not a known field \(YAML merge keys are not supported\)/ },

  // ── Wrong types and values ─────────────────────────────────────────────────────────────────
  { name: "bad name: upper case and underscore", content: VALID.replace("name: p", "name: Sales_Team"), line: 4, column: 3, path: "metadata.name", message: /^"Sales_Team" is not allowed here\. Short identifier of the policy: 1 to 40 lowercase letters, digits and hyphens, starting and ending with a letter or digit\.$/ },
  { name: "bad name: trailing hyphen", content: VALID.replace("name: p", "name: sales-"), line: 4, column: 3, path: "metadata.name", message: /^"sales-" is not allowed here/ },
  { name: "bad name: 41 characters", content: VALID.replace("name: p", `name: ${"a".repeat(41)}`), line: 4, column: 3, path: "metadata.name", message: /is not allowed here/ },
  { name: "bad name: a number", content: VALID.replace("name: p", "name: 42"), line: 4, column: 3, path: "metadata.name", message: /^must be text, not 42$/ },
  { name: "spec is a list", content: `${HEAD}spec: [a]\n`, line: 5, column: 1, path: "spec", message: /^must be a mapping of fields, not a list$/ },
  { name: "boolean as text", content: `${HEAD}spec:\n  source: {enabledOnly: "yes"}\n`, line: 6, column: 12, path: "spec.source.enabledOnly", message: /^must be true or false, not "yes"$/ },
  { name: "unknown mode", content: `${HEAD}spec:\n  mode: mirror\n`, line: 6, column: 3, path: "spec.mode", message: /^must be one of sync, upsert-only or create-only, not "mirror"$/ },
  { name: "unknown mailbox kind", content: `${HEAD}spec:\n  targets: {mailboxKinds: [user, group]}\n`, line: 6, path: "spec.targets.mailboxKinds[1]", message: /^must be one of user, shared, room or equipment, not "group"$/ },
  { name: "negative maxDeletes", content: `${HEAD}spec:\n  safety: {maxDeletes: -1}\n`, line: 6, column: 12, path: "spec.safety.maxDeletes", message: /^must be at least 0, not -1$/ },
  { name: "percentage over 100", content: `${HEAD}spec:\n  safety: {maxDeletePercent: 150}\n`, line: 6, path: "spec.safety.maxDeletePercent", message: /^must be at most 100, not 150$/ },
  { name: "fractional maxDeletes", content: `${HEAD}spec:\n  safety: {maxDeletes: 2.5}\n`, line: 6, path: "spec.safety.maxDeletes", message: /^must be a whole number, not 2\.5$/ },
  { name: "empty list of conditions", content: `${HEAD}spec:\n  source:\n    where: {all: []}\n`, line: 7, path: "spec.source.where.all", message: /^must not be an empty list$/ },
  { name: "two operators in one condition", content: `${HEAD}spec:\n  source:\n    where: {attribute: department, equals: Sales, in: [Sales]}\n`, line: 7, column: 5, path: "spec.source.where", message: /^combines "equals" and "in", which cannot be used together; use one of them$/ },
  { name: "condition without operator", content: `${HEAD}spec:\n  targets:\n    where:\n      not: {attribute: department}\n`, line: 8, path: "spec.targets.where.not", message: /^needs "equals", "in", "startsWith", "endsWith", "exists" or "matches" beside "attribute"$/ },
  { name: "condition that is text", content: `${HEAD}spec:\n  source:\n    where: department == Sales\n`, line: 7, column: 5, path: "spec.source.where", message: /^must be a mapping of fields, not "department == Sales"$/ },
  { name: "group reference by both id and name", content: `${HEAD}spec:\n  targets:\n    optOutGroup: {id: 0b7c5a2e-3f4d-4e1a-9c8b-7d6e5f4a3b2c, displayName: Opt out}\n`, line: 7, column: 5, path: "spec.targets.optOutGroup", message: /^combines "id" and "displayName", which cannot be used together; use one of them$/ },
  { name: "group id that is not a GUID", content: `${HEAD}spec:\n  source:\n    exclude:\n      groups: [{id: sales}]\n`, line: 8, path: "spec.source.exclude.groups[0].id", message: /^must be an object id \(a GUID such as [0-9a-f-]+\), not "sales"$/ },
  { name: "folder both named and default", content: `${HEAD}spec:\n  folder: {name: CYNC, defaultContacts: true}\n`, line: 6, column: 3, path: "spec.folder", message: /^combines "name" and "defaultContacts", which cannot be used together; use one of them$/ },
  { name: "folder name with a newline", content: `${HEAD}spec:\n  folder: {name: "Team\\nContacts"}\n`, line: 6, path: "spec.folder.name", message: /^"Team\\nContacts" is not allowed here\. The folder's name/ },
  { name: "defaultContacts false", content: `${HEAD}spec:\n  folder: {defaultContacts: false}\n`, line: 6, path: "spec.folder.defaultContacts", message: /^must be true, not false$/ },
  { name: "unknown transform", content: `${HEAD}spec:\n  mapping:\n    jobTitle: {attribute: jobTitle, transform: [trimm]}\n`, line: 7, path: "spec.mapping.jobTitle.transform[0]", message: /^must be one of trim, lowercase, uppercase, titlecase or phone, not "trimm"$/ },
  { name: "expression that is a number", content: `${HEAD}spec:\n  mapping:\n    companyName: 42\n`, line: 7, column: 5, path: "spec.mapping.companyName", message: /^must be text, a mapping of fields or empty, not 42$/ },
  { name: "list field given one expression", content: `${HEAD}spec:\n  mapping:\n    businessPhones: {attribute: businessPhones}\n`, line: 7, column: 5, path: "spec.mapping.businessPhones", message: /^must be a list or empty, not a mapping$/ },
  { name: "lower-case country code", content: `${HEAD}spec:\n  defaultRegion: us\n`, line: 6, column: 3, path: "spec.defaultRegion", message: /^"us" is not allowed here\. Country \(ISO 3166-1 alpha-2, upper case\)/ },
  { name: "duplicate user types", content: `${HEAD}spec:\n  source: {userTypes: [Member, Member]}\n`, line: 6, path: "spec.source.userTypes", message: /^lists "Member" more than once$/ },
];

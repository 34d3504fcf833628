/** Applies the defaults (./defaults) to a validated policy, and digests the result. */
import { createHash } from "node:crypto";
import type { ContactMapping, ContactSyncPolicy, Exclusions } from "../generated/policy";
import { canonicalJson } from "../json/canonical";
import {
  ALWAYS_REQUIRED_ATTRIBUTES,
  DEFAULT_FOLDER,
  DEFAULT_MAPPING,
  DEFAULT_MODE,
  DEFAULT_SAFETY,
  DEFAULT_SOURCE,
  DEFAULT_TARGETS,
  LICENSE_ATTRIBUTE,
} from "./defaults";
import {
  ADDRESS_PARTS,
  LIST_CONTACT_FIELDS,
  SCALAR_CONTACT_FIELDS,
  type ResolvedAddress,
  type ResolvedExclusions,
  type ResolvedMapping,
  type ResolvedPolicy,
} from "./types";
import { conditionAttributes, expressionAttributes } from "./walk";

export function resolvePolicy(policy: ContactSyncPolicy): ResolvedPolicy {
  const { source = {}, targets = {}, safety = {} } = policy.spec;
  // structuredClone: the resolved policy must not share objects with the document or the defaults.
  return structuredClone({
    name: policy.metadata.name,
    description: policy.metadata.description ?? null,
    source: {
      enabledOnly: source.enabledOnly ?? DEFAULT_SOURCE.enabledOnly,
      userTypes: source.userTypes ?? [...DEFAULT_SOURCE.userTypes],
      requireMail: source.requireMail ?? DEFAULT_SOURCE.requireMail,
      where: source.where ?? null,
      exclude: resolveExclusions(source.exclude),
    },
    targets: {
      where: targets.where ?? null,
      mailboxKinds: targets.mailboxKinds ?? [...DEFAULT_TARGETS.mailboxKinds],
      requireExchangeLicense: targets.requireExchangeLicense ?? DEFAULT_TARGETS.requireExchangeLicense,
      enabledOnly: targets.enabledOnly ?? DEFAULT_TARGETS.enabledOnly,
      optOutGroup: targets.optOutGroup ?? null,
      includeSelf: targets.includeSelf ?? DEFAULT_TARGETS.includeSelf,
      exclude: resolveExclusions(targets.exclude),
    },
    folder: policy.spec.folder ?? DEFAULT_FOLDER,
    defaultRegion: policy.spec.defaultRegion ?? null,
    mapping: resolveMapping(policy.spec.mapping ?? {}),
    mode: policy.spec.mode ?? DEFAULT_MODE,
    safety: {
      maxDeletes: safety.maxDeletes ?? DEFAULT_SAFETY.maxDeletes,
      maxDeletePercent: safety.maxDeletePercent ?? DEFAULT_SAFETY.maxDeletePercent,
      deletion: safety.deletion ?? DEFAULT_SAFETY.deletion,
    },
  });
}

function resolveExclusions(exclude: Exclusions | undefined): ResolvedExclusions {
  return { users: exclude?.users ?? [], groups: exclude?.groups ?? [] };
}

/** Policy entries override the default field by field; `null` empties a field. */
function resolveMapping(mapping: ContactMapping): ResolvedMapping {
  const resolved: ResolvedMapping = structuredClone(DEFAULT_MAPPING);
  for (const field of SCALAR_CONTACT_FIELDS) {
    const value = mapping[field];
    if (value !== undefined) resolved[field] = value;
  }
  for (const field of LIST_CONTACT_FIELDS) {
    const value = mapping[field];
    if (value !== undefined) resolved[field] = value ?? [];
  }
  const address = mapping.businessAddress;
  if (address !== undefined) {
    resolved.businessAddress =
      address === null
        ? null
        : (Object.fromEntries(ADDRESS_PARTS.map((p) => [p, address[p] ?? null])) as ResolvedAddress);
  }
  if (mapping.photo === true) resolved.photo = true;
  return resolved;
}

export function policyDigest(resolved: ResolvedPolicy): string {
  return createHash("sha256").update(canonicalJson(resolved)).digest("hex");
}

/**
 * Every user attribute the policies read — conditions, mappings and the ones cync always needs —
 * sorted and unique: the directory reader `$select`s exactly these (user delta only tracks selected
 * properties, docs/graph-behaviour.md#delta-tracks-selected-properties). A dotted name selects its
 * top-level property.
 */
export function requiredUserAttributes(resolved: readonly ResolvedPolicy[]): string[] {
  const names = new Set<string>(ALWAYS_REQUIRED_ATTRIBUTES);
  for (const policy of resolved) {
    if (policy.targets.requireExchangeLicense) names.add(LICENSE_ATTRIBUTE);
    const conditions = [policy.source.where, policy.targets.where].filter((c) => c !== null);
    const reads = [
      ...conditions.flatMap(conditionAttributes),
      ...mappingExpressions(policy.mapping).flatMap(expressionAttributes),
    ];
    for (const name of reads) names.add(name.split(".")[0]!);
  }
  return [...names].sort();
}

/** Every expression of a resolved mapping, in field order. */
export function mappingExpressions(mapping: ResolvedMapping) {
  return [
    ...SCALAR_CONTACT_FIELDS.map((f) => mapping[f]),
    ...LIST_CONTACT_FIELDS.flatMap((f) => mapping[f]),
    ...ADDRESS_PARTS.map((p) => mapping.businessAddress?.[p] ?? null),
  ].filter((e) => e !== null);
}

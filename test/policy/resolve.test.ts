/** Defaults, resolution, digests and the attributes the directory reader must select. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  checkText,
  DEFAULT_FOLDER,
  DEFAULT_IGNORE_CASE,
  DEFAULT_MAPPING,
  DEFAULT_MODE,
  DEFAULT_SAFETY,
  DEFAULT_SOURCE,
  DEFAULT_TARGETS,
  referencedGroups,
  requiredUserAttributes,
  resolvePolicy,
  type ContactSyncPolicy,
  type ResolvedPolicy,
} from "../../src/policy";
import { USER_ATTRIBUTES } from "../../src/generated/user-attributes";

const schema = JSON.parse(readFileSync(path.join(__dirname, "../../schema/policy.schema.json"), "utf8"));
const defs = schema.definitions;

const minimal: ContactSyncPolicy = { apiVersion: "cync/v1", kind: "ContactSyncPolicy", metadata: { name: "minimal" }, spec: {} };

describe("defaults.ts agrees with the schema's `default` keywords", () => {
  it.each([
    ["spec.mode", defs.Spec.properties.mode.default, DEFAULT_MODE],
    ["spec.folder", defs.Folder.default, DEFAULT_FOLDER],
    ["folder name", defs.Folder.oneOf[0].properties.name.default, "CYNC"],
    ["source.enabledOnly", defs.Source.properties.enabledOnly.default, DEFAULT_SOURCE.enabledOnly],
    ["source.userTypes", defs.Source.properties.userTypes.default, DEFAULT_SOURCE.userTypes],
    ["source.requireMail", defs.Source.properties.requireMail.default, DEFAULT_SOURCE.requireMail],
    ["targets.mailboxKinds", defs.Targets.properties.mailboxKinds.default, DEFAULT_TARGETS.mailboxKinds],
    ["targets.requireExchangeLicense", defs.Targets.properties.requireExchangeLicense.default, DEFAULT_TARGETS.requireExchangeLicense],
    ["targets.enabledOnly", defs.Targets.properties.enabledOnly.default, DEFAULT_TARGETS.enabledOnly],
    ["targets.includeSelf", defs.Targets.properties.includeSelf.default, DEFAULT_TARGETS.includeSelf],
    ["safety.maxDeletes", defs.Safety.properties.maxDeletes.default, DEFAULT_SAFETY.maxDeletes],
    ["safety.maxDeletePercent", defs.Safety.properties.maxDeletePercent.default, DEFAULT_SAFETY.maxDeletePercent],
    ["safety.deletion", defs.Safety.properties.deletion.default, DEFAULT_SAFETY.deletion],
    ["ignoreCase", defs.IgnoreCase.default, DEFAULT_IGNORE_CASE],
  ])("%s", (_name, fromSchema, fromCode) => {
    expect(fromCode).toEqual(fromSchema);
  });

  it("maps exactly the contact fields the schema lists, besides the photo switch (off unless given)", () => {
    expect(Object.keys(DEFAULT_MAPPING).sort()).toEqual(Object.keys(defs.Mapping.properties).filter((k) => k !== "photo").sort());
    expect(defs.Mapping.properties["photo"].default).toBe(false);
  });

  it.each(Object.keys(DEFAULT_MAPPING))("mapping.%s", (field) => {
    expect(DEFAULT_MAPPING[field as keyof typeof DEFAULT_MAPPING]).toEqual(defs.Mapping.properties[field].default);
  });
});

describe("resolvePolicy", () => {
  it("fills every default into a minimal policy", () => {
    expect(resolvePolicy(minimal)).toEqual<ResolvedPolicy>({
      name: "minimal",
      description: null,
      source: { enabledOnly: true, userTypes: ["Member"], requireMail: true, where: null, exclude: { users: [], groups: [] } },
      targets: { where: null, mailboxKinds: ["user"], requireExchangeLicense: true, enabledOnly: true, optOutGroup: null, includeSelf: false, exclude: { users: [], groups: [] } },
      folder: { name: "CYNC" },
      defaultRegion: null,
      mapping: DEFAULT_MAPPING,
      mode: "sync",
      safety: { maxDeletes: 50, maxDeletePercent: 10, deletion: "deletedItems" },
    });
  });

  it.each([
    { name: "a field replaces its default", mapping: { jobTitle: { constant: "Staff" } }, field: "jobTitle", expected: { constant: "Staff" } },
    { name: "null empties a single field", mapping: { mobilePhone: null }, field: "mobilePhone", expected: null },
    { name: "null empties a list field", mapping: { businessPhones: null }, field: "businessPhones", expected: [] },
    { name: "null removes the address", mapping: { businessAddress: null }, field: "businessAddress", expected: null },
    {
      name: "an address replaces the default address as a whole",
      mapping: { businessAddress: { city: { attribute: "city" } } },
      field: "businessAddress",
      expected: { street: null, city: { attribute: "city" }, state: null, postalCode: null, countryOrRegion: null },
    },
    { name: "fields left out keep their default", mapping: { jobTitle: null }, field: "department", expected: { attribute: "department" } },
  ] as const)("mapping: $name", ({ mapping, field, expected }) => {
    const resolved = resolvePolicy({ ...minimal, spec: { mapping } });
    expect(resolved.mapping[field]).toEqual(expected);
  });

  it("shares no objects with the defaults (evaluators may not corrupt them)", () => {
    const resolved = resolvePolicy(minimal);
    expect(resolved.mapping).not.toBe(DEFAULT_MAPPING);
    expect(resolved.mapping.emailAddresses).not.toBe(DEFAULT_MAPPING.emailAddresses);
    expect(resolved.source.userTypes).not.toBe(DEFAULT_SOURCE.userTypes);
  });
});

describe("digest", () => {
  const digestOf = (text: string): string => checkText("p.yaml", text).loaded!.policy.digest;
  const base = "apiVersion: cync/v1\nkind: ContactSyncPolicy\nmetadata:\n  name: p\nspec:\n  defaultRegion: US\n  mode: sync\n";

  it("is the same for the same meaning, however written", () => {
    const reordered = "kind: ContactSyncPolicy\napiVersion: cync/v1\nspec:\n  mode: sync  # explicit default\n  defaultRegion: US\nmetadata: {name: p}\n";
    const defaultsOmitted = "apiVersion: cync/v1\nkind: ContactSyncPolicy\nmetadata:\n  name: p\nspec:\n  defaultRegion: US\n";
    expect(digestOf(reordered)).toBe(digestOf(base));
    expect(digestOf(defaultsOmitted)).toBe(digestOf(base));
    expect(digestOf(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("changes when the meaning changes", () => {
    expect(digestOf(base.replace("mode: sync", "mode: upsert-only"))).not.toBe(digestOf(base));
  });

  it("stays what it was for a policy that does not sync photos, said or not; changes when it does", () => {
    const withPhoto = (photo: boolean) => `${base}  mapping:\n    photo: ${photo}\n`;
    expect(digestOf(withPhoto(false))).toBe(digestOf(base));
    expect(digestOf(withPhoto(true))).not.toBe(digestOf(base));
  });
});

describe("requiredUserAttributes", () => {
  const resolve = (spec: ContactSyncPolicy["spec"]) => resolvePolicy({ ...minimal, spec });
  const always = ["accountEnabled", "displayName", "id", "mail", "userPrincipalName", "userType"];
  const defaultMapping = ["businessPhones", "city", "companyName", "country", "department", "givenName", "jobTitle", "mobilePhone", "officeLocation", "postalCode", "state", "streetAddress", "surname"];

  it.each([
    { name: "no policies: identity and filters only", policies: [], expected: always },
    {
      name: "default policy: plus the default mapping and licenses",
      policies: [resolve({})],
      expected: [...always, "assignedPlans", ...defaultMapping],
    },
    {
      name: "conditions, templates and dotted names (selected by their top-level property)",
      policies: [
        resolve({
          source: { where: { all: [{ attribute: "employeeType", equals: "Employee" }, { not: { attribute: "onPremisesExtensionAttributes.extensionAttribute3", exists: true } }] } },
          targets: { requireExchangeLicense: false, where: { attribute: "usageLocation", in: ["US"] } },
          mapping: Object.fromEntries([...defaultMapping.map((f) => [f, null]), ["givenName", null], ["surname", null], ["displayName", null], ["emailAddresses", null], ["businessAddress", null], ["personalNotes", "{employeeId} {employeeOrgData.costCenter}"]]),
        }),
      ],
      expected: [...always, "employeeId", "employeeOrgData", "employeeType", "onPremisesExtensionAttributes", "usageLocation"],
    },
  ])("$name", ({ policies, expected }) => {
    expect(requiredUserAttributes(policies)).toEqual([...expected].sort());
  });

  it("names only attributes Graph's user type has", () => {
    for (const name of requiredUserAttributes([resolve({})])) expect(USER_ATTRIBUTES.has(name)).toBe(true);
  });
});

describe("referencedGroups", () => {
  it("lists every group a policy names, in order", () => {
    const resolved = resolvePolicy({
      ...minimal,
      spec: {
        source: { where: { any: [{ memberOf: { displayName: "A" } }, { not: { memberOf: { id: "0b7c5a2e-3f4d-4e1a-9c8b-7d6e5f4a3b2c" } } }] }, exclude: { groups: [{ displayName: "B" }] } },
        targets: { where: { memberOf: { displayName: "C" } }, exclude: { groups: [{ displayName: "D" }] }, optOutGroup: { displayName: "E" } },
      },
    });
    expect(referencedGroups(resolved)).toEqual([{ displayName: "A" }, { id: "0b7c5a2e-3f4d-4e1a-9c8b-7d6e5f4a3b2c" }, { displayName: "B" }, { displayName: "C" }, { displayName: "D" }, { displayName: "E" }]);
  });
});

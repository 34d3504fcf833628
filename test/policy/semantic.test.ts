/** What the schema cannot say: attribute names and kinds, regexes, templates, countries, user references, list limits. */
import { describe, expect, it } from "vitest";
import { checkText } from "../../src/policy";
import { HEAD } from "./bad-input.cases";

/** A policy whose spec is the given YAML (indented under `spec:`). */
const policy = (spec: string): string => `${HEAD}spec:\n  defaultRegion: US\n${spec.replace(/^/gm, "  ")}\n`;
const check = (spec: string) => checkText("p.yaml", policy(spec)).diagnostics;

describe("semantic errors", () => {
  it.each([
    {
      name: "misspelt attribute in a condition",
      spec: "source:\n  where: {attribute: departmnt, equals: Sales}",
      line: 8,
      path: "spec.source.where.attribute",
      message: '"departmnt" is not a user attribute cync can read from Microsoft Graph (did you mean "department"?)',
    },
    {
      name: "relationship, not a property",
      spec: "targets:\n  where: {attribute: manager, exists: true}",
      line: 8,
      path: "spec.targets.where.attribute",
      message: '"manager" is not a user attribute cync can read from Microsoft Graph',
    },
    {
      name: "property a /users query cannot return",
      spec: "source:\n  where: {attribute: skills, exists: true}",
      line: 8,
      path: "spec.source.where.attribute",
      message: '"skills" is not a user attribute cync can read from Microsoft Graph',
    },
    {
      name: "unknown part of an object attribute",
      spec: "source:\n  where: {attribute: onPremisesExtensionAttributes.extensionAttribute16, exists: true}",
      line: 8,
      path: "spec.source.where.attribute",
      message: '"onPremisesExtensionAttributes.extensionAttribute16" is not a user attribute cync can read from Microsoft Graph (did you mean "onPremisesExtensionAttributes.extensionAttribute1"?)',
    },
    {
      name: "text comparison on a flag",
      spec: "source:\n  where: {attribute: accountEnabled, startsWith: t}",
      line: 8,
      path: "spec.source.where.startsWith",
      message: 'cannot be used on "accountEnabled", which holds true or false',
    },
    {
      name: "equals on an object",
      spec: "source:\n  where: {attribute: employeeOrgData, equals: Sales}",
      line: 8,
      path: "spec.source.where.equals",
      message: 'cannot be used on "employeeOrgData", which holds an object; name one of its parts, e.g. employeeOrgData.costCenter',
    },
    {
      name: "text compared with a flag",
      spec: "source:\n  where: {attribute: accountEnabled, equals: 'true'}",
      line: 8,
      path: "spec.source.where.equals",
      message: 'compares "accountEnabled", which holds true or false, with "true"; it can never be equal',
    },
    {
      name: "invalid regular expression",
      spec: "source:\n  where: {attribute: jobTitle, matches: '(intern'}",
      line: 8,
      path: "spec.source.where.matches",
      message: "is not a valid regular expression: unterminated group",
    },
    {
      name: "a folder Exchange keeps for itself",
      spec: "folder:\n  name: Recipient Cache",
      line: 8,
      path: "spec.folder.name",
      message: '"Recipient Cache" is the name of a folder Exchange keeps for itself under Contacts; cync would write into it — choose another name',
    },
    {
      name: "regular expression with a lookahead, deep inside",
      spec: "source:\n  where:\n    any:\n      - attribute: city\n        equals: Paris\n      - not:\n          attribute: jobTitle\n          matches: '^(?!temp)\\w+'",
      line: 14,
      path: "spec.source.where.any[1].not.matches",
      message: "uses a lookahead or lookbehind ((?=, (?!, (?<=, (?<!), which cync's regular expressions do not support; rewrite it without one",
    },
    {
      name: "unknown attribute in a template",
      spec: 'mapping:\n  displayName: "{givenName} {lastName}"',
      line: 8,
      path: "spec.mapping.displayName",
      message: "refers to {lastName}, which is not a user attribute cync can read from Microsoft Graph",
    },
    {
      name: "unclosed template brace",
      spec: 'mapping:\n  fileAs: {template: "{surname, {givenName}"}',
      line: 8,
      path: "spec.mapping.fileAs.template",
      message: "template has a `{` that is never closed",
    },
    {
      name: "stray closing brace in a template",
      spec: 'mapping:\n  fileAs: "surname}"',
      line: 8,
      path: "spec.mapping.fileAs",
      message: "template has a `}` without a matching `{` (write `}}` for a literal brace) (at character 8)",
    },
    {
      name: "list of objects written to a field",
      spec: "mapping:\n  categories: [{attribute: assignedPlans}]",
      line: 8,
      path: "spec.mapping.categories[0].attribute",
      message: '"assignedPlans" holds a list of objects, which cannot be written to a contact field',
    },
    {
      name: "unknown attribute inside firstOf",
      spec: "mapping:\n  jobTitle: {firstOf: [{attribute: jobTitle}, {attribute: title}]}",
      line: 8,
      path: "spec.mapping.jobTitle.firstOf[1].attribute",
      message: '"title" is not a user attribute',
    },
    {
      name: "country without a numbering plan",
      spec: "mapping:\n  mobilePhone: {attribute: mobilePhone, transform: [{phone: {defaultRegion: XX}}]}",
      line: 8,
      path: "spec.mapping.mobilePhone.transform[0].phone.defaultRegion",
      message: '"XX" is not a country code with a known phone numbering plan',
    },
    {
      name: "excluded user that is neither a UPN, a mail address nor an id",
      spec: "source:\n  exclude: {users: [jdoe]}",
      line: 8,
      path: "spec.source.exclude.users[0]",
      message: '"jdoe" is neither a user principal name, a mail address nor an object id',
    },
  ])("$name", ({ spec, line, path, message }) => {
    const errors = check(spec).filter((d) => d.severity === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: "p.yaml", line, path });
    expect(errors[0]!.message).toContain(message);
  });

  it("reports the policy's own defaultRegion when it has no numbering plan", () => {
    const diagnostics = checkText("p.yaml", `${HEAD}spec:\n  defaultRegion: ZZ\n`).diagnostics;
    expect(diagnostics).toMatchObject([{ line: 6, path: "spec.defaultRegion", message: '"ZZ" is not a country code with a known phone numbering plan' }]);
  });
});

describe("semantic warnings (the policy still loads)", () => {
  it.each([
    {
      name: "phone formatting without a region",
      text: `${HEAD}spec: {}\n`,
      line: 5,
      path: "spec",
      message: "formats phone numbers without a `defaultRegion`",
    },
    {
      name: "more business phones than Exchange keeps",
      text: policy("mapping:\n  businessPhones: [{attribute: businessPhones}, {attribute: mobilePhone}, {constant: '+1 425 555 0100'}]"),
      line: 8,
      path: "spec.mapping.businessPhones",
      message: "lists 3 values but Exchange keeps at most 2; the rest are dropped",
    },
  ])("$name", ({ text, line, path, message }) => {
    const { loaded, diagnostics } = checkText("p.yaml", text);
    expect(loaded).toBeDefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: "warning", line, path });
    expect(diagnostics[0]!.message).toContain(message);
  });
});

describe("accepted", () => {
  it.each([
    { name: "dotted attribute", spec: "source:\n  where: {attribute: onPremisesExtensionAttributes.extensionAttribute1, equals: VIP}" },
    { name: "list attribute compared as text", spec: "source:\n  where: {attribute: proxyAddresses, endsWith: '@contoso.com'}" },
    { name: "flag compared with a flag", spec: "targets:\n  where: {attribute: accountEnabled, equals: true}" },
    { name: "literal braces in a template", spec: 'mapping:\n  personalNotes: "{{synced}} {department}"' },
    { name: "path-like folder name (only ever a display name)", spec: "folder:\n  name: '../Team/Sales\\East'" },
    { name: "harmless regex", spec: "source:\n  where: {attribute: jobTitle, matches: '^(Sales|Marketing)\\b'}" },
    { name: "user ids, UPNs and mail addresses", spec: "targets:\n  exclude: {users: [ceo@contoso.com, 3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b]}" },
  ])("$name", ({ spec }) => {
    expect(check(spec)).toEqual([]);
  });
});

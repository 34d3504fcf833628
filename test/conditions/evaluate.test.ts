import { describe, expect, it } from "vitest";
import { compileCondition, ConditionError, MAX_MATCH_INPUT } from "../../src/conditions";
import type { Condition, GroupRef, Membership } from "../../src/conditions";
import type { DirectoryUser } from "../../src/model/directory-user";

const alice: DirectoryUser = {
  id: "a1",
  displayName: "Alice Émond",
  department: "Sales",
  jobTitle: "Account Executive",
  mail: "alice@contoso.com",
  accountEnabled: true,
  employeeId: "1234",
  businessPhones: ["+1 425 555 0100", "+1 425 555 0199"],
  proxyAddresses: [],
  officeLocation: "",
  mobilePhone: null,
  onPremisesExtensionAttributes: { extensionAttribute1: "VIP", extensionAttribute2: null },
};
const intern: DirectoryUser = { id: "i1", jobTitle: "Intern (Sales)", department: "sales", accountEnabled: false };

/** alice is in "Sales Team" (g-sales) only. */
const membership: Membership = {
  isMember: (userId: string, group: GroupRef) =>
    userId === "a1" && ("id" in group ? group.id === "g-sales" : group.displayName === "Sales Team"),
};

const run = (condition: Condition, user: DirectoryUser): boolean => compileCondition(condition)(user, membership);

describe("attribute tests", () => {
  it.each<[string, Condition, DirectoryUser, boolean]>([
    ["equals, exact", { attribute: "department", equals: "Sales" }, alice, true],
    ["equals ignores case by default (as Entra does)", { attribute: "department", equals: "SALES" }, alice, true],
    ["equals with ignoreCase: false", { attribute: "department", equals: "sales", ignoreCase: false }, alice, false],
    ["equals a boolean", { attribute: "accountEnabled", equals: true }, alice, true],
    ["equals a boolean, other value", { attribute: "accountEnabled", equals: true }, intern, false],
    ["equals a number against a string attribute (YAML 1234)", { attribute: "employeeId", equals: 1234 }, alice, true],
    ["equals on a missing attribute", { attribute: "employeeId", equals: "1234" }, intern, false],
    ["equals on null", { attribute: "mobilePhone", equals: "x" }, alice, false],
    ["in, one of", { attribute: "department", in: ["Marketing", "Sales"] }, alice, true],
    ["in, none of", { attribute: "department", in: ["Marketing", "HR"] }, alice, false],
    ["in ignores case by default", { attribute: "department", in: ["SALES"] }, intern, true],
    ["in with ignoreCase: false", { attribute: "department", in: ["SALES"], ignoreCase: false }, intern, false],
    ["startsWith", { attribute: "jobTitle", startsWith: "Account" }, alice, true],
    ["startsWith with ignoreCase: false, case differs", { attribute: "jobTitle", startsWith: "account", ignoreCase: false }, alice, false],
    ["startsWith ignores case by default", { attribute: "jobTitle", startsWith: "account" }, alice, true],
    ["endsWith", { attribute: "mail", endsWith: "@contoso.com" }, alice, true],
    ["endsWith, other domain", { attribute: "mail", endsWith: "@fabrikam.com" }, alice, false],
    ["exists", { attribute: "mail", exists: true }, alice, true],
    ["exists, missing", { attribute: "mail", exists: true }, intern, false],
    ["exists false, missing", { attribute: "mail", exists: false }, intern, true],
    ["empty string does not exist", { attribute: "officeLocation", exists: true }, alice, false],
    ["null does not exist", { attribute: "mobilePhone", exists: true }, alice, false],
    ["empty list does not exist", { attribute: "proxyAddresses", exists: true }, alice, false],
    ["multi-valued: any value matches", { attribute: "businessPhones", endsWith: "0199" }, alice, true],
    ["multi-valued: no value matches", { attribute: "businessPhones", endsWith: "0200" }, alice, false],
    ["dotted path", { attribute: "onPremisesExtensionAttributes.extensionAttribute1", equals: "VIP" }, alice, true],
    ["dotted path to null", { attribute: "onPremisesExtensionAttributes.extensionAttribute2", exists: true }, alice, false],
    ["dotted path through a missing object", { attribute: "onPremisesExtensionAttributes.extensionAttribute1", exists: true }, intern, false],
    ["matches, found anywhere", { attribute: "jobTitle", matches: "Exec" }, alice, true],
    ["matches, anchored", { attribute: "jobTitle", matches: "^Intern\\b" }, intern, true],
    ["matches with ignoreCase: false", { attribute: "jobTitle", matches: "^intern", ignoreCase: false }, intern, false],
    ["matches ignores case by default", { attribute: "jobTitle", matches: "^intern" }, intern, true],
    ["endsWith on a number's text", { attribute: "employeeId", endsWith: "34" }, alice, true],
    ["matches Unicode", { attribute: "displayName", matches: "\\p{Lu}mond$", ignoreCase: false }, alice, true],
  ])("%s", (_name, condition, user, expected) => {
    expect(run(condition, user)).toBe(expected);
  });
});

describe("combinators and membership", () => {
  const inSales: Condition = { attribute: "department", equals: "Sales" };
  const enabled: Condition = { attribute: "accountEnabled", equals: true };
  it.each<[string, Condition, DirectoryUser, boolean]>([
    ["all, every part holds", { all: [inSales, enabled] }, alice, true],
    ["all, one part fails", { all: [inSales, enabled] }, intern, false],
    ["any, one part holds", { any: [{ attribute: "department", equals: "HR" }, enabled] }, alice, true],
    ["not", { not: enabled }, intern, true],
    ["memberOf by id", { memberOf: { id: "g-sales" } }, alice, true],
    ["memberOf by display name", { memberOf: { displayName: "Sales Team" } }, alice, true],
    ["memberOf, not a member", { memberOf: { id: "g-sales" } }, intern, false],
    ["nested", { any: [{ not: { memberOf: { id: "g-sales" } } }, { all: [inSales, { attribute: "jobTitle", matches: "^Account" }] }] }, alice, true],
  ])("%s", (_name, condition, user, expected) => {
    expect(run(condition, user)).toBe(expected);
  });
});

describe("bounds and errors", () => {
  it("matches only the first MAX_MATCH_INPUT characters of a value", () => {
    const long: DirectoryUser = { id: "x", aboutMe: `${"a".repeat(MAX_MATCH_INPUT)}END` };
    expect(run({ attribute: "aboutMe", matches: "END$" }, long)).toBe(false);
    expect(run({ attribute: "aboutMe", matches: "^a+$" }, long)).toBe(true);
  });

  it("matches a pattern catastrophic for backtracking in linear time", () => {
    const long: DirectoryUser = { id: "x", aboutMe: `${"a".repeat(MAX_MATCH_INPUT - 1)}!` };
    const started = performance.now();
    expect(run({ attribute: "aboutMe", matches: "^(a+)+$" }, long)).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("keeps a regex stateless across users", () => {
    const predicate = compileCondition({ attribute: "department", matches: "Sales", ignoreCase: true });
    expect([alice, intern, alice].map((u) => predicate(u, membership))).toEqual([true, true, true]);
  });

  it.each<[string, Condition, RegExp]>([
    ["an invalid regex", { attribute: "jobTitle", matches: "(unclosed" }, /"jobTitle": the pattern is not a valid regular expression/],
    ["a lookahead", { attribute: "jobTitle", matches: "^(?!temp)" }, /"jobTitle": the pattern uses a lookahead or lookbehind/],
    ["a backreference", { attribute: "jobTitle", matches: "(a)\\1" }, /"jobTitle": the pattern uses a backreference/],
    ["an attribute condition without a test", { attribute: "jobTitle" } as unknown as Condition, /"jobTitle" has no test/],
  ])("rejects %s when compiling", (_name, condition, message) => {
    expect(() => compileCondition(condition)).toThrow(ConditionError);
    expect(() => compileCondition(condition)).toThrow(message);
  });
});

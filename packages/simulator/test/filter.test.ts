/** The `$filter` subset (packages/simulator/src/odata/filter.ts), evaluated against named users. */
import { describe, expect, it } from "vitest";
import { FilterError, parseFilter, parseIdFilter } from "../src/odata/filter";

const PROPS = ["id", "displayName", "surname", "department", "accountEnabled", "mail", "proxyAddresses", "assignedLicenses", "employeeId"];
const users: Record<string, Record<string, unknown>> = {
  obrien: { id: "1", displayName: "Patrick O'Brien", surname: "O'Brien", department: "Sales", accountEnabled: true, mail: "p@contoso.com", proxyAddresses: ["SMTP:p@contoso.com", "smtp:pat@contoso.com"], assignedLicenses: [{ skuId: "cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46" }] },
  zoe: { id: "2", displayName: "Zoë D'Angelo", surname: "D'Angelo", department: "Legal", accountEnabled: false, mail: null, proxyAddresses: [], assignedLicenses: [] },
  wang: { id: "3", displayName: "王 伟", surname: "王", department: null, accountEnabled: true, mail: "wei.wang@contoso.com", proxyAddresses: ["SMTP:wei.wang@contoso.com"], assignedLicenses: [], employeeId: "100200" },
};
const matching = (filter: string): string[] => {
  const { predicate } = parseFilter(filter, PROPS);
  return Object.entries(users).filter(([, u]) => predicate(u)).map(([name]) => name);
};

describe("parseFilter", () => {
  it.each([
    ["surname eq 'O''Brien'", ["obrien"]],
    ["DEPARTMENT EQ 'sales'", ["obrien"]],
    ["accountEnabled eq false", ["zoe"]],
    ["startswith(displayName,'zo')", ["zoe"]],
    ["displayName eq '王 伟'", ["wang"]],
    ["department in ('Sales','Legal')", ["obrien", "zoe"]],
    ["proxyAddresses/any(x:startswith(x,'smtp:pat'))", ["obrien"]],
    ["proxyAddresses/any(x:x eq 'SMTP:wei.wang@contoso.com')", ["wang"]],
    ["assignedLicenses/any(l:l/skuId eq cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46)", ["obrien"]],
    ["accountEnabled eq true and (department eq 'Sales' or mail eq 'wei.wang@contoso.com')", ["obrien", "wang"]],
    ["employeeId ge '100000' and employeeId le '199999'", ["wang"]],
  ])("%s", (filter, names) => {
    expect(matching(filter)).toEqual(names);
  });

  it.each([
    ["mail eq null", true],
    ["department ne 'Sales'", true],
    ["not(accountEnabled eq true)", true],
    ["endswith(mail,'@contoso.com')", true],
    ["department eq 'Sales'", false],
  ])("%s is an advanced query: %s", (filter, advanced) => {
    expect(parseFilter(filter, PROPS).advanced).toBe(advanced);
  });

  it.each(["shoeSize eq 1", "displayName eq 'open", "displayName eq", "displayName has 'x'", "(displayName eq 'x'", "displayName eq 'x' extra"])(
    "rejects %s",
    (filter) => {
      expect(() => parseFilter(filter, PROPS)).toThrow(FilterError);
    },
  );
});

describe("parseIdFilter (delta)", () => {
  it.each([
    ["id eq 'AAAAAAAA-0000-4000-8000-000000000001'", ["aaaaaaaa-0000-4000-8000-000000000001"]],
    ["id eq 'aaaaaaaa-0000-4000-8000-000000000001' or id eq 'aaaaaaaa-0000-4000-8000-000000000002'", ["aaaaaaaa-0000-4000-8000-000000000001", "aaaaaaaa-0000-4000-8000-000000000002"]],
    ["displayName eq 'x'", undefined],
    ["id eq 'aaaaaaaa-0000-4000-8000-000000000001' and id eq 'aaaaaaaa-0000-4000-8000-000000000002'", undefined],
  ])("%s", (filter, ids) => {
    expect(parseIdFilter(filter)).toEqual(ids);
  });
});

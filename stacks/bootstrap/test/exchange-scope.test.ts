/**
 * The Exchange Online commands are pasted into PowerShell as they are: every value is a literal,
 * whatever quotes or `$` a display name or a recipient filter holds.
 */
import { describe, expect, it } from "vitest";
import { exchangeScopeCommands, type ExchangeScopeTarget } from "../src/exchange-scope";

const APPLIER: ExchangeScopeTarget = {
  clientId: "11111111-1111-1111-1111-111111111111",
  servicePrincipalObjectId: "22222222-2222-2222-2222-222222222222",
  displayName: "cync-applier",
  scopeName: "cync-applier-mailboxes",
  recipientFilter: "Department -eq 'Sales'",
};

describe("exchangeScopeCommands", () => {
  it("connects, registers the applier's service principal, scopes the mailboxes and assigns the contacts role within the scope", () => {
    expect(exchangeScopeCommands(APPLIER).split("\n")).toEqual([
      "Connect-ExchangeOnline",
      "New-ServicePrincipal -AppId '11111111-1111-1111-1111-111111111111' -ObjectId '22222222-2222-2222-2222-222222222222' -DisplayName 'cync-applier'",
      "New-ManagementScope -Name 'cync-applier-mailboxes' -RecipientRestrictionFilter 'Department -eq ''Sales'''",
      "New-ManagementRoleAssignment -App '11111111-1111-1111-1111-111111111111' -Role 'Application Contacts.ReadWrite' -CustomResourceScope 'cync-applier-mailboxes'",
    ]);
  });

  it.each([
    { name: "an apostrophe", filter: "Company -eq \"O'Brien & Co\"", literal: "'Company -eq \"O''Brien & Co\"'" },
    { name: "typographic quotes, which PowerShell also ends a literal with", filter: "Office -eq \u2018Main\u2019", literal: "'Office -eq \u2018\u2018Main\u2019\u2019'" },
    { name: "a $ that double quotes would expand", filter: "CustomAttribute1 -eq '$env:USERNAME'", literal: "'CustomAttribute1 -eq ''$env:USERNAME'''" },
  ])("keeps a recipient filter with $name literal", ({ filter, literal }) => {
    const scopeLine = exchangeScopeCommands({ ...APPLIER, recipientFilter: filter }).split("\n")[2];
    expect(scopeLine).toBe(`New-ManagementScope -Name 'cync-applier-mailboxes' -RecipientRestrictionFilter ${literal}`);
  });
});

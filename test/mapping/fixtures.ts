/** Named Graph users and policies for mapping tests. */
import type { ContactMapping } from "../../src/policy";
import { resolvePolicy, type ResolvedPolicy } from "../../src/policy";

export function policyWith(mapping: ContactMapping = {}, defaultRegion?: string): ResolvedPolicy {
  return resolvePolicy({
    apiVersion: "cync/v1",
    kind: "ContactSyncPolicy",
    metadata: { name: "all-employees" },
    spec: { mapping, ...(defaultRegion === undefined ? {} : { defaultRegion }) },
  });
}

/** A complete employee as `GET /users?$select=…` returns one (docs/graph-behaviour.md#user-properties). */
export const alice = {
  id: "u-alice",
  displayName: "Alice Archer",
  givenName: "Alice",
  surname: "Archer",
  mail: "alice@contoso.com",
  userPrincipalName: "alice@contoso.com",
  jobTitle: "Engineer",
  companyName: "Contoso",
  department: "R&D",
  officeLocation: "B40/1234",
  mobilePhone: "(425) 555-0100",
  businessPhones: ["+1 425 555 0111 x123"],
  streetAddress: "1 Microsoft Way",
  city: "Redmond",
  state: "WA",
  postalCode: "98052",
  country: "United States",
  proxyAddresses: ["SMTP:alice@contoso.com", "smtp:a.archer@contoso.com"],
  onPremisesExtensionAttributes: { extensionAttribute1: "EMP-042", extensionAttribute2: null },
  accountEnabled: true,
  employeeHireDate: null,
};

/** A service account: no names at all. */
export const noName = { id: "u-svc", mail: "svc@contoso.com", displayName: null, givenName: null, surname: null };

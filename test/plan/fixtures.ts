/** Named fixtures for planner tests (external-dns style: fooV1Cname…). */
import type { ContactFields, CurrentContact, DesiredContact } from "../../src/model/contact";
import type { MailboxRef } from "../../src/model/mailbox";
import { contentHash } from "../../src/registry/hash";

export const POLICY = "all-employees";
export const OTHER_POLICY = "sales";

export const mailbox: MailboxRef = { id: "m-owner", upn: "owner@contoso.com", displayName: "Mailbox Owner" };

export function desired(sourceUserId: string, fields: ContactFields): DesiredContact {
  return { sourceUserId, fields, hash: contentHash(fields) };
}

export function owned(id: string, want: DesiredContact, fields: ContactFields = want.fields, changeKey = `ck-${id}`): CurrentContact {
  return { id, changeKey, fields, ownership: { kind: "owned", policy: POLICY, sourceUserId: want.sourceUserId, hash: contentHash(fields) } };
}

const aliceFieldsV1: ContactFields = {
  givenName: "Alice",
  surname: "Archer",
  displayName: "Alice Archer",
  jobTitle: "Engineer",
  emailAddresses: [{ address: "alice@contoso.com", name: "Alice Archer" }],
  businessPhones: ["+14255550100"],
};
export const aliceV1 = desired("u-alice", aliceFieldsV1);
export const aliceV2 = desired("u-alice", { ...aliceFieldsV1, jobTitle: "Principal Engineer" });
export const bobV1 = desired("u-bob", { givenName: "Bob", displayName: "Bob Baker", mobilePhone: "+447700900123" });
export const carolV1 = desired("u-carol", { givenName: "Carol", displayName: "Carol Cruz" });
/** The mailbox owner's own user, as the source has it. */
export const ownerV1 = desired("m-owner", { givenName: "Owen", displayName: "Owen Owner" });

export const aliceOwnedV1 = owned("c-alice", aliceV1);
/** Alice's contact as the mailbox owner edited it on their phone. */
export const aliceDrifted = owned("c-alice", aliceV1, { ...aliceFieldsV1, jobTitle: "Boss", mobilePhone: "+15550000000" });
export const aliceDuplicate = owned("c-alice-2", aliceV1);
export const bobOwnedV1 = owned("c-bob", bobV1);
export const ownerOwned = owned("c-owner", ownerV1);
/** Bob, written by another policy into the same folder. */
export const bobForeign: CurrentContact = {
  id: "c-bob-sales",
  fields: bobV1.fields,
  ownership: { kind: "foreign", policy: OTHER_POLICY, sourceUserId: "u-bob" },
};
/** Carol, as the mailbox owner created her by hand — inside cync's folder. */
export const carolUnmarked: CurrentContact = { id: "c-carol-own", fields: carolV1.fields, ownership: { kind: "unmarked" } };

export const desiredMap = (...contacts: DesiredContact[]): Map<string, DesiredContact> => new Map(contacts.map((c) => [c.sourceUserId, c]));

/** Named fixtures for the applier's tests: people as desired contacts, and plan builders. */
import type { ContactFields, DesiredContact } from "../../src/model/contact";
import type { MailboxRef } from "../../src/model/mailbox";
import type { ContactDelete, ContactUpdate, MailboxChanges } from "../../src/plan/types";
import type { MailboxJob } from "../../src/apply/mailbox";
import { contentHash } from "../../src/registry/hash";
import { changedFields } from "../../src/plan/compare";

export const POLICY = "staff";

export const desired = (sourceUserId: string, fields: ContactFields): DesiredContact => ({ sourceUserId, fields, hash: contentHash(fields) });

export const aliceV1: ContactFields = { givenName: "Alice", surname: "Archer", displayName: "Alice Archer", mobilePhone: "+14255550101" };
export const aliceV2: ContactFields = { ...aliceV1, mobilePhone: "+14255550199", department: "Sales" };
export const bob: ContactFields = { givenName: "Bob", surname: "Baker", displayName: "Bob Baker" };
export const carol: ContactFields = { givenName: "Carol", surname: "Cole", displayName: "Carol Cole" };
export const dave: ContactFields = { givenName: "Dave", surname: "Dunn", displayName: "Dave Dunn" };
/** A contact the mailbox owner made themself. */
export const ownFriend: ContactFields = { givenName: "Frank", displayName: "Frank (my plumber)" };

export const mailbox = (id: string): MailboxRef => ({ id, upn: `${id}@contoso.example` });

export function update(contactId: string, sourceUserId: string, old: ContactFields, next: ContactFields): ContactUpdate {
  return { contactId, sourceUserId, old, new: next, changed: changedFields(old, next), hash: contentHash(next) };
}

export function del(contactId: string, sourceUserId: string, fields: ContactFields, reason: ContactDelete["reason"] = "source-gone"): ContactDelete {
  return { contactId, sourceUserId, fields, reason };
}

export function changes(
  mailboxId: string,
  parts: { create?: DesiredContact[]; update?: ContactUpdate[]; delete?: ContactDelete[] },
): MailboxChanges {
  return {
    mailbox: mailbox(mailboxId),
    create: parts.create ?? [],
    update: parts.update ?? [],
    delete: parts.delete ?? [],
    unchanged: 0,
    owned: (parts.update?.length ?? 0) + (parts.delete?.length ?? 0),
    foreign: 0,
    unmarked: 0,
  };
}

export function job(c: MailboxChanges, deletion: MailboxJob["deletion"] = "deletedItems"): MailboxJob {
  return { policy: POLICY, folder: { name: "CYNC" }, deletion, changes: c };
}

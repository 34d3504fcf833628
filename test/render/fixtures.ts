/** A small named plan for golden tests: two mailboxes with the same changes, one with deletions. */
import type { ContactFields } from "../../src/model/contact";
import { assemblePlan, PolicyPlanBuilder } from "../../src/plan/aggregate";
import { planMailbox } from "../../src/plan/mailbox";
import type { Plan } from "../../src/plan/types";
import { aliceOwnedV1, aliceV2, bobOwnedV1, bobV1, carolV1, desired, desiredMap, owned, POLICY } from "../plan/fixtures";

const mb = (n: number) => ({ id: `m-${n}`, upn: `user${n}@contoso.com` });

const daveFields: ContactFields = { givenName: "Dave", displayName: "Dave <Dan> | D*", mobilePhone: "+14255550199", emailAddresses: [{ address: "dave@contoso.com" }] };
const daveGone = owned("c-dave", desired("u-dave", daveFields));

export function smallPlan(): Plan {
  const want = desiredMap(aliceV2, bobV1, carolV1);
  const b = new PolicyPlanBuilder({ policy: POLICY, folder: "CYNC", mode: "sync", sourceUsers: 3 });
  b.add(planMailbox({ mailbox: mb(1), policy: POLICY, desired: want, current: [aliceOwnedV1, bobOwnedV1], mode: "sync" }));
  b.add(planMailbox({ mailbox: mb(2), policy: POLICY, desired: want, current: [aliceOwnedV1, bobOwnedV1], mode: "sync" }));
  b.add(planMailbox({ mailbox: mb(3), policy: POLICY, desired: want, current: [aliceOwnedV1, bobOwnedV1, daveGone, owned("c-bob-2", bobV1)], mode: "sync" }));
  b.add(planMailbox({ mailbox: mb(4), policy: POLICY, desired: desiredMap(aliceV2), current: [owned("c-a", aliceV2)], mode: "sync" }));
  b.skip(mb(9), "no-exchange-mailbox");
  b.warn({ code: "too-many-values", message: "businessPhones: 3 values, Exchange accepts 2; kept the first 2", sourceUserId: "u-bob", displayName: "Bob <B>", userPrincipalName: "bob@contoso.com" });
  const phone = { code: "phone-not-international", message: "mobilePhone: 1 number(s) could not be read as international phone numbers; written as they are" } as const;
  b.warn({ ...phone, sourceUserId: "u-alice", displayName: "Alice", userPrincipalName: "alice@contoso.com" }, { ...phone, sourceUserId: "u-carol" });
  for (let n = 0; n < 40; n++) b.notTargeted("no-exchange-license");
  b.notTargeted("opted-out");
  return assemblePlan([b.finish()], { policyDigests: { [POLICY]: "sha256:abc" }, directoryDigest: "sha256:def" });
}

import { describe, expect, it } from "vitest";
import type { DesiredContact } from "../../src/model/contact";
import { assemblePlan, PolicyPlanBuilder } from "../../src/plan/aggregate";
import { planMailbox } from "../../src/plan/mailbox";
import { PlanFormatError, planFromJson, planToJson } from "../../src/plan/serialize";
import type { Plan } from "../../src/plan/types";
import { renderJson } from "../../src/render";
import { smallPlan } from "../render/fixtures";
import { POLICY } from "./fixtures";

const reparse = (text: string): Plan => planFromJson(JSON.parse(text) as Parameters<typeof planFromJson>[0]);

/** A first load: `users` contacts created in each of `mailboxes` mailboxes. */
function firstLoad(users: number, mailboxes: number): Plan {
  const desired = new Map<string, DesiredContact>();
  for (let i = 0; i < users; i++) {
    const id = `00000000-0000-0000-0000-${String(i).padStart(12, "0")}`;
    desired.set(id, { sourceUserId: id, fields: { givenName: "User", surname: String(i), displayName: `User ${i}`, jobTitle: "Engineer", businessPhones: ["+14255550100"] }, hash: `h${i}` });
  }
  const b = new PolicyPlanBuilder({ policy: POLICY, folder: "CYNC", mode: "sync", sourceUsers: users });
  for (let m = 0; m < mailboxes; m++) b.add(planMailbox({ mailbox: { id: `m-${m}`, upn: `m${m}@contoso.com` }, policy: POLICY, desired, current: [], mode: "sync" }));
  return assemblePlan([b.finish()], { policyDigests: { [POLICY]: "d" } });
}

describe("saved-plan JSON", () => {
  it("round-trips to an equal plan", () => {
    const plan = smallPlan();
    expect(reparse(renderJson(plan))).toEqual(plan);
  });

  it("stores each created contact once per policy and shares it again when read", () => {
    const plan = firstLoad(3, 4);
    const json = planToJson(plan);
    expect(Object.keys(json.policies[0]!.contacts)).toHaveLength(3);
    expect(json.policies[0]!.mailboxes[0]!.create).toEqual(plan.policies[0]!.mailboxes[0]!.create.map((c) => c.sourceUserId));
    const back = reparse(renderJson(plan));
    expect(back.policies[0]!.mailboxes[0]!.create[0]).toBe(back.policies[0]!.mailboxes[3]!.create[0]);
  });

  it("a first load of 200 users into 500 mailboxes stays small (ids, not bodies, per mailbox)", () => {
    const plan = firstLoad(200, 500);
    const compact = renderJson(plan).length;
    const inline = JSON.stringify(plan, null, 2).length;
    expect(compact).toBeLessThan(inline / 5);
    expect(reparse(renderJson(plan)).summary).toEqual({ create: 100_000, update: 0, delete: 0, mailboxes: 500 });
  });

  it("also reads plans written with contacts inline", () => {
    const plan = smallPlan();
    expect(reparse(JSON.stringify(plan))).toEqual(plan);
  });

  it("refuses a create naming a contact the plan does not carry", () => {
    const json = planToJson(firstLoad(1, 1));
    expect(() => planFromJson({ ...json, policies: json.policies.map((p) => ({ ...p, contacts: {} })) })).toThrow(PlanFormatError);
  });
});

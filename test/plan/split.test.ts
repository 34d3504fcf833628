/**
 * plan/split.ts as a specification: each case is a base plan (the base branch's policies) and a
 * head plan (the pull request's) over the same directory, and what the pull request itself brings.
 */
import { describe, expect, it } from "vitest";
import { assemblePlan } from "../../src/plan/aggregate";
import { splitPlan } from "../../src/plan/split";
import type { ContactUpdate, MailboxChanges, Plan, PlanWarning, PolicyPlan } from "../../src/plan/types";
import type { DesiredContact } from "../../src/model/contact";
import { planValidator } from "../../src/plan/schema";
import { planFromJson } from "../../src/plan/serialize";
import { renderJson, renderMarkdown, renderText } from "../../src/render";
import { aliceV1, aliceV2, bobV1, carolV1, desired, mailbox, OTHER_POLICY, POLICY } from "./fixtures";

const aliceV3 = desired("u-alice", { ...aliceV2.fields, jobTitle: "Distinguished Engineer" });

const update = (from: DesiredContact, to: DesiredContact): ContactUpdate => ({
  contactId: `c-${from.sourceUserId}`,
  sourceUserId: from.sourceUserId,
  old: from.fields,
  new: to.fields,
  changed: ["jobTitle"],
  hash: to.hash,
});

interface Changes {
  readonly create?: DesiredContact[];
  readonly update?: ContactUpdate[];
  readonly delete?: string[];
  readonly warnings?: PlanWarning[];
}

function policyPlan(policy: string, changes: Changes): PolicyPlan {
  const m: MailboxChanges = {
    mailbox,
    create: changes.create ?? [],
    update: changes.update ?? [],
    delete: (changes.delete ?? []).map((id) => ({ contactId: `c-${id}`, sourceUserId: id, fields: {}, reason: "source-gone" as const })),
    unchanged: 0,
    owned: 3,
    foreign: 0,
    unmarked: 0,
  };
  const changed = m.create.length + m.update.length + m.delete.length > 0;
  return {
    policy,
    folder: "CYNC",
    mode: "sync",
    sourceUsers: 3,
    ownedContacts: 3,
    mailboxes: changed ? [m] : [],
    unchangedMailboxes: changed ? 0 : 1,
    skipped: [],
    nonTargets: [],
    warnings: changes.warnings ?? [],
  };
}

/** A plan of policies given as name → [digest, changes]. */
function plan(policies: Record<string, [string, Changes]>): Plan {
  return assemblePlan(
    Object.entries(policies).map(([name, [, c]]) => policyPlan(name, c)),
    { policyDigests: Object.fromEntries(Object.entries(policies).map(([name, [digest]]) => [name, digest])) },
  );
}

const phoneWarning = (user: string): PlanWarning => ({ code: "phone-not-international", message: "a phone number is not international", sourceUserId: user });
const none = { create: 0, update: 0, delete: 0 };

const cases: { name: string; base: Plan; head: Plan; pullRequest: object; pending: object; policy?: { name: string; pullRequest: object; pending: object } }[] = [
  {
    name: "a policy edit changing a mapped field: the updates are the pull request's",
    base: plan({ [POLICY]: ["d1", {}] }),
    head: plan({ [POLICY]: ["d2", { update: [update(aliceV1, aliceV2)] }] }),
    pullRequest: { create: 0, update: 1, delete: 0, added: [], edited: [POLICY], removed: [], withdrawn: none },
    pending: none,
  },
  {
    name: "a new policy: its creates are the pull request's",
    base: plan({ [POLICY]: ["d1", {}] }),
    head: plan({ [POLICY]: ["d1", {}], [OTHER_POLICY]: ["s1", { create: [bobV1] }] }),
    pullRequest: { create: 1, update: 0, delete: 0, added: [OTHER_POLICY], edited: [], removed: [], withdrawn: none },
    pending: none,
  },
  {
    name: "a directory hire with no policy change: pending only",
    base: plan({ [POLICY]: ["d1", { create: [carolV1] }] }),
    head: plan({ [POLICY]: ["d1", { create: [carolV1] }] }),
    pullRequest: { create: 0, update: 0, delete: 0, added: [], edited: [], removed: [], withdrawn: none },
    pending: { create: 1, update: 0, delete: 0 },
  },
  {
    name: "a policy edit and a directory hire at once: split per change",
    base: plan({ [POLICY]: ["d1", { create: [carolV1], delete: ["u-dan"] }] }),
    head: plan({ [POLICY]: ["d2", { create: [carolV1], update: [update(aliceV1, aliceV2)], delete: ["u-dan"] }] }),
    pullRequest: { create: 0, update: 1, delete: 0, added: [], edited: [POLICY], removed: [], withdrawn: none },
    pending: { create: 1, update: 0, delete: 1 },
    policy: { name: POLICY, pullRequest: { create: 0, update: 1, delete: 0, warnings: 0, skipped: 0 }, pending: { create: 1, update: 0, delete: 1, warnings: 0, skipped: 0 } },
  },
  {
    name: "the same contact updated to other values: the pull request's, replacing the base's update",
    base: plan({ [POLICY]: ["d1", { update: [update(aliceV1, aliceV2)] }] }),
    head: plan({ [POLICY]: ["d2", { update: [update(aliceV1, aliceV3)] }] }),
    pullRequest: { create: 0, update: 1, delete: 0, added: [], edited: [POLICY], removed: [], withdrawn: none },
    pending: none,
  },
  {
    name: "an edit that drops a user: the base's create withdrawn",
    base: plan({ [POLICY]: ["d1", { create: [aliceV1, bobV1] }] }),
    head: plan({ [POLICY]: ["d2", { create: [aliceV1] }] }),
    pullRequest: { create: 0, update: 0, delete: 0, added: [], edited: [POLICY], removed: [], withdrawn: { create: 1, update: 0, delete: 0 } },
    pending: { create: 1, update: 0, delete: 0 },
  },
  {
    name: "an edit that stops a deletion: the base's delete withdrawn",
    base: plan({ [POLICY]: ["d1", { delete: ["u-dan"] }] }),
    head: plan({ [POLICY]: ["d2", {}] }),
    pullRequest: { create: 0, update: 0, delete: 0, added: [], edited: [POLICY], removed: [], withdrawn: { create: 0, update: 0, delete: 1 } },
    pending: none,
  },
  {
    name: "a removed policy: its pending creates are withdrawn",
    base: plan({ [POLICY]: ["d1", {}], [OTHER_POLICY]: ["s1", { create: [bobV1] }] }),
    head: plan({ [POLICY]: ["d1", {}] }),
    pullRequest: { create: 0, update: 0, delete: 0, added: [], edited: [], removed: [OTHER_POLICY], withdrawn: { create: 1, update: 0, delete: 0 } },
    pending: none,
  },
  {
    name: "warnings: the base's are pending, a new one is the pull request's",
    base: plan({ [POLICY]: ["d1", { warnings: [phoneWarning("u-bob")] }] }),
    head: plan({ [POLICY]: ["d2", { warnings: [phoneWarning("u-bob"), phoneWarning("u-alice")] }] }),
    pullRequest: { create: 0, update: 0, delete: 0, added: [], edited: [POLICY], removed: [], withdrawn: none },
    pending: none,
    policy: { name: POLICY, pullRequest: { ...none, warnings: 1, skipped: 0 }, pending: { ...none, warnings: 1, skipped: 0 } },
  },
];

const REMOVED = cases.findIndex((c) => c.name.startsWith("a removed policy"));

describe("splitPlan", () => {
  it.each(cases)("$name", ({ base, head, pullRequest, pending, policy }) => {
    const split = splitPlan(base, head);
    expect(split.pullRequest).toEqual(pullRequest);
    expect(split.pending).toEqual(pending);
    expect(split.summary).toEqual(head.summary);
    if (policy !== undefined) {
      const p = split.policies.find((x) => x.policy === policy.name);
      expect(p?.pullRequest).toEqual(policy.pullRequest);
      expect(p?.pending).toEqual(policy.pending);
    }
  });

  it("marks each mailbox's pending changes by id", () => {
    const split = splitPlan(cases[3]!.base, cases[3]!.head);
    expect(split.policies[0]!.mailboxes[0]!.pending).toEqual({ create: ["u-carol"], update: [], delete: ["c-u-dan"] });
  });
});

describe("the pull request's effect, rendered", () => {
  const table: { name: string; split: Plan; text: string[]; markdown: string[] }[] = [
    {
      name: "a pull request touching no policy says so in one line",
      split: splitPlan(cases[2]!.base, cases[2]!.head),
      text: ["This pull request changes no policy.", "Pending regardless of this pull request: 1 to create, 0 to update, 0 to delete.", `  ${POLICY}: 1 to create, 0 to update, 0 to delete`],
      markdown: ["## cync plan", "", "**This pull request changes no policy.**", "", "<details>", "<summary>Pending regardless of this pull request: 1 to create, 0 to update, 0 to delete.</summary>"],
    },
    {
      name: "a policy edit while the directory also changed leads with that policy's effect alone",
      split: splitPlan(cases[3]!.base, cases[3]!.head),
      text: [`This pull request: 0 to create, 1 to update, 0 to delete; edits ${POLICY}.`, `  ${POLICY} (edited): 0 to create, 1 to update, 0 to delete`, "Pending regardless of this pull request: 1 to create, 0 to update, 1 to delete."],
      markdown: ["## cync plan", "", `**This pull request: 0 to create, 1 to update, 0 to delete; edits ${POLICY}.**`, "", `- ${POLICY} (edited): 0 to create, 1 to update, 0 to delete`],
    },
    {
      name: "a removed policy: its withdrawn changes, and its contacts said to stay",
      split: splitPlan(cases[REMOVED]!.base, cases[REMOVED]!.head),
      text: [
        `This pull request: 0 to create, 0 to update, 0 to delete; removes ${OTHER_POLICY}; 1 change the base policies would make no longer happen (1 to create, 0 to update, 0 to delete).`,
        `  ${OTHER_POLICY} (removed): the contacts it owns stay in their mailboxes — cync does not delete a removed policy's contacts`,
      ],
      markdown: ["## cync plan"],
    },
  ];
  it.each(table)("$name", ({ split, text, markdown }) => {
    expect(renderText(split).split("\n").slice(0, text.length)).toEqual(text);
    expect(renderMarkdown(split).split("\n").slice(0, markdown.length)).toEqual(markdown);
  });

  it("survives the saved JSON, which the schema accepts (the pull-request comment renders it)", () => {
    const split = splitPlan(cases[3]!.base, cases[3]!.head);
    const json = JSON.parse(renderJson(split)) as Readonly<Record<string, unknown>> & { policies: unknown[] };
    expect(planValidator()(json)).toBe(true);
    expect(json).toMatchObject({ pullRequest: split.pullRequest, pending: split.pending });
    expect(renderMarkdown(planFromJson(json))).toBe(renderMarkdown(split));
  });

  it("shows the whole plan after merge below it", () => {
    expect(renderMarkdown(splitPlan(cases[3]!.base, cases[3]!.head))).toContain("### The whole plan after merge");
  });
});

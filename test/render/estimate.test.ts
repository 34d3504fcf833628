import { describe, expect, it } from "vitest";
import type { ContactFieldName, DesiredContact } from "../../src/model/contact";
import { assemblePlan, PolicyPlanBuilder } from "../../src/plan/aggregate";
import type { ContactUpdate, MailboxChanges, PhotoChange, Plan } from "../../src/plan/types";
import { estimate, type Bottleneck, type EstimateOptions } from "../../src/render/estimate";

const contact: DesiredContact = { sourceUserId: "u", fields: { displayName: "X" }, hash: "h" };

/** `mailboxes` mailboxes with `creates` creates each (the same contact object: size is what matters). */
function plan(mailboxes: number, creates: number): Plan {
  const b = new PolicyPlanBuilder({ policy: "p", folder: "CYNC", mode: "sync", sourceUsers: creates });
  const create = Array.from({ length: creates }, () => contact);
  for (let i = 0; i < mailboxes; i++) {
    const m: MailboxChanges = { mailbox: { id: `m${i}`, upn: `m${i}@x` }, create, update: [], delete: [], unchanged: 0, owned: 0, foreign: 0, unmarked: 0 };
    b.add(m);
  }
  return assemblePlan([b.finish()], { policyDigests: {} });
}

describe("estimate", () => {
  it.each<[string, Plan, EstimateOptions, number, number, Bottleneck]>([
    // 12,400 writes into one mailbox: 10,000 four at a time, the rest once the 10-minute window
    // lets the first go: 600 s + 2,400 / 4 × 10 ms (src/graph/apply-time.ts).
    ["one busy mailbox is bound by its 10,000 per 10 min", plan(1, 12_400), { concurrency: 1_000, requestLatencyMs: 10 }, 12_400, 606, "mailbox-rate"],
    // 1,000 × 1,000 at 13,000/s: ≈ 77 s (docs/architecture.md#performance-model).
    ["1,000 × 1,000 with unlimited concurrency is bound by the app limit", plan(1_000, 1_000), { concurrency: 1e9, requestLatencyMs: 1 }, 1_000_000, 1_000_000 / 13_000, "app"],
    ["slow requests are bound by 4 at once per mailbox", plan(1, 1_000), { concurrency: 1_000, requestLatencyMs: 1_000 }, 1_000, 250, "mailbox-concurrency"],
    // One mailbox at a time, each 100 writes four at a time at 200 ms: 100 × 5 s = 500 s.
    ["one mailbox at a time bounds everything", plan(100, 100), { concurrency: 1, requestLatencyMs: 200 }, 10_000, 500, "concurrency"],
    // M/N rounds of one mailbox's U / 4 × latency (docs/architecture.md#performance-model): 40
    // mailboxes × 300 writes take 5 × 15 s at the default 8 mailboxes at once, half that at 16.
    ["the default concurrency", plan(40, 300), { concurrency: 8, requestLatencyMs: 200 }, 12_000, 75, "concurrency"],
    ["twice the concurrency, half the time", plan(40, 300), { concurrency: 16, requestLatencyMs: 200 }, 12_000, 37.5, "concurrency"],
    ["nothing to do", plan(0, 0), { concurrency: 8, requestLatencyMs: 200 }, 0, 0, "app"],
  ])("%s", (_name, p, options, requests, seconds, bottleneck) => {
    const e = estimate(p, options);
    expect(e.requests).toBe(requests);
    expect(e.seconds).toBeCloseTo(seconds, 6);
    expect(e.bottleneck).toBe(bottleneck);
  });
});

describe("estimate counts photo requests (src/plan/requests.ts)", () => {
  const update = (changed: ContactFieldName[], photo?: PhotoChange): ContactUpdate => ({
    contactId: "c",
    sourceUserId: "u",
    old: {},
    new: {},
    changed,
    hash: "h",
    ...(photo === undefined ? {} : { photo, ...(photo === "removed" ? {} : { photoHash: "p" }) }),
  });
  it.each<[string, DesiredContact[], ContactUpdate[], number]>([
    ["a create with a photo: POST and PUT", [{ ...contact, photo: "p" }], [], 2],
    ["a create of a person without a photo: POST", [{ ...contact, photo: null }], [], 1],
    ["a field update: PATCH", [], [update(["jobTitle"])], 1],
    ["a photo alone: PUT and the marker PATCH", [], [update([], "added")], 2],
    ["a field and a photo: PATCH, PUT, marker PATCH", [], [update(["jobTitle"], "changed")], 3],
    ["a photo removed: the contact replaced, POST and DELETE", [], [update(["jobTitle"], "removed")], 2],
  ])("%s", (_name, create, updates, requests) => {
    const b = new PolicyPlanBuilder({ policy: "p", folder: "CYNC", mode: "sync", sourceUsers: 1 });
    b.add({ mailbox: { id: "m", upn: "m@x" }, create, update: updates, delete: [], unchanged: 0, owned: 0, foreign: 0, unmarked: 0 });
    expect(estimate(assemblePlan([b.finish()], { policyDigests: {} })).requests).toBe(requests);
  });
});

import { describe, expect, it } from "vitest";
import type { ApplyReport } from "../../src/apply/report";
import { renderDemoSummary, type DemoFacts } from "../../src/demo/summary";
import { applyReport } from "../helpers/apply-report";

const report = (over: Partial<ApplyReport> = {}): ApplyReport => applyReport({ requests: { total: 43, byMethod: { GET: 43 } }, durationMs: 1200, ...over });
const changesApplied = report({
  summary: { create: 38, update: 76, delete: 38, mailboxes: 38 },
  planned: { create: 38, update: 76, delete: 38, mailboxes: 38 },
  // One PATCH per update; the 38 deletes are permanentDelete POSTs beside the 38 creates.
  requests: { total: 235, byMethod: { GET: 83, PATCH: 76, POST: 76 } },
  durationMs: 3100,
});
const firstFill = report({
  summary: { create: 5928, update: 0, delete: 0, mailboxes: 43 },
  planned: { create: 5928, update: 0, delete: 0, mailboxes: 43 },
  requests: { total: 6193, byMethod: { GET: 222, POST: 5971 } },
  throttled: 12,
  durationMs: 27_000,
});
const facts = (over: Partial<DemoFacts>): DemoFacts => ({
  run: 1,
  dir: ".cync/demo",
  users: 300,
  userMailboxes: 40,
  sync: firstFill,
  changes: ["hired Robin Novak (Engineering)", "Ada left the company"],
  resync: changesApplied,
  totalMs: 34_000,
  ...over,
});

describe("renderDemoSummary", () => {
  it("says what photos cost when a policy syncs them, and nothing about photos otherwise", () => {
    const withPhotos = renderDemoSummary(facts({ photos: { uploaded: 1_204, metadataReads: 300, downloads: 201 } }));
    expect(withPhotos).toContain("3. Re-sync    38 created, 76 updated, 38 deleted in 38 mailboxes — 3.1s, 235 requests (152 writes), 0 throttled\nPhotos        1,204 contact photos uploaded; 300 photo checks, 201 downloads (once per person, not per mailbox)\nResult");
    expect(renderDemoSummary(facts({}))).not.toContain("Photos");
  });

  it("sums up a first run and says what the next one will do", () => {
    expect(renderDemoSummary(facts({}))).toBe(
      [
        "",
        `── cync demo, run 1 ${"─".repeat(50)}`,
        "Tenant        embedded: 300 users, 40 user mailboxes (kept in .cync/demo)",
        "1. Sync       5,928 created, 0 updated, 0 deleted in 43 mailboxes — 27s, 6,193 requests (5,971 writes), 12 throttled",
        "2. Directory  hired Robin Novak (Engineering)",
        "              Ada left the company",
        "3. Re-sync    38 created, 76 updated, 38 deleted in 38 mailboxes — 3.1s, 235 requests (152 writes), 0 throttled",
        "Result        every mailbox holds exactly what the policies ask for",
        "Total         34s",
        "",
        "Run `npm run demo` again: step 1 will find nothing to do (nothing changed since this run),",
        "then four new directory changes are made, planned and applied.",
        "",
      ].join("\n"),
    );
  });

  it.each([
    ["a steady second run", facts({ run: 2, sync: report() }), "1. Sync       nothing to do — 1.2s, 43 requests (0 writes), 0 throttled", "Step 1 found nothing to do"],
    ["a run completing an earlier one", facts({ run: 3 }), "1. Sync       5,928 created", "Step 1 applied what had changed since the last run"],
    [
      "a run with failures",
      facts({ resync: { ...changesApplied, failures: [{ policy: "p", mailboxId: "m", failedChanges: 1, error: "boom" }] } }),
      "FAILED        1 mailboxes could not be fully written",
      "Run `npm run demo` again",
    ],
  ])("tells %s apart", (_name, f, line, closing) => {
    const text = renderDemoSummary(f);
    expect(text).toContain(line);
    expect(text).toContain(closing);
  });
});

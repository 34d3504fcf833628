import type { ApplyReport } from "../../src/apply/report";

/** An apply report of a run that planned and did nothing, with `over` laid on top. */
export const applyReport = (over: Partial<ApplyReport> = {}): ApplyReport => ({
  summary: { create: 0, update: 0, delete: 0, mailboxes: 0 },
  planned: { create: 0, update: 0, delete: 0, mailboxes: 0 },
  alreadyDone: 0,
  notOwned: 0,
  recovered: 0,
  foldersRemoved: 0,
  failures: [],
  refusedContacts: [],
  skipped: [],
  allowedGuardViolations: [],
  requests: { total: 0, byMethod: {} },
  retries: 0,
  throttled: 0,
  durationMs: 0,
  ...over,
});

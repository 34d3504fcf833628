/** The demo's closing screen (pure): what each step did, what it cost, what to try next. */
import type { ApplyReport } from "../apply/report";
import { duration } from "../render/format";

export interface DemoFacts {
  readonly run: number;
  readonly dir: string;
  readonly users: number;
  readonly userMailboxes: number;
  readonly sync: ApplyReport;
  readonly changes: readonly string[];
  readonly resync: ApplyReport;
  /** Photo requests of the whole run, as the embedded tenant counted them (a policy with `mapping.photo`). */
  readonly photos?: DemoPhotos;
  readonly totalMs: number;
}

export interface DemoPhotos {
  /** Contact photos uploaded (`PUT …/contacts/{id}/photo/$value`). */
  readonly uploaded: number;
  /** People whose photo metadata was read, and photos downloaded because they were new or changed. */
  readonly metadataReads: number;
  readonly downloads: number;
}

const n = (x: number): string => x.toLocaleString("en-US");

/** `12,000 created, 80 updated, 40 deleted in 40 mailboxes`, or `nothing to do`. */
function did(r: ApplyReport): string {
  const s = r.summary;
  if (r.planned.create + r.planned.update + r.planned.delete === 0) return "nothing to do";
  return `${n(s.create)} created, ${n(s.update)} updated, ${n(s.delete)} deleted in ${n(s.mailboxes)} mailboxes`;
}

function cost(r: ApplyReport): string {
  const writes = Object.entries(r.requests.byMethod)
    .filter(([m]) => m !== "GET")
    .reduce((sum, [, c]) => sum + c, 0);
  return `${duration(r.durationMs)}, ${n(r.requests.total)} requests (${n(writes)} writes), ${n(r.throttled)} throttled`;
}

function closing(f: DemoFacts): string[] {
  if (f.run === 1) {
    return [
      "Run `npm run demo` again: step 1 will find nothing to do (nothing changed since this run),",
      "then four new directory changes are made, planned and applied.",
    ];
  }
  const syncEmpty = f.sync.planned.create + f.sync.planned.update + f.sync.planned.delete === 0;
  return [
    syncEmpty
      ? "Step 1 found nothing to do: everything from the last run was still in place."
      : "Step 1 applied what had changed since the last run (or what it left undone).",
    "Each run makes and applies four new directory changes; `rm -rf .cync/demo` starts over.",
  ];
}

export function renderDemoSummary(f: DemoFacts): string {
  const failures = f.sync.failures.length + f.resync.failures.length;
  const lines = [
    "",
    `── cync demo, run ${f.run} ${"─".repeat(50)}`,
    `Tenant        embedded: ${n(f.users)} users, ${n(f.userMailboxes)} user mailboxes (kept in ${f.dir})`,
    `1. Sync       ${did(f.sync)} — ${cost(f.sync)}`,
    ...f.changes.map((c, i) => `${i === 0 ? "2. Directory " : "             "} ${c}`),
    `3. Re-sync    ${did(f.resync)} — ${cost(f.resync)}`,
    ...(f.photos === undefined
      ? []
      : [`Photos        ${n(f.photos.uploaded)} contact photos uploaded; ${n(f.photos.metadataReads)} photo checks, ${n(f.photos.downloads)} downloads (once per person, not per mailbox)`]),
    failures > 0 ? `FAILED        ${failures} mailboxes could not be fully written; run the demo again to converge` : `Result        every mailbox holds exactly what the policies ask for`,
    `Total         ${duration(f.totalMs)}`,
    "",
    ...closing(f),
    "",
  ];
  return lines.join("\n");
}

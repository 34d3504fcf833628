/**
 * One embedded tenant for one chaos seed: started over HTTPS (the CA is trusted by the vitest
 * globalSetup), with the suite's policy in a temporary directory, foreign contacts planted before
 * cync first runs, `cync apply` run in-process as the CLI runs it, and the tenant's own view of
 * every target mailbox judged by the oracle (oracle.ts, mailbox-view.ts).
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { simulatorEnv, startSimulator, type FaultCounts, type SimulatorHandle, type SimulatorOptions, type TenantFile } from "@cync/simulator";
import { TEST_CA_DIR } from "@cync/simulator/testing";
import type { ApplyReport } from "../../src/apply/report";
import { applyCommand, type ApplyOptions } from "../../src/cli/commands/apply";
import { STAFF_POLICY } from "../e2e/harness";
import { desiredState, type DesiredState } from "./oracle";
import { converged, FOLDER, foreignChanges, foreignPrint, judge, type MailboxView, type Verdict } from "./mailbox-view";

export interface ApplyRun {
  readonly code: number;
  readonly stderr: string;
  /** The `--format json` report; undefined when the run stopped before applying (stderr says why). */
  readonly report: ApplyReport | undefined;
}

export interface Judgement {
  /** Mailboxes whose cync folder differs from the oracle's, with what differs. */
  readonly diverged: readonly { readonly mailboxId: string; readonly verdict: Verdict }[];
  readonly missing: number;
  readonly duplicates: number;
  /** Keys of foreign items (contacts, folders, Deleted Items) that changed since planting, by mailbox. */
  readonly foreignWrites: readonly string[];
}

export interface ChaosTenant {
  readonly handle: SimulatorHandle;
  readonly policiesDir: string;
  readonly stateDir: string;
  /** Environment a cync process needs to reach this tenant as the applier. */
  readonly env: Record<string, string>;
  apply(extra?: Partial<ApplyOptions>): Promise<ApplyRun>;
  /** Plants foreign contacts (see {@link plantForeign}) and records the fingerprint later runs are compared with. */
  plant(): Promise<void>;
  judge(): Promise<Judgement>;
  /** Faults injected (by kind) plus 429s answered, since start. */
  faults(): Promise<number>;
  close(): Promise<void>;
}

const sink = (): { text: string; isTTY: false; write(t: string): void } => {
  const s = { text: "", isTTY: false as const, write: (t: string) => void (s.text += t) };
  return s;
};

export async function control(handle: SimulatorHandle, method: string, p: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${handle.controlUrl}${p}`, {
    method,
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`control ${method} ${p}: ${res.status} ${text}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/**
 * A Graph write as another client of the tenant would make it, through the same faults cync
 * meets: retried until answered. A write committed behind a lost answer only plants one more
 * foreign item — the fingerprint is taken from the tenant afterwards.
 */
async function graphWrite(handle: SimulatorHandle, p: string, body: unknown): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const token = await handle.issueToken("applier");
    const res = await fetch(`${handle.graphUrl}/v1.0${p}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }).catch(() => undefined);
    if (res !== undefined && (res.ok || res.status === 409)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`could not plant ${p}`);
}

const views = async (handle: SimulatorHandle, ids: Iterable<string>): Promise<Map<string, MailboxView>> =>
  new Map(await Promise.all([...ids].map(async (id) => [id, (await control(handle, "GET", `/mailboxes/${id}`)) as MailboxView] as const)));

/**
 * What cync must leave alone, planted in every target mailbox: the owner's own contact in the
 * default Contacts folder; and in every other mailbox a cync folder made beforehand holding another
 * policy's marked contact, another tool's contact with its own open extension, and the owner's own.
 */
async function plantForeign(handle: SimulatorHandle, mailboxes: readonly string[]): Promise<void> {
  for (const [i, m] of mailboxes.entries()) {
    const before = (await control(handle, "GET", `/mailboxes/${m}`)) as { folders: { id: string; displayName: string; isDefault: boolean }[] };
    const contactsFolder = before.folders.find((f) => f.isDefault)!;
    await control(handle, "POST", `/mailboxes/${m}/contactFolders/${contactsFolder.id}/contacts`, { givenName: "Own", surname: `Contact ${i}`, emailAddresses: [{ address: `own${i}@example.org` }] });
    if (i % 2 === 1) continue;
    await graphWrite(handle, `/users/${m}/contactFolders`, { displayName: FOLDER });
    const folder = ((await control(handle, "GET", `/mailboxes/${m}`)) as { folders: { id: string; displayName: string }[] }).folders.find((f) => f.displayName === FOLDER)!;
    const contacts = `/users/${m}/contactFolders/${folder.id}/contacts`;
    const other = mailboxes[(i + 1) % mailboxes.length]!;
    await graphWrite(handle, contacts, {
      displayName: "Another policy's contact",
      extensions: [{ "@odata.type": "microsoft.graph.openTypeExtension", extensionName: "io.cync.owner", formatVersion: 1, policy: "hr", sourceUserId: other, contentHash: "planted" }],
    });
    await graphWrite(handle, contacts, {
      displayName: "Another tool's contact",
      extensions: [{ "@odata.type": "microsoft.graph.openTypeExtension", extensionName: "com.contoso.crm", record: `crm-${i}` }],
    });
    await control(handle, "POST", `/mailboxes/${m}/contactFolders/${folder.id}/contacts`, { givenName: "Owner", surname: `Added ${i}` });
  }
}

export async function startChaosTenant(options: SimulatorOptions): Promise<ChaosTenant> {
  const handle = await startSimulator({ caDir: TEST_CA_DIR, ...options });
  const work = await mkdtemp(path.join(tmpdir(), "cync-chaos-"));
  const policiesDir = path.join(work, "policies");
  const stateDir = path.join(work, "state");
  await mkdir(policiesDir);
  await writeFile(path.join(policiesDir, "staff.yaml"), STAFF_POLICY);
  const env = simulatorEnv(handle);
  const desired = async (): Promise<DesiredState> => desiredState((await control(handle, "GET", "/tenant")) as TenantFile);
  let baseline = new Map<string, Map<string, string>>();

  return {
    handle,
    policiesDir,
    stateDir,
    env,
    async apply(extra = {}) {
      const stdout = sink();
      const stderr = sink();
      const code = await applyCommand({ policies: policiesDir, stateDir, format: "json", concurrency: 8, redact: false, ...extra }, { stdout, stderr, env });
      let report: ApplyReport | undefined;
      try {
        report = JSON.parse(stdout.text) as ApplyReport;
      } catch {
        report = undefined;
      }
      return { code, stderr: stderr.text, report };
    },
    async plant() {
      const targets = [...(await desired()).keys()];
      await plantForeign(handle, targets);
      baseline = new Map([...(await views(handle, targets))].map(([id, v]) => [id, foreignPrint(v)]));
    },
    async judge() {
      const want = await desired();
      const seen = await views(handle, want.keys());
      const diverged: Judgement["diverged"][number][] = [];
      const foreignWrites: string[] = [];
      for (const [mailboxId, view] of seen) {
        const verdict = judge(view, want.get(mailboxId)!);
        if (!converged(verdict)) diverged.push({ mailboxId, verdict });
        const before = baseline.get(mailboxId);
        if (before !== undefined) foreignWrites.push(...foreignChanges(before, foreignPrint(view)).map((k) => `${mailboxId} ${k}`));
      }
      const sum = (k: "missing" | "duplicates"): number => diverged.reduce((n, d) => n + d.verdict[k], 0);
      return { diverged, missing: sum("missing"), duplicates: sum("duplicates"), foreignWrites };
    },
    async faults() {
      const stats = (await control(handle, "GET", "/stats")) as { throttled: number; faults: Partial<FaultCounts> };
      return stats.throttled + Object.values(stats.faults).reduce((n, c) => n + c, 0);
    },
    async close() {
      await handle.close();
      await rm(work, { recursive: true, force: true });
    },
  };
}

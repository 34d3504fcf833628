/**
 * Chaos scenario, hostile policies: files beside the suite's valid policy that try to exhaust
 * memory, time or the stack (12 MB, 20,000 levels of nesting, an alias bomb), are not UTF-8 text,
 * repeat keys, name folders Exchange keeps for itself, use what RE2 cannot match, or name a group
 * with an OData injection — each refused with its file, line and what is wrong, by `cync validate`,
 * `cync plan` and `cync apply` alike, in bounded time, with nothing sent to the tenant beyond reads
 * (one bad file fails the whole run: the valid policy beside it is not applied either). What is
 * hostile but harmless — a UTF-8 byte-order mark, a regular expression catastrophic for a
 * backtracking engine, a group whose real name is full of quotes, `%27` and `$filter` — is
 * neutralised: the apply converges, judged by the oracle.
 */
import { mkdir, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STAFF_POLICY } from "../e2e/harness";
import { BAD_INPUTS, HEAD } from "../policy/bad-input.cases";
import { startChaosTenant, type ChaosTenant } from "./chaos-tenant";
import { runCli } from "./cli";
import { chaosSize, noSurvival, report } from "./survival";

const size = chaosSize({ seeds: 1, users: 12, mailboxes: 3 });

/** Each CLI run, on 2 busy cores; a hang or an exhausted parser takes far longer or never ends. */
const MAX_RUN_MS = 20_000;

interface Hostile {
  readonly file: string;
  readonly content: string | (() => Buffer);
  readonly line: number;
  readonly message: RegExp;
}

/** The parsing and reading cases of test/policy, by name (their own table checks each in detail). */
const fromBadInputs = (names: readonly string[]): Hostile[] =>
  names.map((name, i) => {
    const c = BAD_INPUTS.find((b) => b.name === name);
    if (c === undefined) throw new Error(`no case "${name}" in test/policy/bad-input.cases.ts`);
    return { file: `bad-${i}.yaml`, content: c.content, line: c.line, message: c.message };
  });

const named = (name: string, spec: string): string => `${HEAD.replace("name: p", `name: ${name}`)}spec:\n${spec}`;

const REJECTED: Hostile[] = [
  ...fromBadInputs([
    "12 MB file",
    "20,000 levels of flow nesting",
    "10,000 levels of nested JSON objects",
    "alias bomb (billion laughs)",
    "duplicate keys",
    "Latin-1 bytes (not UTF-8)",
    "UTF-16 with byte-order mark",
    "binary file",
    "custom tag",
    "two documents",
  ]),
  { file: "recipient-cache.yaml", content: named("cache", "  folder: {name: Recipient Cache}\n"), line: 6, message: /spec\.folder\.name: "Recipient Cache" is the name of a folder Exchange keeps for itself under Contacts/ },
  { file: "contacts.yaml", content: named("contacts", "  folder: {name: Contacts}\n"), line: 6, message: /spec\.folder\.name: "Contacts" is the name of the mailbox's default Contacts folder; to sync into that folder write/ },
  { file: "dots.yaml", content: named("dots", "  folder: {name: '..'}\n"), line: 6, message: /spec\.folder\.name: "\.\." is only dots/ },
  { file: "lookahead.yaml", content: named("look", "  source:\n    where: {attribute: jobTitle, matches: '^(?!temp)'}\n"), line: 7, message: /spec\.source\.where\.matches: uses a lookahead or lookbehind/ },
];

/** An OData injection as a group name: no such group exists, so the plan must say so — not match every group. */
const INJECTED_GROUP = "x' or 1 eq 1 or displayName eq '";
/** A real group with an awkward name: found exactly, once each quote is doubled and the URL encoded. */
const AWKWARD_GROUP = `O'Brien's "R&D" 100% %27 $filter=id eq 'x' #1`;

/** The suite's policy (name, folder and safety kept, so the oracle judges it) with a source condition. */
const staffWhere = (conditions: string): string => `${STAFF_POLICY}  source:\n    where:\n      any:\n${conditions}        - {attribute: accountEnabled, equals: true}\n`;

async function requests(t: ChaosTenant): Promise<{ total: number; byMethod: Record<string, number> }> {
  const stats = (await (await fetch(`${t.handle.controlUrl}/stats`)).json()) as { requests: { total: number; byMethod: Record<string, number> } };
  return stats.requests;
}

const timed = async <T>(run: () => Promise<T>): Promise<T> => {
  const started = performance.now();
  const result = await run();
  expect(performance.now() - started).toBeLessThan(MAX_RUN_MS);
  return result;
};

/** A policies directory of its own beside the tenant's, holding these files. */
async function policies(t: ChaosTenant, name: string, files: Record<string, string | Buffer>): Promise<string> {
  const dir = path.join(t.policiesDir, "..", name);
  await mkdir(dir);
  for (const [file, content] of Object.entries(files)) await writeFile(path.join(dir, file), content);
  return dir;
}

describe("hostile policies", () => {
  let t: ChaosTenant;
  beforeAll(async () => {
    t = await startChaosTenant({ users: size.users, mailboxes: size.mailboxes, seed: 6 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("are refused with file, line and reason by validate, plan and apply, and nothing reaches the tenant", async () => {
    const dir = await policies(t, "rejected", {
      "staff.yaml": STAFF_POLICY,
      ...Object.fromEntries(REJECTED.map((h) => [h.file, typeof h.content === "string" ? h.content : h.content()])),
    });
    await fetch(`${t.handle.controlUrl}/stats/reset`, { method: "POST" });

    const validate = await timed(() => runCli(t, ["validate"], "applier", dir));
    expect(validate.code, validate.stdout).toBe(1);
    const lines = validate.stdout.split("\n");
    for (const h of REJECTED) {
      const at = `${path.join(dir, h.file)}:${h.line}:`;
      const said = lines.filter((l) => l.startsWith(at) && l.includes(": error: "));
      expect(said, `${h.file} in:\n${validate.stdout}`).toHaveLength(1);
      expect(said[0]!.slice(said[0]!.indexOf(": error: ") + ": error: ".length)).toMatch(new RegExp(h.message.source.replace(/^\^/, "")));
    }
    expect(validate.stdout).toMatch(/^1 polic(y|ies) valid, /m);

    for (const [command, app] of [["plan", "planner"], ["apply", "applier"]] as const) {
      const run = await timed(() => runCli(t, [command], app, dir));
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toContain(`cync ${command}: the policies have errors (run \`cync validate ${dir}\`)`);
      for (const h of REJECTED) expect(run.stderr).toContain(`${path.join(dir, h.file)}:${h.line}:`);
    }
    // Refused before the first request: not even the directory was read.
    expect((await requests(t)).total).toBe(0);
    report("hostile policies", { ...noSurvival(), seeds: 1 });
  }, 120_000);

  it("refuse a group name carrying an OData injection: no group is named so, nothing written", async () => {
    const dir = await policies(t, "injected", { "staff.yaml": staffWhere(`        - memberOf: {displayName: ${JSON.stringify(INJECTED_GROUP)}}\n`) });
    await fetch(`${t.handle.controlUrl}/stats/reset`, { method: "POST" });
    const plan = await timed(() => runCli(t, ["plan"], "planner", dir));
    const apply = await timed(() => t.apply({ policies: dir }));
    for (const run of [plan, apply]) {
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toContain(`no group is named "${INJECTED_GROUP}"`);
    }
    const { byMethod } = await requests(t);
    expect(Object.entries(byMethod).filter(([m, n]) => m !== "GET" && n > 0)).toEqual([]);
  }, 120_000);

  it("neutralise what is hostile but harmless: a byte-order mark, a catastrophic regular expression, an awkward group name", async () => {
    const post = (p: string, body: unknown) => fetch(`${t.handle.controlUrl}${p}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const tenant = (await (await fetch(`${t.handle.controlUrl}/tenant`)).json()) as { users: { id: string }[] };
    expect((await post("/groups", { displayName: AWKWARD_GROUP, members: [tenant.users[0]!.id] })).status).toBe(201);
    // (\w|\d)+$ takes 84 s on 29 such characters under a backtracking engine.
    const patient = tenant.users[1]!.id;
    await fetch(`${t.handle.controlUrl}/users/${patient}`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ jobTitle: `${"1".repeat(60)}!` }) });
    const policy = staffWhere(`        - {attribute: jobTitle, matches: '^(\\w|\\d)+$'}\n        - memberOf: {displayName: ${JSON.stringify(AWKWARD_GROUP)}}\n`);
    const dir = await policies(t, "neutralised", { "staff.yaml": Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(policy)]) });

    const applied = await timed(() => t.apply({ policies: dir }));
    expect(applied.code, applied.stderr).toBe(0);
    const verdict = await t.judge();
    expect(verdict.diverged).toEqual([]);
    expect(verdict.duplicates).toBe(0);
  }, 120_000);
});

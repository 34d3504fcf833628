/**
 * `cync gather` (src/apply/gather.ts, src/render/gather.ts, src/cli/commands/gather.ts): a sharded
 * run's results summed into one summary, in which a shard that wrote no result shows as missing
 * and fails the run, as a failed or refused shard does.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatherExitCode, gatherShards, type GatherInput, type ShardStatus } from "../../src/apply/gather";
import { gatherCommand } from "../../src/cli/commands/gather";
import { renderGatherMarkdown, renderGatherText } from "../../src/render/gather";
import { applyReport } from "../helpers/apply-report";

/** Shard `index` of `count`'s `cync apply --shard i/N --format json`: 100 × index created in 10 mailboxes, one skipped. */
const result = (index: number, count: number, over: Record<string, unknown> = {}): Record<string, unknown> => ({
  shard: { index, count },
  staleSavedPlan: [],
  ...applyReport({
    planned: { create: 100 * index, update: 1, delete: 0, mailboxes: 10 },
    summary: { create: 100 * index, update: 1, delete: 0, mailboxes: 10 },
    skipped: [{ policy: "staff", mailboxId: `skipped-${index}`, reason: "no Exchange Online mailbox" }],
    requests: { total: 110 * index, byMethod: { GET: 10 * index, POST: 100 * index } },
    retries: index,
    durationMs: 1_000 * index,
  }),
  ...over,
});

/** Shard 2 of 3: two mailboxes failed, so 8 of its 10 applied. */
const FAILED_2 = result(2, 3, {
  summary: { create: 150, update: 1, delete: 0, mailboxes: 8 },
  failures: [
    { policy: "staff", mailboxId: "mbx-a", failedChanges: 30, error: "mailbox throttled (429) after 5 retries" },
    { policy: "staff", mailboxId: "mbx-b", failedChanges: 20, error: "mailbox not found (404)" },
  ],
});
/** Shard 2 of 3: every mailbox applied, but Exchange refused one user's contact in two of them (`cync apply` exits 1). */
const REFUSED_USER_2 = result(2, 3, { refusedContacts: [{ policy: "staff", sourceUserId: "user-9", mailboxes: 2, error: "400 ErrorInvalidProperty" }] });
/** Shard 3 of 3, refused by a guard: its JSON as `cync apply` writes a refusal. */
const REFUSED_3 = {
  planned: { create: 0, update: 0, delete: 500, mailboxes: 10 },
  staleSavedPlan: [],
  shard: { index: 3, count: 3 },
  refused: [{ kind: "maxDeletes", policy: "staff", message: "staff would delete 500 contacts (limit 50)" }],
  summary: { create: 0, update: 0, delete: 0, mailboxes: 0 },
};

const file = (name: string, doc: unknown): GatherInput => ({ source: name, text: JSON.stringify(doc) });

describe("gatherShards", () => {
  it.each<[string, GatherInput[], number | undefined, ShardStatus[], number]>([
    ["every shard applied", [file("a", result(1, 3)), file("b", result(2, 3)), file("c", result(3, 3))], 3, ["applied", "applied", "applied"], 0],
    ["the count from the results when --shards is not given", [file("a", result(1, 2)), file("b", result(2, 2))], undefined, ["applied", "applied"], 0],
    ["a result without a shard: an unsharded run, shard 1 of 1", [file("a", { ...result(1, 1), shard: undefined })], undefined, ["applied"], 0],
    ["a shard with failed mailboxes", [file("a", result(1, 3)), file("b", FAILED_2), file("c", result(3, 3))], 3, ["applied", "failed", "applied"], 1],
    ["a shard in which Exchange refused a user's contact", [file("a", result(1, 3)), file("b", REFUSED_USER_2), file("c", result(3, 3))], 3, ["applied", "failed", "applied"], 1],
    ["a shard whose job died before writing its result", [file("a", result(1, 3)), file("c", result(3, 3))], 3, ["applied", "missing", "applied"], 1],
    ["no result at all", [], 2, ["missing", "missing"], 1],
    ["a shard refused by a safety guard", [file("a", result(1, 3)), file("b", result(2, 3)), file("c", REFUSED_3)], 3, ["applied", "applied", "refused"], 3],
    ["refused and failed: failed wins", [file("a", result(1, 3)), file("b", FAILED_2), file("c", REFUSED_3)], 3, ["applied", "failed", "refused"], 1],
  ])("%s", (_what, inputs, expected, statuses, exit) => {
    const s = gatherShards(inputs, expected);
    expect(s.byShard.map((x) => x.status)).toEqual(statuses);
    expect(s.succeeded).toBe(exit === 0);
    expect(gatherExitCode(s, 3)).toBe(exit);
  });

  it.each<[string, GatherInput[], number | undefined, RegExp]>([
    ["a file that could not be read", [file("a", result(1, 1)), { source: "b", readError: "ENOENT: no such file" }], 1, /^b: ENOENT/],
    ["a file that is not JSON", [file("a", result(1, 1)), { source: "b", text: "{" }], 1, /^b: not JSON$/],
    ["a JSON file that is not an apply result (a plan)", [file("a", result(1, 1)), file("b", { kind: "ContactSyncPlan" })], 1, /^b: not a cync apply result/],
    ["a shard reported twice", [file("a", result(1, 2)), file("b", result(1, 2)), file("c", result(2, 2))], 2, /^b: shard 1 was already reported by a$/],
    ["a result of another shard count", [file("a", result(1, 2)), file("b", result(2, 4))], 2, /a result is of a run of 4 shards, not 2/],
    ["a shard beyond the count", [file("a", result(1, 1)), file("b", result(2, 2))], 1, /shard 2 is not one of 1/],
    ["a shard index out of its range", [file("a", { ...result(1, 1), shard: { index: 0, count: 1 } })], 1, /its shard is not i of N/],
    ["nothing given and no count", [], undefined, /no shard's result to gather/],
  ])("fails the run on %s", (_what, inputs, expected, problem) => {
    const s = gatherShards(inputs, expected);
    expect(s.problems).toContainEqual(expect.stringMatching(problem));
    expect(s.succeeded).toBe(false);
    expect(gatherExitCode(s, 3)).toBe(1);
  });

  it("sums every shard's counts, takes the slowest shard's duration, and lists failures by shard and mailbox", () => {
    const s = gatherShards([file("a", result(1, 3)), file("b", FAILED_2), file("c", result(3, 3))], 3);
    expect(s.totals).toEqual({
      planned: { create: 600, update: 3, delete: 0, mailboxes: 30 },
      applied: { create: 550, update: 3, delete: 0, mailboxes: 28 },
      failedMailboxes: 2,
      refusedUsers: 0,
      skippedMailboxes: 3,
      requests: 660,
      throttled: 0,
      retries: 6,
      durationMs: 3_000,
    });
    expect(s.failures).toEqual([
      { shard: 2, policy: "staff", mailboxId: "mbx-a", failedChanges: 30, error: "mailbox throttled (429) after 5 retries" },
      { shard: 2, policy: "staff", mailboxId: "mbx-b", failedChanges: 20, error: "mailbox not found (404)" },
    ]);
  });
});

describe("the gathered summary for people", () => {
  const failedRun = gatherShards([file("a", result(1, 4)), file("b", FAILED_2 as never), file("c", { ...REFUSED_3, shard: { index: 3, count: 4 } })], 4);
  // FAILED_2 says it is of 3 shards: a problem the summary shows too.

  it.each([
    ["markdown", renderGatherMarkdown(failedRun)],
    ["text", renderGatherText(failedRun)],
  ])("%s: names each shard that did not apply, why, and the failed mailboxes by shard", (_format, text) => {
    expect(text).toMatch(/2\/4: FAILED|Shard 2\/4: FAILED/);
    expect(text).toMatch(/3\/4: REFUSED by a safety guard/);
    expect(text).toMatch(/staff would delete 500 contacts \(limit 50\)/);
    expect(text).toMatch(/4\/4: MISSING: no result/);
    expect(text).toMatch(/a result is of a run of 3 shards, not 4/);
    expect(text).toMatch(/mbx-a/);
    expect(text).toMatch(/2\/4.*staff.*mbx-b.*20.*mailbox not found \(404\)/);
    // Skipped mailboxes are counted, never listed: their ids are each shard's summary's business.
    expect(text).not.toMatch(/skipped-1/);
  });

  it("markdown: one row per shard and a total, failures capped with a count of the rest", () => {
    const md = renderGatherMarkdown(failedRun, 1);
    expect(md).toMatch(/^## cync apply, gathered\n\n\*\*250 created · 2 updated · 0 deleted in 18 of 30 mailboxes, 4 shards \(2s, the slowest shard\)\*\*/);
    // Four shard rows, and one failure row of two.
    expect(md.match(/^\| \d\/4 \|/gm)).toHaveLength(4 + 1);
    expect(md).toMatch(/^\| all \| \*\*failed\*\* \|/m);
    expect(md).toMatch(/\| … and 1 more \|/);
  });

  it("markdown: escapes what could break the table", () => {
    const s = gatherShards([file("a", result(1, 1, { failures: [{ policy: "staff", mailboxId: "a|b", failedChanges: 1, error: "<details> | `x`" }] }))], 1);
    const md = renderGatherMarkdown(s);
    expect(md).toContain("<code>a&#124;b</code>");
    expect(md).toContain("&lt;details&gt; &#124; \\`x\\`");
  });

  it("markdown of a run where every shard applied: no caution", () => {
    expect(renderGatherMarkdown(gatherShards([file("a", result(1, 2)), file("b", result(2, 2))], 2))).not.toMatch(/CAUTION/);
  });
});

describe("cync gather", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "cync-gather-"));
    await writeFile(path.join(dir, "apply-1.json"), JSON.stringify(result(1, 2)));
    await writeFile(path.join(dir, "apply-2.json"), JSON.stringify(result(2, 2)));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const out = (): { text: string; write(t: string): void } => ({
    text: "",
    write(t: string) {
      this.text += t;
    },
  });

  it.each([
    ["both shards' results", ["apply-1.json", "apply-2.json"], 2, 0, /^Gathered: 300 created/],
    ["one shard's result of two: the other is missing", ["apply-1.json"], 2, 1, /Shard 2\/2: MISSING/],
    ["a file that is not there (a glob that matched nothing)", ["apply-1.json", "apply-*.json"], undefined, 1, /apply-\*\.json: ENOENT/],
  ])("%s", async (_what, files, shards, exit, text) => {
    const stdout = out();
    const code = await gatherCommand(files.map((f) => path.join(dir, f)), { format: "text", ...(shards === undefined ? {} : { shards }) }, stdout);
    expect(code).toBe(exit);
    expect(stdout.text).toMatch(text);
  });

  it("--format json --out writes the summary as JSON; --summary appends the markdown", async () => {
    const summaryFile = path.join(dir, "summary.md");
    await writeFile(summaryFile, "before\n");
    const code = await gatherCommand([path.join(dir, "apply-1.json"), path.join(dir, "apply-2.json")], { format: "json", shards: 2, out: path.join(dir, "gathered.json"), summary: summaryFile }, out());
    expect(code).toBe(0);
    expect(JSON.parse(await readFile(path.join(dir, "gathered.json"), "utf8"))).toMatchObject({ shards: 2, succeeded: true, totals: { applied: { create: 300 } } });
    expect(await readFile(summaryFile, "utf8")).toMatch(/^before\n## cync apply, gathered\n/);
  });
});

describe("users Exchange refused, gathered", () => {
  const s = gatherShards([file("a", result(1, 3)), file("b", REFUSED_USER_2), file("c", result(3, 3))], 3);
  it("are counted and listed by shard, never as a mailbox failure", () => {
    expect(s.totals.refusedUsers).toBe(1);
    expect(s.totals.failedMailboxes).toBe(0);
    expect(s.refusedUsers).toEqual([{ shard: 2, policy: "staff", sourceUserId: "user-9", mailboxes: 2, error: "400 ErrorInvalidProperty" }]);
  });
  it.each([
    ["markdown", renderGatherMarkdown(s), "| 2/3 | `staff` | <code>user-9</code> | 2 | 400 ErrorInvalidProperty |"],
    ["text", renderGatherText(s), "  shard 2/3 staff user user-9: 400 ErrorInvalidProperty, in 2 mailboxes"],
  ])("%s names them", (_format, text, line) => {
    expect(text).toContain(line);
  });
});

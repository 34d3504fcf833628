import { describe, expect, it } from "vitest";
import { decideComment, LEGACY_MARKER, type PullRequestComment } from "../../src/notify/sticky";

const BODY = '## cync plan\n\n**No changes.**\n\n<!-- cync-plan: {"policies":["staff"]} -->\n';
const OLD_BODY = '## cync plan\n\n**1 to create**\n\n<!-- cync-plan: {"policies":["staff"]} -->\n';

let nextId = 1;
const comment = (body: string, authorType: string | undefined, createdAt: string, id = nextId++): PullRequestComment => ({
  id,
  body,
  url: `https://github.com/o/r/pull/1#issuecomment-${id}`,
  createdAt,
  authorType,
});

const review = comment("LGTM", "User", "2026-01-01T10:00:00Z");
const ours = comment(OLD_BODY, "Bot", "2026-01-01T09:00:00Z");
const oursCurrent = comment(BODY, "Bot", "2026-01-01T09:00:00Z");
const oursOlder = comment(OLD_BODY, "Bot", "2026-01-01T08:00:00Z");
const oursNewer = comment(OLD_BODY, "Bot", "2026-01-02T08:00:00Z");
const legacy = comment(`${LEGACY_MARKER}\n## cync plan\n`, "Bot", "2026-01-01T07:00:00Z");
const humanQuote = comment(`> ${OLD_BODY.replace(/\n/g, "\n> ")}\nWhy delete Dave?`, "User", "2026-01-03T08:00:00Z");
const otherBot = comment("Coverage: 93%", "Bot", "2026-01-03T09:00:00Z");
const ghost = comment(OLD_BODY, undefined, "2026-01-04T09:00:00Z");
const sameTimeLow = comment(OLD_BODY, "Bot", "2026-01-05T00:00:00Z", 1_000);
const sameTimeHigh = comment(OLD_BODY, "Bot", "2026-01-05T00:00:00Z", 1_001);

describe("decideComment", () => {
  it.each([
    { name: "no comments: create", comments: [], expected: { kind: "create" } },
    { name: "only other people's and bots' comments: create", comments: [review, otherBot], expected: { kind: "create" } },
    { name: "ours with another body: update it", comments: [review, ours], expected: { kind: "update", comment: ours } },
    { name: "ours with the same body: leave it", comments: [oursCurrent, review], expected: { kind: "unchanged", comment: oursCurrent } },
    { name: "two of ours: the newest is updated, wherever it is listed", comments: [oursNewer, review, oursOlder], expected: { kind: "update", comment: oursNewer } },
    { name: "a person quoting our marker is never ours", comments: [humanQuote], expected: { kind: "create" } },
    { name: "a person quoting it after ours: ours is updated", comments: [ours, humanQuote], expected: { kind: "update", comment: ours } },
    { name: "a deleted account's comment (no user) is not ours", comments: [ghost], expected: { kind: "create" } },
    { name: "the workflow's old marker is ours too (first run after the upgrade)", comments: [legacy, review], expected: { kind: "update", comment: legacy } },
    { name: "ties in time go to the higher id", comments: [sameTimeHigh, sameTimeLow], expected: { kind: "update", comment: sameTimeHigh } },
  ])("$name", ({ comments, expected }) => {
    expect(decideComment(comments, BODY)).toEqual(expected);
  });
});

import { describe, expect, it } from "vitest";
import { appWindowFromEnv, mailboxWindowFromEnv } from "../../src/graph/limits";

describe("mailboxWindowFromEnv (CYNC_MAILBOX_WINDOW)", () => {
  it.each<[string, string | undefined, { requests: number; ms: number } | undefined]>([
    ["unset: Exchange's, from the pacer's defaults", undefined, undefined],
    ["blank: unset", "  ", undefined],
    ["Exchange's own", "10000/600", { requests: 10_000, ms: 600_000 }],
    ["scaled down, with spaces and a fraction", " 200 / 20.5 ", { requests: 200, ms: 20_500 }],
  ])("%s", (_name, value, window) => {
    expect(mailboxWindowFromEnv({ CYNC_MAILBOX_WINDOW: value })).toEqual(window);
  });

  it.each(["200", "0/20", "200/0", "-1/20", "a/b", "200/20s"])("refuses %j, naming the expected form", (value) => {
    expect(() => mailboxWindowFromEnv({ CYNC_MAILBOX_WINDOW: value })).toThrow(/CYNC_MAILBOX_WINDOW must be "<requests>\/<seconds>"/);
  });
});

describe("appWindowFromEnv (CYNC_APP_WINDOW)", () => {
  it.each<[string, string | undefined, { requests: number; ms: number } | undefined]>([
    ["unset: Graph's, from the pacer's defaults", undefined, undefined],
    ["Graph's own", "130000/10", { requests: 130_000, ms: 10_000 }],
    ["scaled down", "300/1", { requests: 300, ms: 1_000 }],
  ])("%s", (_name, value, window) => {
    expect(appWindowFromEnv({ CYNC_APP_WINDOW: value })).toEqual(window);
  });

  it.each(["130000", "0/10", "a/b"])("refuses %j, naming the variable and the expected form", (value) => {
    expect(() => appWindowFromEnv({ CYNC_APP_WINDOW: value })).toThrow(/^CYNC_APP_WINDOW must be "<requests>\/<seconds>", e\.g\. "130000\/10"/);
  });
});

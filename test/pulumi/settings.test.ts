/** The stack settings: every default, and a malformed value named by its key. */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_BUCKETS, providerRoot, readSettings } from "../../src/pulumi/settings";

const from = (config: Record<string, string>) => readSettings((key) => config[key]);

describe("readSettings", () => {
  it("defaults every key", () => {
    expect(from({})).toEqual({ policies: "policies", stateDir: ".cync", concurrency: 8, buckets: DEFAULT_BUCKETS, allowDeletes: false });
  });

  it("reads every key", () => {
    expect(from({ policies: "p", stateDir: "s", concurrency: "32", buckets: "200", allowDeletes: "true", shard: "2/4" })).toEqual({
      policies: "p",
      stateDir: "s",
      concurrency: 32,
      buckets: 200,
      allowDeletes: true,
      shard: { index: 2, count: 4 },
    });
  });

  it.each([
    { shard: "2/4", settings: { shard: { index: 2, count: 4 }, stateDir: path.join(".cync", "shard-2-of-4") } },
    { shard: "1/1", settings: { stateDir: ".cync" } },
  ])("gives cync:shard $shard its own state directory unless cync:stateDir names one", ({ shard, settings }) => {
    expect(from({ shard })).toEqual({ policies: "policies", concurrency: 8, buckets: DEFAULT_BUCKETS, allowDeletes: false, ...settings });
  });

  it.each([
    { config: { buckets: "0" }, message: "cync:buckets must be a whole number from 1 to 4096" },
    { config: { buckets: "4097" }, message: "cync:buckets must be a whole number from 1 to 4096" },
    { config: { concurrency: "2.5" }, message: "cync:concurrency must be a whole number from 1 to 1024" },
    { config: { allowDeletes: "yes" }, message: "cync:allowDeletes must be true or false" },
    { config: { bucketSize: "300" }, message: "cync:bucketSize is not read: set cync:buckets" },
    { config: { shard: "5/4" }, message: "cync:shard must be <index>/<count>" },
    { config: { shard: "a/b" }, message: "cync:shard must be <index>/<count>" },
  ])("refuses $config", ({ config, message }) => {
    expect(() => from(config)).toThrow(message);
  });
});

describe("providerRoot", () => {
  it("is two levels above the host's working directory, dist/pulumi", () => {
    const checkout = path.resolve("checkout");
    expect(providerRoot(path.join(checkout, "dist", "pulumi"))).toBe(checkout);
  });
});

/**
 * What Pulumi stores as each resource's provider (`__provider`), serialized by plain node from the
 * compiled output as `new dynamic.Resource` serializes it (scripts/print-provider.mjs): small,
 * capturing nothing by value but the shim's own functions, requiring only `path` and the
 * implementation from the host's working directory, and never holding a credential. And the
 * compiled program is what Pulumi calls: `module.exports` is a function.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PROGRAM_DIR, providerText } from "./provider-host";

const SECRET_CANARY = "canary-client-secret-3f9c";
let text = "";

beforeAll(() => {
  const saved = process.env.AZURE_CLIENT_SECRET;
  process.env.AZURE_CLIENT_SECRET = SECRET_CANARY;
  try {
    text = providerText();
  } finally {
    if (saved === undefined) delete process.env.AZURE_CLIENT_SECRET;
    else process.env.AZURE_CLIENT_SECRET = saved;
  }
});

describe("the serialized provider", () => {
  it("is small: under 3 KB per copy (state holds two per resource)", () => {
    expect(Buffer.byteLength(text)).toBeLessThan(3 * 1024);
  });

  it("captures only its own functions: the implementation loader and the provider object", () => {
    const captured = new Set([...text.matchAll(/with\(\{ ([^}]*) \}\)/g)].flatMap((m) => m[1]!.split(",").map((e) => e.split(":")[0]!.trim())));
    expect([...captured].sort()).toEqual(["arguments", "bucketProvider", "impl", "this"]);
    expect([...text.matchAll(/^var (\w+)/gm)].map((m) => m[1])).toEqual(["__bucketProvider"]);
  });

  it("requires only `path` and the implementation, from the host's working directory", () => {
    const requiring = text.split("\n").filter((line) => line.includes("require"));
    expect(requiring).toEqual(['return () => require(require("path").join(process.cwd(), "provider-impl.js"));']);
  });

  it("implements every method the host calls", () => {
    expect(text).toMatch(/var __bucketProvider = \{configure: __f\d+, check: __f\d+, diff: __f\d+, create: __f\d+, update: __f\d+, read: __f\d+, delete: __f\d+\};/);
  });

  it("holds no credential from the environment it was serialized in", () => {
    expect(text).not.toContain(SECRET_CANARY);
    expect(text).not.toContain("process.env");
  });
});

describe("the compiled program", () => {
  it("assigns module.exports an async function, the entry point Pulumi calls", () => {
    const kind = execFileSync(process.execPath, ["-e", 'const m = require("./program.js"); process.stdout.write(typeof m + " " + m.constructor.name + " " + m.length)'], { cwd: PROGRAM_DIR, encoding: "utf8" });
    expect(kind).toBe("function Function 0");
    expect(path.basename(PROGRAM_DIR)).toBe("pulumi");
  });
});

/**
 * The built CLI loads the embedded tenant (@cync/simulator, with node-forge and jose) only when
 * `cync sim` or `cync demo` asks for it (src/demo/embedded-tenant.ts): `cync plan` and `cync apply`
 * start without it. Runs dist/ (`npm test` builds first) in a child process, whose module cache
 * is its own.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");

/** Node code that loads `what`, then prints how many modules of the embedded tenant are loaded. */
const PROBE = (what: string): string => `
  const loaded = () => Object.keys(require.cache).filter((file) => /packages[\\\\/]simulator[\\\\/]|node-forge|jose/.test(file)).length;
  Promise.resolve(${what}).then(() => console.log(loaded()));
`;

describe("loading the embedded tenant", () => {
  it.each([
    { name: "not by the CLI with every command registered, as plan and apply start", what: `require("./dist/cli/main.js")`, loads: false },
    { name: "by loadEmbeddedTenant, as cync sim and cync demo call it", what: `require("./dist/demo/embedded-tenant.js").loadEmbeddedTenant()`, loads: true },
  ])("$name", ({ what, loads }) => {
    const count = Number(execFileSync(process.execPath, ["-e", PROBE(what)], { cwd: ROOT, encoding: "utf8" }).trim());
    expect(count > 0).toBe(loads);
  });
});

/**
 * Every malformed policy gets exactly one precise diagnostic — file, line, column, path and
 * wording — quickly, and `cync validate` exits 1. Large and binary inputs are built at run time
 * in a temporary directory.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadPolicies } from "../../src/policy";
import { BAD_INPUTS, VALID } from "./bad-input.cases";

const dir = mkdtempSync(path.join(tmpdir(), "cync-bad-input-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Generous for slow CI machines; a hang or a quadratic blow-up takes far longer. */
const MAX_MS = 2000;

describe("malformed policies", () => {
  it("has at least 30 cases", () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(BAD_INPUTS.map((c, i) => ({ ...c, file: path.join(dir, `case-${i}.yaml`) })))(
    "$name → line $line: $message",
    async ({ file, content, line, column, path: docPath, message }) => {
      writeFileSync(file, typeof content === "string" ? content : content());
      const started = performance.now();
      const result = await loadPolicies([file]);
      const elapsed = performance.now() - started;

      expect(result.policies).toEqual([]);
      expect(result.diagnostics).toHaveLength(1);
      const [d] = result.diagnostics;
      expect(d).toMatchObject({ file, line, path: docPath, severity: "error" });
      if (column !== undefined) expect(d!.column).toBe(column);
      expect(d!.message).toMatch(message);
      // No ajv phrasing ("must NOT have additional properties", "must match exactly one schema in oneOf").
      expect(d!.message).not.toMatch(/\n|must match|must NOT|must have required|oneOf|anyOf|instancePath|#\/definitions|at Object\./);
      expect(elapsed).toBeLessThan(MAX_MS);
    },
  );

  it("accepts a UTF-8 byte-order mark (Windows editors write one)", async () => {
    const file = path.join(dir, "bom.yaml");
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(VALID)]));
    const result = await loadPolicies([file]);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.policies.map((p) => p.resolved.name)).toEqual(["p"]);
  });

  it("accepts the valid base the cases are built from", async () => {
    const file = path.join(dir, "valid.yaml");
    writeFileSync(file, VALID);
    const result = await loadPolicies([file]);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.policies.map((p) => p.resolved.name)).toEqual(["p"]);
  });
});

/**
 * `cync sim`, run in-process through the CLI's `main`: the first stdout line is the connection
 * JSON, the tenant answers over HTTPS, and SIGINT stops it with exit code 0.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { buildProgram, main } from "../../src/cli/main";
import type { SimulatorOptions } from "@cync/simulator";
import { simOptions } from "../../src/cli/commands/sim";
import { TEST_CA_DIR } from "@cync/simulator/testing";

const dir = mkdtempSync(join(tmpdir(), "cync-sim-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("cync sim", () => {
  it("prints the connection line first, serves, and stops cleanly on SIGINT", async () => {
    const lines: string[] = [];
    const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const exit = main(["node", "cync", "sim", "--users", "20", "--seed", "4", "--ca-dir", TEST_CA_DIR, "--no-throttle"]);
      await vi.waitFor(() => expect(lines.length).toBeGreaterThan(0), { timeout: 20_000 });
      const info = JSON.parse(lines[0]!) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(Object.keys(info)).toEqual(expect.arrayContaining(["graphUrl", "authorityHost", "tenantId", "clientId", "clientSecret", "apps", "caFile", "controlUrl", "env"]));
      expect(info.apps.planner.clientId).not.toBe(info.clientId);
      expect(info.env).toMatchObject({ AZURE_TENANT_ID: info.tenantId, CYNC_GRAPH_URL: info.graphUrl, NODE_EXTRA_CA_CERTS: info.caFile });
      const stats = await fetch(`${info.controlUrl}/stats`);
      expect(stats.status).toBe(200);
      process.emit("SIGINT");
      expect(await exit).toBe(0);
    } finally {
      write.mockRestore();
      stderr.mockRestore();
    }
  });

  it("--export writes the generated tenant file and exits", async () => {
    const file = join(dir, "tenant.json");
    expect(await main(["node", "cync", "sim", "--users", "30", "--mailboxes", "10", "--seed", "6", "--export", file])).toBe(0);
    const tenant = JSON.parse(readFileSync(file, "utf8")) as { version: number; users: { mailbox: string | null }[] };
    expect(tenant.version).toBe(1);
    expect(tenant.users.filter((u) => u.mailbox === "user")).toHaveLength(10);
  });

  it.each([
    [["--fault", "teapot=0.5"]],
    [["--throttle-rate", "2"]],
    [["--delta-expiry", "418"]],
  ])("refuses bad flags %j", async (flags) => {
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      expect(await main(["node", "cync", "sim", ...flags])).not.toBe(0);
    } finally {
      stderr.mockRestore();
    }
  });
});

describe("cync sim flags", () => {
  /** The simulator options a command line turns into (the action is not run). */
  async function optionsFor(args: string[]): Promise<SimulatorOptions> {
    let captured: SimulatorOptions | undefined;
    const program = buildProgram(() => async (...a) => {
      captured = simOptions(a[0] as Parameters<typeof simOptions>[0]);
    });
    await program.parseAsync(["node", "cync", "sim", ...args]);
    return captured!;
  }

  it.each([
    [["--fault", "503=0.1", "--fault", "drop-after=0.02", "--fault-methods", "post,patch"], { faults: { rates: { "503": 0.1, "drop-after": 0.02 }, seed: 1, methods: ["POST", "PATCH"] } }],
    [["--no-throttle"], { throttle: false }],
    [["--mailbox-concurrency", "2", "--throttle-rate", "0.5"], { throttle: { mailboxConcurrency: 2, randomThrottleRate: 0.5 } }],
    [["--delta-expiry", "410", "--delta-token-ttl", "60", "--delta-page-size", "7"], { directory: { deltaExpiry: "410", deltaTokenTtlMs: 60_000, deltaPageSize: 7 } }],
    [["--time-scale", "60", "--latency-ms", "20", "--jitter-ms", "5"], { timeScale: 60, latencyMs: 20, jitterMs: 5 }],
  ])("%j", async (args, expected) => {
    expect(await optionsFor(args)).toMatchObject(expected);
  });
});

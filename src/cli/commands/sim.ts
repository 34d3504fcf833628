/**
 * `cync sim`: run the embedded Microsoft Graph tenant until stopped. The first stdout line is one
 * JSON object with everything a client needs (graphUrl, authorityHost, tenantId, the applier's
 * clientId/clientSecret, both apps, caFile, controlUrl, and ready-made environment variables);
 * SIGINT/SIGTERM stop it cleanly (and save `--data`).
 */
import { writeFileSync } from "node:fs";
import { InvalidArgumentError, Option, type Command } from "commander";
import type { FaultConfig, FaultKind, SimulatorHandle, SimulatorInfo, SimulatorOptions } from "@cync/simulator";
import { loadEmbeddedTenant } from "../../demo/embedded-tenant";
import type { Runner } from "./register";

// Listed here, not imported: the CLI loads the embedded tenant only when `cync sim` or `cync demo`
// runs (src/demo/embedded-tenant.ts). A record over FaultKind keeps the list complete.
const KINDS: Readonly<Record<FaultKind, true>> = {
  "503": true,
  "503-retry-after": true,
  "504": true,
  "504-retry-after": true,
  "reset-before": true,
  "drop-after": true,
  "commit-then-503": true,
  "commit-then-504": true,
};
const FAULT_KINDS = Object.keys(KINDS) as FaultKind[];

interface SimFlags {
  host: string;
  port: number;
  users: number;
  mailboxes?: number;
  seed: number;
  tenant?: string;
  data?: string;
  caDir?: string;
  export?: string;
  timeScale: number;
  latencyMs: number;
  jitterMs: number;
  tokenLifetime: number;
  deltaTokenTtl: number;
  deltaExpiry: "400" | "410";
  deltaPageSize: number;
  throttle: boolean;
  mailboxConcurrency?: number;
  throttleRate?: number;
  fault: Partial<Record<FaultKind, number>>;
  faultMethods?: string;
  faultSeed: number;
}

function intArg(min: number) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}`);
    return n;
  };
}

function numberArg(min: number, max = Infinity) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`expected a number between ${min} and ${max}`);
    return n;
  };
}

function faultArg(raw: string, previous: Partial<Record<FaultKind, number>>): Partial<Record<FaultKind, number>> {
  const m = /^([\w-]+)=([\d.]+)$/.exec(raw);
  const kind = m?.[1] as FaultKind | undefined;
  const rate = Number(m?.[2]);
  if (!kind || !FAULT_KINDS.includes(kind) || !(rate >= 0 && rate <= 1)) {
    throw new InvalidArgumentError(`expected KIND=RATE with KIND one of ${FAULT_KINDS.join(", ")} and RATE in [0, 1]`);
  }
  return { ...previous, [kind]: rate };
}

export function simOptions(flags: SimFlags): SimulatorOptions {
  const faults: FaultConfig | undefined = Object.keys(flags.fault).length
    ? { rates: flags.fault, seed: flags.faultSeed, ...(flags.faultMethods ? { methods: flags.faultMethods.split(",").map((m) => m.trim().toUpperCase()) } : {}) }
    : undefined;
  return {
    host: flags.host,
    port: flags.port,
    users: flags.users,
    mailboxes: flags.mailboxes,
    seed: flags.seed,
    tenant: flags.tenant,
    dataDir: flags.data,
    caDir: flags.caDir,
    timeScale: flags.timeScale,
    latencyMs: flags.latencyMs,
    jitterMs: flags.jitterMs,
    tokenLifetimeSec: flags.tokenLifetime,
    directory: { deltaTokenTtlMs: flags.deltaTokenTtl * 1000, deltaExpiry: flags.deltaExpiry, deltaPageSize: flags.deltaPageSize },
    throttle: flags.throttle
      ? { ...(flags.mailboxConcurrency !== undefined ? { mailboxConcurrency: flags.mailboxConcurrency } : {}), ...(flags.throttleRate !== undefined ? { randomThrottleRate: flags.throttleRate } : {}) }
      : false,
    faults,
  };
}

/** The first stdout line: connection details plus the environment cync and Node read (`simulatorEnv`). */
function infoLine(info: SimulatorInfo, env: Record<string, string>): string {
  return JSON.stringify({
    graphUrl: info.graphUrl,
    authorityHost: info.authorityHost,
    tenantId: info.tenantId,
    clientId: info.clientId,
    clientSecret: info.clientSecret,
    apps: info.apps,
    federation: info.federation,
    caFile: info.caFile,
    controlUrl: info.controlUrl,
    env,
  });
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

const HELP_AFTER = `
Clients trust the simulator's local CA through NODE_EXTRA_CA_CERTS (read at process start), so
start them with the "env" of the first output line. @azure/identity needs
disableInstanceDiscovery: true (cync sets it when AZURE_AUTHORITY_HOST is not Microsoft's).
The control API (controlUrl, no authentication) changes the tenant for tests and demos: see
packages/simulator/src/control.ts and the README.

Examples:
  cync sim --users 200 --seed 7
  cync sim --data .cync/demo --port 8443
  cync sim --time-scale 60 --fault 503=0.05 --fault drop-after=0.01 --fault-methods POST
  cync sim --users 1000 --seed 3 --export tenant.json`;

export function registerSim(program: Command, run: Runner): void {
  program
    .command("sim")
    .description("Run the embedded Microsoft Graph + Entra ID tenant (HTTPS on 127.0.0.1) until stopped.")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--port <n>", "port (0 = any free port)", intArg(0), 0)
    .option("--users <n>", "generated tenant: number of users", intArg(0), 50)
    .option("--mailboxes <n>", "generated tenant: users with a user mailbox (default: every member)", intArg(0))
    .option("--seed <n>", "generated tenant: random seed", intArg(0), 1)
    .option("--tenant <file>", "import this tenant file instead of generating one")
    .option("--data <dir>", "persist the tenant and mailboxes here (and reload them at start)")
    .option("--ca-dir <dir>", "where the local CA is kept (default: --data, else .cync/sim)")
    .option("--export <file>", "write the generated tenant (--users, --mailboxes, --seed) to a tenant file and exit")
    .option("--time-scale <x>", "simulated seconds per real second", numberArg(0.001), 1)
    .option("--latency-ms <ms>", "latency per Graph request, spent inside its mailbox concurrency slot", numberArg(0), 0)
    .option("--jitter-ms <ms>", "uniform random extra latency", numberArg(0), 0)
    .option("--token-lifetime <s>", "access-token lifetime, simulated seconds", intArg(1), 3599)
    .option("--delta-token-ttl <s>", "directory delta-token lifetime, simulated seconds", intArg(1), 7 * 86_400)
    .addOption(new Option("--delta-expiry <status>", "how an expired delta token is refused").choices(["400", "410"]).default("400"))
    .option("--delta-page-size <n>", "objects per directory delta page", intArg(1), 100)
    .option("--no-throttle", "turn throttling off")
    .option("--mailbox-concurrency <n>", "concurrent requests per app and mailbox", intArg(1))
    .option("--throttle-rate <r>", "share of requests throttled at random (0–1)", numberArg(0, 1))
    .addOption(new Option("--fault <kind=rate>", `inject faults (${FAULT_KINDS.join(", ")}); repeatable`).argParser(faultArg).default({}, "none"))
    .option("--fault-methods <list>", "only these methods fail, e.g. POST,PATCH")
    .option("--fault-seed <n>", "fault PRNG seed", intArg(0), 1)
    .addHelpText("after", HELP_AFTER)
    .action(
      run(async (flags: SimFlags) => {
        const { generateTenant, simulatorEnv, startSimulator } = await loadEmbeddedTenant();
        if (flags.export) {
          writeFileSync(flags.export, `${JSON.stringify(generateTenant({ users: flags.users, mailboxes: flags.mailboxes, seed: flags.seed }), null, 2)}\n`);
          return 0;
        }
        let sim: SimulatorHandle;
        try {
          sim = await startSimulator(simOptions(flags));
        } catch (err) {
          process.stderr.write(`cync sim: ${err instanceof Error ? err.message : String(err)}\n`);
          return 1;
        }
        process.stdout.write(`${infoLine(sim, simulatorEnv(sim))}\n`);
        if (!["127.0.0.1", "localhost", "::1"].includes(flags.host)) {
          process.stderr.write(`cync sim: warning: the control API (${sim.controlUrl}) has no authentication and is reachable on ${flags.host}\n`);
        }
        process.stderr.write(`cync sim: serving tenant ${sim.tenantId} at ${sim.graphUrl} (Ctrl-C to stop)\n`);
        const signal = await untilSignal();
        await sim.close();
        process.stderr.write(`cync sim: stopped (${signal})\n`);
        return 0;
      }),
    );
}

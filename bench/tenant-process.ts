/**
 * The embedded tenant in a process of its own, for `npm run bench` (bench/buyer.ts): started with
 * the simulator's options as a JSON argument, it answers on IPC with what a client needs (the
 * tenant's connection details, cync's environment, a token for the replayed peer) and closes when
 * its parent disconnects. Apart from cync's process, cync's CPU time and peak RSS are its own.
 */
import { simulatorEnv, startSimulator, type SimulatorOptions } from "@cync/simulator";

/** The first IPC message: how to reach the tenant. */
export interface TenantReady {
  readonly graphUrl: string;
  readonly controlUrl: string;
  /** cync's environment for the applier app (simulatorEnv). */
  readonly env: Record<string, string>;
  /** An applier access token, for the replayed peer's requests. */
  readonly token: string;
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? "{}") as SimulatorOptions;
  const sim = await startSimulator(options);
  const ready: TenantReady = { graphUrl: sim.graphUrl, controlUrl: sim.controlUrl, env: simulatorEnv(sim, "applier"), token: await sim.issueToken("applier") };
  process.once("disconnect", () => void sim.close().then(() => process.exit(0)));
  process.send!(ready);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

/**
 * Node reads NODE_EXTRA_CA_CERTS only when the process starts
 * (docs/architecture.md#trusting-the-local-ca), and
 * @azure/identity and the Graph client use Node's trust store. So the demo makes the embedded
 * tenant's CA first, then runs itself again in a child process that trusts it — unless this
 * process already does. A CA bundle the user already trusts (a corporate proxy) is kept: the child
 * trusts both.
 */
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadEmbeddedTenant } from "./embedded-tenant";

/** Set in the relaunched child, so a trust problem cannot relaunch forever. */
const RELAUNCHED = "CYNC_DEMO_RELAUNCHED";

export type Trust = { readonly trusted: true } | { readonly trusted: false; readonly env: NodeJS.ProcessEnv };

/** Whether this process trusts the CA in `caDir`, else the environment a child needs to. */
export async function demoTrust(caDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Trust> {
  const ca = (await loadEmbeddedTenant()).loadOrCreateCa(caDir);
  const current = env.NODE_EXTRA_CA_CERTS;
  if (current !== undefined && resolve(current) === resolve(ca.certFile)) return { trusted: true };
  if (current !== undefined && env[RELAUNCHED] === "1") {
    // Relaunched with a bundle: ours is in it.
    if (readFileSync(current, "utf8").includes(ca.certPem.trim())) return { trusted: true };
  }
  if (env[RELAUNCHED] === "1") throw new Error("the relaunched demo still does not trust the embedded tenant's CA");
  let file = ca.certFile;
  if (current !== undefined && current !== "") {
    file = join(caDir, "trust-bundle.pem");
    // Ours first: every simulator CA has the same subject name, and OpenSSL tries the first
    // certificate whose subject matches the issuer (another one fails with a signature error).
    writeFileSync(file, `${ca.certPem.trim()}\n${readFileSync(current, "utf8").trim()}\n`);
  }
  return { trusted: false, env: { ...env, NODE_EXTRA_CA_CERTS: file, [RELAUNCHED]: "1" } };
}

/** Runs this same command again with `env`; resolves with its exit code. */
export function relaunch(env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit", env });
    child.on("error", fail);
    child.on("exit", (code, signal) => done(code ?? (signal === null ? 1 : 128 + 2)));
  });
}

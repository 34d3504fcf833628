/**
 * Pulumi's own dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`, the process the
 * engine starts for every dynamic resource), started as a child process in the directory Pulumi
 * would start it in — the program's, `dist/pulumi/` — and driven over gRPC the way the engine drives
 * it (https://github.com/pulumi/pulumi/blob/v3.248.0/sdk/nodejs/cmd/dynamic-provider/index.ts). The
 * provider text is what `scripts/print-provider.mjs` prints, as each resource's state holds it.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as prov from "@pulumi/pulumi/proto/provider_pb";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** Where Pulumi starts the program and the provider host: the directory of `main` (Pulumi.yaml). */
export const PROGRAM_DIR = path.join(REPO_ROOT, "dist", "pulumi");

type Props = Record<string, unknown>;
type JsonStruct = Parameters<typeof Struct.fromJavaScript>[0];

/** The serialized provider, printed by plain node from the compiled output (npm run build). */
export function providerText(): string {
  if (!existsSync(path.join(PROGRAM_DIR, "provider-impl.js"))) throw new Error("dist/pulumi is missing: run `npm run build` first");
  return execFileSync(process.execPath, [path.join(REPO_ROOT, "scripts", "print-provider.mjs")], { encoding: "utf8" });
}

export type DiffAnswer = "none" | "some" | "unknown";

/** A gRPC failure as the engine sees it: status code and the provider's message. */
class RpcError extends Error {
  constructor(
    readonly code: number,
    readonly details: string,
  ) {
    super(`gRPC ${code}: ${details}`);
  }
}

export interface ProviderHost {
  configure(config: Record<string, string>): Promise<void>;
  check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }>;
  diff(urn: string, id: string, olds: Props, news: Props): Promise<DiffAnswer>;
  create(urn: string, props: Props): Promise<{ id: string; props: Props }>;
  update(urn: string, id: string, olds: Props, news: Props): Promise<Props>;
  read(urn: string, id: string, props: Props): Promise<Props>;
  delete(urn: string, id: string, props: Props): Promise<void>;
  close(): Promise<void>;
}

const S = (o: Props): Struct => Struct.fromJavaScript(o as JsonStruct);
const js = (s: Struct | undefined): Props => (s?.toJavaScript() ?? {}) as Props;

/** Starts the host with `env` added to this process's environment (the tenant's credentials and CA). */
export async function startProviderHost(env: Record<string, string>): Promise<ProviderHost> {
  const entry = createRequire(__filename).resolve("@pulumi/pulumi/cmd/dynamic-provider");
  // The host takes the engine's address as its one argument and ignores it; it prints its own port.
  const child: ChildProcess = spawn(process.execPath, [entry, "engine-address-unused"], {
    cwd: PROGRAM_DIR,
    env: { ...process.env, ...env, PULUMI_NODEJS_PROJECT: "cync" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += String(d)));
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once("data", (d: Buffer) => resolve(String(d).trim()));
    child.once("exit", (code) => reject(new Error(`provider host exited with ${code}: ${stderr}`)));
  });
  const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  type Callback<A> = (err: grpc.ServiceError | null, a: A) => void;
  const methods = client as unknown as Record<string, (q: unknown, cb: Callback<unknown>) => unknown>;
  const rpc = <A>(method: string, q: unknown): Promise<A> =>
    new Promise((resolve, reject) => {
      methods[method]!.call(client, q, (err, a) => (err ? reject(new RpcError(err.code, err.details)) : resolve(a as A)));
    });
  return {
    async configure(config) {
      await rpc<prov.ConfigureResponse>("configure", new prov.ConfigureRequest().setArgs(S(config)));
    },
    async check(urn, olds, news) {
      const r = await rpc<prov.CheckResponse>("check", new prov.CheckRequest().setUrn(urn).setOlds(S(olds)).setNews(S(news)));
      return { inputs: js(r.getInputs()), failures: r.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })) };
    },
    async diff(urn, id, olds, news) {
      const r = await rpc<prov.DiffResponse>("diff", new prov.DiffRequest().setUrn(urn).setId(id).setOlds(S(olds)).setNews(S(news)));
      const C = prov.DiffResponse.DiffChanges;
      return r.getChanges() === C.DIFF_SOME ? "some" : r.getChanges() === C.DIFF_NONE ? "none" : "unknown";
    },
    async create(urn, props) {
      const r = await rpc<prov.CreateResponse>("create", new prov.CreateRequest().setUrn(urn).setProperties(S(props)));
      return { id: r.getId(), props: js(r.getProperties()) };
    },
    async update(urn, id, olds, news) {
      return js((await rpc<prov.UpdateResponse>("update", new prov.UpdateRequest().setUrn(urn).setId(id).setOlds(S(olds)).setNews(S(news)))).getProperties());
    },
    async read(urn, id, props) {
      return js((await rpc<prov.ReadResponse>("read", new prov.ReadRequest().setUrn(urn).setId(id).setProperties(S(props)))).getProperties());
    },
    async delete(urn, id, props) {
      await rpc<unknown>("delete", new prov.DeleteRequest().setUrn(urn).setId(id).setProperties(S(props)));
    },
    async close() {
      client.close();
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill();
        await exited;
      }
    },
  };
}

/** The URN the engine would give a bucket resource of stack `test`. */
export const urnOf = (name: string): string => `urn:pulumi:test::cync::pulumi-nodejs:dynamic/cync:ContactBucket::${name}`;

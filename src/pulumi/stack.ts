/**
 * The Pulumi program's body (program.ts exports it as Pulumi's entry point): reads the stack's
 * settings, prepares the plan (prepare.ts) and declares one dynamic resource per (policy, bucket).
 * Policies with errors, or a plan a safety guard refuses, fail the preview with the reasons and no
 * stack trace — Pulumi's `RunError` (https://www.pulumi.com/docs/iac/languages-sdks/javascript/)
 * — before any resource is declared, so no bucket writes.
 */
import * as pulumi from "@pulumi/pulumi";
import { RunError } from "@pulumi/pulumi/errors";
import type { SessionOptions } from "../engine/session";
import type { ChangeCounts } from "../plan/types";
import type { BucketInputs } from "./bucket-state";
import { prepareStack } from "./prepare";
import { bucketProvider } from "./provider";
import { readSettings, SettingsError } from "./settings";

/** The stack's outputs: counts only. */
export interface StackOutputs {
  readonly buckets: number;
  readonly pending: ChangeCounts;
}

export async function cyncStack(root: string = pulumi.runtime.getRootDirectory(), env: SessionOptions["env"] = process.env): Promise<StackOutputs> {
  const config = new pulumi.Config("cync");
  let settings;
  try {
    settings = readSettings((key) => config.get(key));
  } catch (err) {
    if (err instanceof SettingsError) fail([err.message], "the stack's cync settings are invalid");
    throw err;
  }
  const prepared = await prepareStack(root, settings, env);
  if (prepared.kind === "invalid") fail(prepared.errors, "the policies have errors (run `cync validate`)");
  if (prepared.kind === "refused") {
    fail(
      prepared.violations.map((v) => `REFUSED: ${v.message}`),
      "a safety guard refuses the plan; nothing was written (set cync:allowDeletes for this run if these deletes are intended, or raise the policy's safety limits)",
    );
  }
  for (const line of prepared.warnings) void pulumi.log.warn(line);
  for (const v of prepared.allowed) void pulumi.log.warn(`allowed by cync:allowDeletes: ${v.message}`);
  for (const b of prepared.buckets) {
    new ContactBucket(b.name, b.inputs);
  }
  const { create, update, delete: del } = prepared.plan.summary;
  return { buckets: prepared.buckets.length, pending: { create, update, delete: del } };
}

/** One (policy, bucket of mailboxes): `pulumi-nodejs:dynamic/cync:ContactBucket`. */
class ContactBucket extends pulumi.dynamic.Resource {
  constructor(name: string, inputs: BucketInputs) {
    super(bucketProvider, name, { ...inputs }, {}, "cync", "ContactBucket");
  }
}

/** Logs each line as an error and stops the program without a stack trace. */
function fail(lines: readonly string[], summary: string): never {
  for (const line of lines) void pulumi.log.error(line);
  throw new RunError(summary);
}

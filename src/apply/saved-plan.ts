/**
 * `cync apply --plan FILE`: a plan saved by `cync plan --format json --out FILE` is applied only
 * when it was made from the directory and policies cync sees now (terraform's saved-plan rule);
 * otherwise the caller re-plans and says why. The comparison uses the digests the planner records
 * in `plan.meta` (src/engine/digest.ts) — content, never delta links, so an unchanged directory
 * read twice compares equal.
 */
import { isRecord } from "../json/record";
import type { ErrorObject } from "ajv";
import { planValidator } from "../plan/schema";
import { PlanFormatError, planFromJson } from "../plan/serialize";
import { shardLabel, type Shard } from "../engine/partition";
import { PLAN_API_VERSION, PLAN_KIND, type Plan, type PlanMeta } from "../plan/types";

/** The file is not a cync plan this version can apply. */
export class SavedPlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SavedPlanError";
  }
}

/** Schema violations named in the error; the rest are counted. */
const MAX_SCHEMA_ERRORS = 3;

/**
 * Reads a saved plan from its JSON text, refusing — with what to do about it — text that is not
 * JSON, JSON that is not a cync plan, a plan of another format version, and a plan that breaks
 * schema/plan.schema.json (the first few paths and reasons). Nothing is applied from a refused file.
 */
export function parseSavedPlan(text: string, file: string): Plan {
  const remake = `make it again with \`cync plan --format json --out ${file}\``;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new SavedPlanError(`${file} is not JSON: ${jsonErrorText(e, text)}; ${remake}`);
  }
  if (!isRecord(value) || (value["apiVersion"] === undefined && value["kind"] === undefined)) {
    if (isRecord(value) && value["formatVersion"] === 1) {
      throw new SavedPlanError(`${file} is a plan of an older cync (format version 1, before \`apiVersion: ${PLAN_API_VERSION}\`); ${remake}`);
    }
    throw new SavedPlanError(`${file} is not a cync plan (no \`apiVersion\` and \`kind: ${PLAN_KIND}\`); ${remake}`);
  }
  if (value["kind"] !== PLAN_KIND) {
    throw new SavedPlanError(`${file} is not a cync plan (\`kind\` is ${JSON.stringify(value["kind"] ?? null)}, a plan's is ${PLAN_KIND}); ${remake}`);
  }
  if (value["apiVersion"] !== PLAN_API_VERSION) {
    throw new SavedPlanError(
      `${file} is a plan of format ${JSON.stringify(value["apiVersion"] ?? null)}; this cync reads ${PLAN_API_VERSION}: ${remake} with this cync, or apply it with the cync that made it`,
    );
  }
  const validate = planValidator();
  if (!validate(value)) {
    throw new SavedPlanError(`${file} is not a valid ${PLAN_API_VERSION} plan (schema/plan.schema.json): ${schemaErrorText(validate.errors ?? [])}; ${remake}`);
  }
  // Created contacts are stored once per policy (src/plan/serialize.ts); rehydrate them.
  try {
    return planFromJson(value);
  } catch (e) {
    if (e instanceof PlanFormatError) throw new SavedPlanError(`${file}: ${e.message}`);
    throw e;
  }
}

/**
 * JSON.parse's complaint with a line and column. V8 gives a character position (newer versions add
 * their own line and column), or none at the end of the input; one format whatever the Node version.
 */
function jsonErrorText(error: unknown, text: string): string {
  const raw = error instanceof Error ? error.message : String(error);
  const at = /at position (\d+)/.exec(raw);
  const position = at !== null ? Number(at[1]) : /end of JSON input/.test(raw) ? text.length : undefined;
  const message = raw.replace(/ in JSON at position \d+/, "").replace(/ \(line \d+ column \d+\)/, "");
  if (position === undefined) return message;
  const before = text.slice(0, position).split("\n");
  return `${message} (line ${before.length}, column ${before.at(-1)!.length + 1})`;
}

/** `/policies/0/mode: must be equal to one of the allowed values (sync, upsert-only, create-only); …; and 4 more`. */
function schemaErrorText(errors: readonly ErrorObject[]): string {
  const lines = errors.slice(0, MAX_SCHEMA_ERRORS).map((e) => {
    const where = e.instancePath === "" ? "the plan" : e.instancePath;
    const allowed = e.keyword === "enum" ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(", ")})` : "";
    const key = e.keyword === "additionalProperties" ? ` (${(e.params as { additionalProperty: string }).additionalProperty})` : "";
    return `${where}: ${e.message ?? e.keyword}${allowed}${key}`;
  });
  const more = errors.length - lines.length;
  return `${lines.join("; ")}${more > 0 ? `; and ${more} more` : ""}`;
}

/**
 * Why a saved plan no longer matches the fresh one's inputs; empty when it still does. Only the
 * policies the saved plan covers matter (it may have been made with `--policy`).
 */
export function staleReasons(saved: PlanMeta, fresh: PlanMeta): string[] {
  const reasons: string[] = [];
  if (saved.directoryDigest === undefined || saved.directoryDigest !== fresh.directoryDigest) {
    reasons.push("the directory changed since the plan was made");
  }
  for (const [name, digest] of Object.entries(saved.policyDigests).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const now = fresh.policyDigests[name];
    if (now === undefined) reasons.push(`policy ${name} is no longer loaded`);
    else if (now !== digest) reasons.push(`policy ${name} changed`);
  }
  return reasons;
}

/**
 * Why a saved plan does not cover the mailboxes this run applies (`--shard`): a plan of another
 * shard, or of all mailboxes, is re-planned like a stale one — never applied to the wrong mailboxes.
 */
export function shardReasons(saved: Shard | undefined, fresh: Shard | undefined): string[] {
  const label = (shard: Shard | undefined): string => (shard === undefined ? "all mailboxes" : `shard ${shardLabel(shard)}`);
  return label(saved) === label(fresh) ? [] : [`the plan covers ${label(saved)}, this run ${label(fresh)}`];
}

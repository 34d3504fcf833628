/**
 * `cync apply --plan FILE`: a plan saved by `cync plan --format json --out FILE` is applied only
 * when it was made from the directory and policies cync sees now (terraform's saved-plan rule);
 * otherwise the caller re-plans and says why. The comparison uses the digests the planner records
 * in `plan.meta` (src/engine/digest.ts) — content, never delta links, so an unchanged directory
 * read twice compares equal.
 */
import { isRecord } from "../json/record";
import { PlanFormatError, planFromJson } from "../plan/serialize";
import type { Plan, PlanMeta } from "../plan/types";

/** The file is not a cync plan this version can apply. */
export class SavedPlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SavedPlanError";
  }
}

/**
 * Reads a saved plan from its JSON text. Checks the envelope (format version, meta, policies with
 * mailboxes) — enough to refuse another file early; the applier re-checks every write anyway.
 */
export function parseSavedPlan(text: string, file: string): Plan {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SavedPlanError(`${file} is not JSON; save a plan with \`cync plan --format json --out ${file}\``);
  }
  if (!isRecord(value) || value.formatVersion !== 1) {
    throw new SavedPlanError(`${file} is not a cync plan of format version 1; save one with \`cync plan --format json --out ${file}\``);
  }
  const { meta, policies } = value;
  if (!isRecord(meta) || !isRecord(meta.policyDigests) || !Array.isArray(policies) || !policies.every((p) => isRecord(p) && Array.isArray(p.mailboxes))) {
    throw new SavedPlanError(`${file} is not a complete cync plan (meta or policies missing)`);
  }
  // Created contacts are stored once per policy (src/plan/serialize.ts); rehydrate them.
  try {
    return planFromJson({ ...value, policies });
  } catch (e) {
    if (e instanceof PlanFormatError) throw new SavedPlanError(`${file}: ${e.message}`);
    throw e;
  }
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

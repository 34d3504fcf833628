/**
 * The plan JSON Schema (schema/plan.schema.json: the saved plan's public format, its types generated
 * into src/generated/plan.ts) compiled once by ajv, for checking a plan file before it is applied.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import type { ContactSyncPlan } from "../generated/plan";

/** Works from src/plan (tests) and dist/plan (the CLI): the schema sits at the repository root. */
export const PLAN_SCHEMA_PATH = path.resolve(__dirname, "../../schema/plan.schema.json");

let compiled: ValidateFunction<ContactSyncPlan> | undefined;

export function planValidator(): ValidateFunction<ContactSyncPlan> {
  compiled ??= new Ajv({ allErrors: true, strict: true }).compile<ContactSyncPlan>(JSON.parse(readFileSync(PLAN_SCHEMA_PATH, "utf8")) as object);
  return compiled;
}

/**
 * Checks an imported tenant file (`--tenant FILE`) before the directory trusts it, naming the first
 * problem by its JSON path — a hand-edited file should fail with a pointer, not a stack trace.
 */
import { isRecord } from "../is-record";
import { MAILBOX_KINDS, type TenantFile } from "./model";

export class TenantFileError extends Error {}

export function validateTenantFile(value: unknown): TenantFile {
  const fail = (path: string, problem: string): never => {
    throw new TenantFileError(`tenant file: ${path} ${problem}`);
  };
  if (!isRecord(value)) return fail("$", "must be an object");
  if (value["version"] !== 1) fail("$.version", "must be 1");
  for (const key of ["tenantId", "domain"]) if (typeof value[key] !== "string") fail(`$.${key}`, "must be a string");
  const users = value["users"];
  if (!Array.isArray(users)) return fail("$.users", "must be an array");
  users.forEach((u, i) => {
    if (!isRecord(u)) return fail(`$.users[${i}]`, "must be an object");
    for (const key of ["id", "userPrincipalName"]) if (typeof u[key] !== "string") fail(`$.users[${i}].${key}`, "must be a string");
    const mailbox = u["mailbox"];
    if (mailbox !== undefined && mailbox !== null && !MAILBOX_KINDS.has(String(mailbox))) {
      fail(`$.users[${i}].mailbox`, "must be user, shared, room, equipment or null");
    }
  });
  const groups = value["groups"];
  if (!Array.isArray(groups)) return fail("$.groups", "must be an array");
  groups.forEach((g, i) => {
    if (!isRecord(g)) return fail(`$.groups[${i}]`, "must be an object");
    for (const key of ["id", "displayName"]) if (typeof g[key] !== "string") fail(`$.groups[${i}].${key}`, "must be a string");
    if (!Array.isArray(g["members"]) || !g["members"].every((m) => typeof m === "string")) fail(`$.groups[${i}].members`, "must be an array of ids");
  });
  if (value["apps"] !== undefined && !Array.isArray(value["apps"])) fail("$.apps", "must be an array");
  return value as unknown as TenantFile;
}

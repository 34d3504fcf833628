/**
 * Checks across policies: names are unique (they mark contact ownership), and no two policies
 * write the same folder of the same mailbox — each would own its own copy of a person, so the
 * mailbox would show duplicates. Whether two target selections overlap depends on the directory;
 * here they count as overlapping unless provably disjoint from the policy text alone. Group
 * membership is only known once the directory is read, so group-based exclusivity is not proven here.
 */
import type { Condition } from "../generated/policy";
import { USER_ATTRIBUTES } from "../generated/user-attributes";
import { canonicalJson } from "../json/canonical";
import { DEFAULT_IGNORE_CASE } from "./defaults";
import type { PathSegment } from "./locate";
import type { ResolvedPolicy, ResolvedTargets } from "./types";

export interface PolicyRef {
  file: string;
  resolved: ResolvedPolicy;
  /** Whether the document spells out `spec.folder` (to point at it) or relies on the default. */
  hasFolder: boolean;
}

export interface CrossProblem {
  /** Index into the list given, of the policy the problem is reported on. */
  index: number;
  path: PathSegment[];
  message: string;
}

export function checkAcrossPolicies(policies: readonly PolicyRef[]): CrossProblem[] {
  const problems: CrossProblem[] = [];
  const firstByName = new Map<string, number>();
  policies.forEach((p, index) => {
    const first = firstByName.get(p.resolved.name);
    if (first === undefined) firstByName.set(p.resolved.name, index);
    else {
      problems.push({ index, path: ["metadata", "name"], message: `"${p.resolved.name}" is already the name of the policy in ${policies[first]!.file}; policy names must be unique` });
    }
  });
  for (let b = 0; b < policies.length; b++) {
    for (let a = 0; a < b; a++) {
      const pa = policies[a]!;
      const pb = policies[b]!;
      if (folderKey(pa.resolved) !== folderKey(pb.resolved) || pa.resolved.name === pb.resolved.name) continue;
      if (targetsDisjoint(pa.resolved.targets, pb.resolved.targets)) continue;
      problems.push({
        index: b,
        path: pb.hasFolder ? ["spec", "folder"] : ["spec"],
        message:
          `writes the same folder (${folderLabel(pb.resolved)}) as policy "${pa.resolved.name}" in ${pa.file}, and their target mailboxes may overlap, ` +
          "so a mailbox could get two copies of a person; give one policy another folder, or make the targets exclusive " +
          "(different mailboxKinds, or a condition on the same attribute with no value in common)",
      });
    }
  }
  return problems;
}

/** Exchange compares folder names without regard to case (inferred: docs/graph-behaviour.md#contact-folder-lookup). */
function folderKey(p: ResolvedPolicy): string {
  return "name" in p.folder ? `name:${p.folder.name.toLowerCase()}` : "default-contacts";
}

function folderLabel(p: ResolvedPolicy): string {
  return "name" in p.folder ? `"${p.folder.name}"` : "the default Contacts folder";
}

function targetsDisjoint(a: ResolvedTargets, b: ResolvedTargets): boolean {
  if (!a.mailboxKinds.some((k) => b.mailboxKinds.includes(k))) return true;
  const ca = conjuncts(a.where);
  const cb = conjuncts(b.where);
  return ca.some((x) => cb.some((y) => contradict(x, y)));
}

/** The conditions that must all hold: the members of (nested) `all`, or the condition itself. */
function conjuncts(where: Condition | null): Condition[] {
  if (where === null) return [];
  return "all" in where ? where.all.flatMap(conjuncts) : [where];
}

/** Whether two conditions can never both hold for one user. */
function contradict(x: Condition, y: Condition): boolean {
  if ("not" in x && canonicalJson(x.not) === canonicalJson(y)) return true;
  if ("not" in y && canonicalJson(y.not) === canonicalJson(x)) return true;
  if (!("attribute" in x) || !("attribute" in y) || x.attribute !== y.attribute) return false;
  if ("exists" in x && "exists" in y) return x.exists !== y.exists;
  // A list attribute holds several values at once, so different accepted values do not exclude each other.
  if (USER_ATTRIBUTES.get(x.attribute) !== "string") return false;
  const vx = acceptedValues(x);
  const vy = acceptedValues(y);
  if (vx === undefined || vy === undefined) return false;
  const fold = ignoresCase(x) || ignoresCase(y);
  const norm = (v: string): string => (fold ? v.toLowerCase() : v);
  const sy = new Set(vy.map(norm));
  return !vx.some((v) => sy.has(norm(v)));
}

function acceptedValues(c: Condition): string[] | undefined {
  if ("equals" in c) return typeof c.equals === "string" ? [c.equals] : undefined;
  if ("in" in c) return c.in;
  return undefined;
}

function ignoresCase(c: Condition): boolean {
  return ("ignoreCase" in c ? c.ignoreCase : undefined) ?? DEFAULT_IGNORE_CASE;
}

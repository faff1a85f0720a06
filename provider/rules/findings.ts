// The Finding type and its stable ids (acceptances.ts matches them against acceptedFindings). Pure: no I/O.
// A finding is one cause: when one act explains several findings (a group's deletion and each grant it took with it),
// they are its `consequences` (causes.ts), each keeping its own id.
import type { FindingKind } from "./finding-kinds";
import type { Lane } from "./ownership";

/** One thing a reviewer must look at: `id` is `<kind>:<subject>` and never changes while the cause persists. */
export interface Finding {
  /** `<kind>:<subject>`, stable across runs, so it can be listed in `acceptedFindings`. */
  id: string;
  /** One of the catalogue's kinds (finding-kinds.ts), e.g. `unclaimed-group`. */
  kind: FindingKind;
  /** What the finding is about, e.g. a group name. */
  subject: string;
  /** The lane that owns the subject, or "none" when no single lane does. */
  lane: Lane | "none";
  message: string;
  fix: string;
  /** Who caused it: "scim", "isc", "pulumi", "person:<email>", or "unknown" (drift findings; absent for pure split findings). */
  actor?: string;
  /** When the causing change happened (ISO-8601), when known. */
  at?: string;
  /** Raw evidence: "event:<audit event id>", "isc-activity:<id>", "isc-account:<id>", "scim-user:<id>", "account:<id>". */
  evidence?: string[];
  /**
   * The findings this one explains (causes.ts): e.g. each role assignment a deleted group took with it. Each keeps its
   * own id; accepting the cause accepts them all. Absent on a finding that is its own only consequence.
   */
  consequences?: Finding[];
}

const KIND = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const ID = /^([a-z][a-z0-9]*(?:-[a-z0-9]+)*):(.+)$/;

/** The stable id of a finding. */
export function findingId(kind: string, subject: string): string {
  if (!KIND.test(kind)) throw new Error(`finding kind "${kind}" is not kebab-case`);
  return `${kind}:${subject}`;
}

/** Builds a finding with its id. */
export function makeFinding(
  kind: FindingKind,
  subject: string,
  lane: Lane | "none",
  message: string,
  fix: string,
  cause?: { actor?: string; at?: string; evidence?: string[] },
): Finding {
  const f: Finding = { id: findingId(kind, subject), kind, subject, lane, message, fix };
  if (cause?.actor) f.actor = cause.actor;
  if (cause?.at) f.at = cause.at;
  if (cause?.evidence?.length) f.evidence = cause.evidence;
  return f;
}

/** Splits an id into kind and subject; undefined when it does not look like `<kind>:<subject>`. */
export function parseFindingId(id: string): { kind: string; subject: string } | undefined {
  const m = ID.exec(id);
  return m && m[2].trim() ? { kind: m[1], subject: m[2] } : undefined;
}

export const isFindingId = (id: unknown): id is string => typeof id === "string" && parseFindingId(id) !== undefined;

/** A finding and the consequences inside it, depth first (the cause before what it explains). */
export function withConsequences(findings: Finding[]): Finding[] {
  return findings.flatMap((f) => [f, ...withConsequences(f.consequences ?? [])]);
}

/** Stable order: by id. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

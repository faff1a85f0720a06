// `discover`'s plan of the program that adopts an org as it is: the OwnershipSplit (inferred lanes, compact patterns,
// the org's current findings accepted), the Groups to declare and every group role assignment as an AppAccess. Pure:
// provider/discover/ reads the org and hands the facts in; rules/codegen.ts writes the plan as TypeScript.
import { orgFindings } from "./drift";
import { groupFindings } from "./membership";
import { groupNameProblems } from "./group-name";
import type { Acceptance } from "./acceptances";
import type { Finding } from "./findings";
import type { Lane } from "./ownership";
import type { SnapshotView } from "./snapshot";
import type { Split } from "./split";
import {
  byText,
  inferAccountCreator,
  inferLane,
  lanePatterns,
  type ClaimRest,
  type InferredLane,
  type LaneFacts,
} from "./discover-lanes";

/** A group as discover found it. */
export interface FoundGroup extends LaneFacts {
  id: string;
  description?: string;
  /** Members' emails, lower-case and sorted (as a Group's `members` output lists them). */
  members: string[];
}

/** One group role assignment: a group's role on one site's product. */
export interface FoundGrant {
  groupId: string;
  site: string;
  product: string;
  role: string;
}

export interface FoundOrg {
  groups: FoundGroup[];
  /** Every group role assignment on the sites in scope. */
  grants: FoundGrant[];
  /** The sites in scope (hosts). */
  sites: string[];
  scimConfigured: boolean;
  iscConfigured: boolean;
}

export interface PlanOptions {
  /** The lanes whose groups (and their app access) the program declares. */
  lanes: readonly Lane[];
  claim: ClaimRest;
  /** The day of adoption (YYYY-MM-DD, server time), named in each acceptance's reason. */
  day: string;
}

/** A Group the program declares: code's with its members and adopt, or SCIM's or ISC's that hold app access. */
export interface PlannedGroup {
  name: string;
  owner: Lane;
  description?: string;
  members?: string[];
  /** Whether an AppAccess refers to it (by its groupId output). */
  referenced: boolean;
}

/** An AppAccess the program declares; `group` names a PlannedGroup, or a group the program does not declare. */
export interface PlannedGrant {
  group: string;
  declared: boolean;
  site: string;
  product: string;
  role: string;
}

export interface ProgramPlan {
  split: Omit<Split, "acceptedFindings"> & { acceptedFindings: Acceptance[] };
  groups: PlannedGroup[];
  grants: PlannedGrant[];
  /** The sites in scope, sorted. */
  sites: string[];
  /** The org's current findings, all accepted in the split. */
  findings: Finding[];
  /** What the program cannot settle by itself, one sentence each (printed as warnings). */
  warnings: string[];
}

/** Split findings that mean a group is claimed by a lane other than its own. */
const MISCLAIMED = new Set<string>(["group-claimed-twice", "synced-group-outside-scim", "local-group-in-scim-lane"]);

/** The reason every acceptance discover writes carries. */
export const adoptionReason = (day: string): string => `found at adoption on ${day}`;

/** The program that adopts `org` as it is; `view` is the snapshot the split's rules read (with the audit window). */
export function planProgram(org: FoundOrg, view: SnapshotView, opts: PlanOptions): ProgramPlan {
  const groups = [...org.groups].sort((a, b) => byText(a.name, b.name));
  const laneOf = new Map(groups.map((g) => [g.name, inferLane(g, opts.claim)]));
  const patterns = lanePatterns(laneOf);
  const split: Split = {
    accountCreator: inferAccountCreator({
      scimConfigured: org.scimConfigured,
      iscConfigured: org.iscConfigured,
      syncedAccounts: view.snap.users.filter((u) => u.managementSource === "synced").length,
    }),
    scim: { groups: patterns.scim },
    isc: { groups: patterns.isc },
    ...(patterns.pulumi.length ? { pulumi: { groups: patterns.pulumi } } : {}),
  };
  // The same pure rules the OwnershipSplit runs, over the same snapshot: what it will find is what is accepted.
  const findings = orgFindings(view, split);
  const acceptedFindings = findings.map((f) => ({ id: f.id, reason: adoptionReason(opts.day) }));
  const warnings: string[] = [];
  // Inferred lanes never overlap; only a group name holding `*` or `?` (a glob in the split) makes them.
  for (const f of findings)
    if (MISCLAIMED.has(f.kind))
      warnings.push(
        `${f.message} A name holding * or ? is a pattern in the split: rename the group or edit the split.`,
      );

  const emitted = new Set<InferredLane>(opts.lanes);
  // App access is code's lane, so an unclaimed group's grants go with the pulumi lane.
  if (emitted.has("pulumi")) emitted.add("none");
  const byId = new Map(groups.map((g) => [g.id, g]));
  const grants = org.grants
    .filter((a) => byId.has(a.groupId) && emitted.has(laneOf.get(byId.get(a.groupId)!.name)!))
    .map((a) => ({ ...a, group: byId.get(a.groupId)!.name }));
  const granted = new Set(grants.map((a) => a.group));

  const planned: PlannedGroup[] = [];
  for (const g of groups) {
    const lane = laneOf.get(g.name)!;
    if (lane === "none" || !emitted.has(lane)) continue;
    if (lane !== "pulumi" && !granted.has(g.name)) continue; // its lane owns it; the split's claim says so
    const problems = groupNameProblems(g.name);
    if (problems.length) {
      warnings.push(`Group "${g.name}" is not declared (its grants name it instead): ${problems.join(" ")}`);
      continue;
    }
    const pg: PlannedGroup = { name: g.name, owner: lane, referenced: false };
    if (lane === "pulumi") {
      if (g.description) pg.description = g.description;
      pg.members = g.members;
    }
    planned.push(pg);
    // A Group's own drift cannot be accepted: its lane must fix it before the preview is clean.
    const drift = groupFindings(view, { id: g.id, name: g.name, owner: lane, members: pg.members });
    for (const f of drift)
      warnings.push(`Group "${g.name}" has drift its lane must fix before a clean preview: ${f.id} — ${f.message}`);
  }
  const declared = new Set(planned.map((g) => g.name));
  const plannedGrants = grants
    .map((a) => ({ group: a.group, declared: declared.has(a.group), site: a.site, product: a.product, role: a.role }))
    .sort(
      (a, b) =>
        byText(a.group, b.group) || byText(a.product, b.product) || byText(a.role, b.role) || byText(a.site, b.site),
    );
  const referenced = new Set(plannedGrants.filter((a) => a.declared).map((a) => a.group));
  for (const g of planned) g.referenced = referenced.has(g.name);

  return {
    split: { ...split, acceptedFindings },
    groups: planned,
    grants: dedupe(plannedGrants),
    sites: [...org.sites].sort(byText),
    findings,
    warnings,
  };
}

/** One AppAccess per group × site × product × role (a second would be refused by check). */
function dedupe(grants: PlannedGrant[]): PlannedGrant[] {
  const seen = new Set<string>();
  return grants.filter((a) => {
    const key = `${a.group}\n${a.site}\n${a.product}\n${a.role}`;
    return !seen.has(key) && seen.add(key);
  });
}

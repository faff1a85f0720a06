// Drift rules: pure functions over one org snapshot (Atlassian, SCIM's view, ISC's record, audit events) that say what
// is outside its lane, who caused it and how to fix it. No I/O: org/snapshot.ts gathers the snapshot. The rules
// live by subject (membership.ts, app-access.ts, accounts.ts, cross-lane.ts, usage.ts); this file composes the org-wide ones.
//
// Every finding is about the org as it is now; audit events and ISC activities only name the cause. So a finding
// disappears when the state is repaired (by `pulumi up` for code's lane, by the owning lane otherwise), not when time
// passes, and "who did it" is the newest event about the same object.
import { GROUP_CREATED } from "./attribution";
import { iscCreateRace, unlinkedAndDuplicates, wrongAccountCreator } from "./accounts";
import { appAccessOutsideCode, type OrgRuleOptions } from "./app-access";
import { causeFrom } from "./attribution";
import { groupDeletions } from "./causes";
import { crossLaneWrites, groupsDeletedOutsideLanes } from "./cross-lane";
import { makeFinding, sortFindings, type Finding } from "./findings";
import { splitFindings, type Split } from "./split";
import { openSelfSignup } from "./self-signup";
import type { SnapshotView } from "./snapshot";
import { directUserAccess, dormantAccess, type UsageOptions } from "./usage";
import { credentialFindings, type Credential } from "./credentials";
import { leaversWithAccess, orphanAccounts } from "./leavers";
import { sodFindings, type SodOptions } from "./sod-findings";

/** Every org-wide finding, one per cause (causes.ts): the split's own, then drift with causes. Sorted by id; one per id. */
export function orgFindings(
  view: SnapshotView,
  split: Split,
  opts: OrgRuleOptions &
    UsageOptions &
    SodOptions & { selfSignupDomains?: readonly string[]; credentials?: readonly Credential[] } = {},
): Finding[] {
  const all = [
    ...splitFindingsWithConflicts(view, split),
    ...iscCreateRace(view, split),
    ...wrongAccountCreator(view, split),
    ...unlinkedAndDuplicates(view),
    ...appAccessOutsideCode(view, opts),
    ...groupDeletions(view),
    ...crossLaneWrites(view, split),
    ...groupsDeletedOutsideLanes(view, split),
    ...directUserAccess(view),
    ...dormantAccess(view, split, opts),
    ...openSelfSignup(view, opts.selfSignupDomains),
    ...sodFindings(view, split, opts.conflicts ?? [], opts.admins),
    ...leaversWithAccess(view, split),
    ...orphanAccounts(view, split),
    ...credentialFindings(opts.credentials ?? split.credentials ?? [], {
      now: opts.now ?? Date.parse(view.snap.takenAt),
      events: view.snap.events,
      lanes: view.lanes,
    }),
  ];
  const seen = new Set<string>();
  return sortFindings(all.filter((f) => !seen.has(f.id) && seen.add(f.id)));
}

/** The split's findings, with the IdP's name conflicts named as such (a local group blocking the IdP's group). */
function splitFindingsWithConflicts(view: SnapshotView, split: Split): Finding[] {
  const scimNames = new Map((view.snap.scim?.groups ?? []).map((g) => [g.displayName.toLowerCase(), g]));
  const conflicts: Finding[] = [];
  for (const g of view.snap.groups) {
    const sg = scimNames.get(g.name.toLowerCase());
    if (g.synced || !sg) continue;
    const e = view.index.latest(`group:${g.id}`, ["group_sync_conflict"]);
    const cause = causeFrom(e, view.lanes);
    conflicts.push(
      makeFinding(
        "group-name-conflict",
        g.name,
        "scim",
        `The IdP pushes group "${sg.displayName}" but a local group of that name exists: Atlassian holds the sync until an admin accepts or rejects it, so its membership does not sync.`,
        `In Atlassian admin, accept the sync (the local group becomes the IdP's) or reject it and rename the local group; then claim "${g.name}" in exactly one lane.`,
        {
          actor: cause.actor === "unknown" ? "scim" : cause.actor,
          at: cause.at,
          evidence: [...cause.evidence, `scim-group:${sg.id}`],
        },
      ),
    );
  }
  const conflicted = new Set(conflicts.map((f) => f.subject.toLowerCase()));
  const base = splitFindings(
    split,
    view.snap.groups.map((g) => ({ id: g.id, name: g.name, externalSynced: g.synced })),
  )
    .filter((f) => !(f.kind === "local-group-in-scim-lane" && conflicted.has(f.subject.toLowerCase())))
    .map((f) => {
      // Who made the group is the best cause a split finding has (e.g. SCIM pushing a group no lane claims).
      const g = view.groupsByName.get(f.subject.toLowerCase());
      const made = g ? view.index.latest(`group:${g.id}`, GROUP_CREATED) : undefined;
      return made ? { ...f, ...causeFrom(made, view.lanes) } : f;
    });
  return [...base, ...conflicts];
}

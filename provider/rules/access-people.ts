// The access review's people views (`access --lane leaver|orphan`): the people the OwnershipSplit's leaver-with-access
// and orphan-account findings name, found by the same decisions (rules/leavers.ts `leavers`, `orphans`) over what the
// `access` command read, with SCIM's and ISC's records beside it. Pure.
import { SnapshotView, type IscView, type OrgSnapshot, type ScimView } from "./snapshot";
import { leavers, orphans, ORPHAN_WHY } from "./leavers";
import type { AccessFlag, AccessRow, AccessSnapshot } from "./access-review";
import type { ActorLanes } from "./attribution";
import type { Split } from "./split";

/** The records that tell who left and who manages whom: SCIM's users, ISC's accounts (absent when not configured). */
export interface Provisioners {
  scim?: ScimView;
  isc?: IscView;
}

/** The access snapshot as the org snapshot the split's rules read. */
function orgView(snap: AccessSnapshot, records: Provisioners, lanes: ActorLanes): SnapshotView {
  const org: OrgSnapshot = {
    takenAt: snap.takenAt,
    groups: snap.groups.map((g) => ({ id: g.id, name: g.name, synced: g.synced ?? g.lane === "scim" })),
    users: snap.users,
    workspaces: snap.workspaces,
    usage: { groupRoles: snap.groupGrants, directGrants: snap.directGrants, candidates: [] },
    ...records,
    events: snap.events,
  };
  return new SnapshotView(org, lanes);
}

/** Without an OwnershipSplit, no group is code's: only the markers (synced → scim) and ISC tell a lane. */
const NO_SPLIT: Pick<Split, "scim" | "isc"> = { scim: { groups: [] }, isc: { groups: [] } };

/** Each leaver's and orphan's account id, with the split's finding about them and why. */
export function peopleFlags(
  snap: AccessSnapshot,
  records: Provisioners,
  opts: { split?: Pick<Split, "scim" | "isc" | "pulumi">; lanes?: ActorLanes } = {},
): Map<string, AccessFlag> {
  const view = orgView(snap, records, opts.lanes ?? {});
  const split = opts.split ?? NO_SPLIT;
  const out = new Map<string, AccessFlag>();
  for (const l of leavers(view, split))
    out.set(l.user.accountId, {
      view: "leaver",
      finding: `leaver-with-access:${l.user.email.toLowerCase()}`,
      why: `left: ${l.why}`,
    });
  for (const o of orphans(view, split))
    out.set(o.user.accountId, {
      view: "orphan",
      finding: `orphan-account:${o.user.email.toLowerCase()}`,
      why: ORPHAN_WHY,
    });
  return out;
}

/** The rows with their person's flag, for the people views' filter and columns. */
export const withFlags = (rows: AccessRow[], flags: Map<string, AccessFlag>): AccessRow[] =>
  rows.map((r) => {
    const flag = flags.get(r.accountId);
    return flag ? { ...r, flag } : r;
  });

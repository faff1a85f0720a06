// The access review: who can use what, per site × product × role, each person with the path that grants it (a group
// and its lane, or a role given to them directly), who added them and when, and when they last used it. Pure: the
// `access` command reads the snapshot (provider/access/read.ts); this turns it into rows and filters them.
import { causeFrom, MEMBER_ADDED, userRoleGrant, type ActorLanes, type AuditEntry, EventIndex } from "./attribution";
import { claimsOf, type Split } from "./split";
import { foreignLaneOf, globMatch, lanesFor, type Lane } from "./ownership";
import { sameSite } from "./site";

/** A group's lane, or `none`: no lane is known to own it (pass an OwnershipSplit to name code's groups). */
export type AccessLane = Lane | "none";
export const ACCESS_LANES = ["pulumi", "scim", "isc", "none"] as const satisfies readonly AccessLane[];

export interface AccessWorkspace {
  /** The product instance's ARI. */
  id: string;
  host: string;
  product: string;
}

export interface AccessGroup {
  id: string;
  name: string;
  lane: AccessLane;
  /** isSynced() of its markers (absent in older callers: a scim-lane group counts as synced). */
  synced?: boolean;
}

export interface AccessUser {
  accountId: string;
  email: string;
  name?: string;
  /** Group ids. */
  groups: string[];
  /** Product instances the account can use, with when it last did (expand `productAccess`). */
  productAccess: { resourceId: string; lastActive?: string }[];
  /** Who made the account (the users search's fields; the leaver and orphan views read them). */
  managementSource?: "invited" | "synced";
  accountStatus?: string;
}

/** A role a group holds on a resource: its members hold it through the group. */
export interface GroupGrant {
  groupId: string;
  resourceId: string;
  role: string;
}

/** A role an account holds itself, from its role assignments (`roleAssignmentMethods` includes `direct`). */
export interface DirectGrant {
  accountId: string;
  resourceId: string;
  role: string;
}

export interface AccessSnapshot {
  takenAt: string;
  orgId: string;
  workspaces: AccessWorkspace[];
  groups: AccessGroup[];
  users: AccessUser[];
  groupGrants: GroupGrant[];
  directGrants: DirectGrant[];
  /** The audit window read (attribution comes only from it). */
  events: AuditEntry[];
  auditFrom?: string;
}

export interface AccessRow {
  /** The site's host; `(org)` for an org-wide role. */
  site: string;
  /** The product key; `platform` for a site or org admin role. */
  product: string;
  role: string;
  email: string;
  name?: string;
  accountId: string;
  /** `group`: a member of `group`; `direct`: the role was given to the person, outside every group. */
  via: "group" | "direct";
  group?: string;
  /** The group's lane; absent for a direct grant, which no lane owns. */
  lane?: AccessLane;
  /** Who added the person to the group (or gave the role directly) and when, when the audit window has it. */
  addedBy?: string;
  addedAt?: string;
  evidence: string[];
  lastActive?: string;
  resourceId: string;
  /** The person is in the leaver or orphan view: the split's finding about them, and why (rules/access-people.ts). */
  flag?: AccessFlag;
}

/** Why a person is in a people view: a leaver (`leaver-with-access`) or an orphan (`orphan-account`). */
export interface AccessFlag {
  view: PeopleView;
  /** The OwnershipSplit's finding id about the person (what acceptedFindings names). */
  finding: string;
  why: string;
}

/** The views of people rather than lanes: leavers with access, and accounts no lane manages. */
export type PeopleView = "leaver" | "orphan";
export const PEOPLE_VIEWS: readonly PeopleView[] = ["leaver", "orphan"];

/** Where a role is held, as a review names it: a product on a site, a site (admin roles) or the org. */
export function describeResource(
  resourceId: string,
  snap: Pick<AccessSnapshot, "workspaces" | "orgId">,
): { site: string; product: string } {
  const ws = snap.workspaces.find((w) => w.id === resourceId);
  if (ws) return { site: ws.host, product: ws.product };
  if (resourceId === `ari:cloud:platform::org/${snap.orgId}`) return { site: "(org)", product: "platform" };
  const cloudId = /^ari:cloud:platform::site\/(.+)$/.exec(resourceId)?.[1];
  const host = cloudId && snap.workspaces.find((w) => w.id.endsWith(`::site/${cloudId}`))?.host;
  return host ? { site: host, product: "platform" } : { site: resourceId, product: "?" };
}

/** The lane of a group from what is known: synced → scim; the split's claim; ISC governing it → isc; else none. */
export function laneOfGroup(
  g: { name: string; synced: boolean },
  facts: { split?: Pick<Split, Lane>; iscGoverned?: boolean } = {},
): AccessLane {
  const claimed = facts.split ? lanesFor(claimsOf(facts.split), g.name) : [];
  const foreign = foreignLaneOf({
    live: { externalSynced: g.synced },
    splitLanes: claimed,
    iscGoverned: facts.iscGoverned,
  });
  if (foreign) return foreign.lane;
  return claimed.includes("pulumi") ? "pulumi" : "none";
}

const compareRows = (a: AccessRow, b: AccessRow) =>
  a.site.localeCompare(b.site) ||
  a.product.localeCompare(b.product) ||
  a.role.localeCompare(b.role) ||
  a.email.localeCompare(b.email) ||
  a.via.localeCompare(b.via) ||
  (a.group ?? "").localeCompare(b.group ?? "");

/** Every grant as one row: each group grant once per member, each direct grant once; sorted by site, product, role, person. */
export function accessRows(snap: AccessSnapshot, lanes: ActorLanes = {}): AccessRow[] {
  const index = new EventIndex(snap.events);
  const groups = new Map(snap.groups.map((g) => [g.id, g]));
  const grantsOf = new Map<string, GroupGrant[]>();
  for (const g of snap.groupGrants) grantsOf.set(g.groupId, [...(grantsOf.get(g.groupId) ?? []), g]);
  const users = new Map(snap.users.map((u) => [u.accountId, u]));
  const base = (u: AccessUser, resourceId: string, role: string) => ({
    ...describeResource(resourceId, snap),
    role,
    email: u.email.toLowerCase(),
    ...(u.name ? { name: u.name } : {}),
    accountId: u.accountId,
    resourceId,
    ...lastActiveOf(u, resourceId),
  });
  const rows: AccessRow[] = [];
  for (const u of snap.users) {
    for (const groupId of u.groups) {
      const g = groups.get(groupId);
      if (!g) continue;
      const added = causeOf(index.latest(`member:${groupId}/${u.accountId}`, MEMBER_ADDED), lanes);
      for (const grant of grantsOf.get(groupId) ?? [])
        rows.push({ ...base(u, grant.resourceId, grant.role), via: "group", group: g.name, lane: g.lane, ...added });
    }
  }
  for (const d of snap.directGrants) {
    const u = users.get(d.accountId);
    if (!u) continue;
    const e = directGrantEvent(index, d);
    rows.push({ ...base(u, d.resourceId, d.role), via: "direct", ...causeOf(e, lanes) });
  }
  return rows.sort(compareRows);
}

/** The newest audit event that gave `d.role` on `d.resourceId` to the account itself, when the window has it. */
export const directGrantEvent = (index: EventIndex, d: DirectGrant): AuditEntry | undefined =>
  userRoleGrant(index, d.accountId, d.resourceId, d.role);

function causeOf(e: AuditEntry | undefined, lanes: ActorLanes): Pick<AccessRow, "addedBy" | "addedAt" | "evidence"> {
  if (!e) return { evidence: [] };
  const cause = causeFrom(e, lanes);
  return { addedBy: cause.actor, ...(cause.at ? { addedAt: cause.at } : {}), evidence: cause.evidence };
}

function lastActiveOf(u: AccessUser, resourceId: string): Pick<AccessRow, "lastActive"> {
  const last = u.productAccess.find((p) => p.resourceId === resourceId)?.lastActive;
  return last ? { lastActive: last } : {};
}

export interface AccessFilters {
  /** Site hosts, or their first label (`acme-eu` for acme-eu.atlassian.net). */
  sites?: string[];
  products?: string[];
  /** Emails, case-insensitive. */
  persons?: string[];
  /** Lanes, plus `direct` for roles given to people directly, and the people views `leaver` and `orphan`. */
  lanes?: string[];
  /** Group names or glob patterns (`*`, `?`), case-insensitive: access through these groups only. */
  groups?: string[];
}

/** Whether a row is in one `--lane` view: a group's lane, `direct`, or a people view (`leaver`, `orphan`). */
const laneMatches = (r: AccessRow, lane: string) =>
  lane === "direct"
    ? r.via === "direct"
    : (PEOPLE_VIEWS as readonly string[]).includes(lane)
      ? r.flag?.view === lane
      : r.lane === lane;

/** The rows every given filter lets through (each filter: any of its values). */
export function filterRows(rows: AccessRow[], f: AccessFilters): AccessRow[] {
  const persons = f.persons?.map((p) => p.toLowerCase());
  return rows.filter(
    (r) =>
      (!f.sites?.length || f.sites.some((s) => sameSite(r.site, s))) &&
      (!f.products?.length || f.products.includes(r.product)) &&
      (!persons?.length || persons.includes(r.email)) &&
      (!f.lanes?.length || f.lanes.some((l) => laneMatches(r, l))) &&
      (!f.groups?.length || f.groups.some((g) => r.group !== undefined && globMatch(g, r.group))),
  );
}

/** Totals a review states first. */
export function summarize(rows: AccessRow[]): { grants: number; people: number; direct: number; sites: number } {
  return {
    grants: rows.length,
    people: new Set(rows.map((r) => r.accountId)).size,
    direct: rows.filter((r) => r.via === "direct").length,
    sites: new Set(rows.map((r) => r.site)).size,
  };
}

// Usage findings of the OwnershipSplit: a product role a person holds directly, outside every group
// (direct-user-access), and access an account has not used for `dormantAfterDays` (dormant-access). Pure, over the
// snapshot's usage part (org/usage.ts) and the users' last-active times; "now" is passed in (the
// provider passes the server's time).
import { causeFrom, MEMBER_ADDED, type AuditEntry } from "./attribution";
import { directGrantEvent, laneOfGroup, type AccessLane, type DirectGrant } from "./access-review";
import { makeFinding, type Finding } from "./findings";
import type { SnapshotView, SnapUser } from "./snapshot";
import type { Split } from "./split";

const DAY_MS = 86_400_000;

/** A product instance as findings name it: `host/product`, or undefined for a resource that is not one. */
function productLabel(view: SnapshotView, resourceId: string): string | undefined {
  const ws = view.snap.workspaces.find((w) => w.id === resourceId);
  return ws ? `${ws.host}/${ws.product}` : undefined;
}

const newest = (events: (AuditEntry | undefined)[]): AuditEntry | undefined =>
  events.filter((e): e is AuditEntry => !!e).sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0))[0];

/**
 * Every product role held directly: one finding per person × site's product × role, its actor who gave it (printed
 * beside the message, not in it: a later run, whose window no longer holds the event, carries the actor over).
 */
export function directUserAccess(view: SnapshotView): Finding[] {
  const usage = view.snap.usage;
  if (!usage) return [];
  const granting = groupGrants(view);
  const out: Finding[] = [];
  for (const d of usage.directGrants) {
    const site = productLabel(view, d.resourceId);
    if (!site) continue;
    const email = view.emailOf(d.accountId).toLowerCase();
    const cause = causeFrom(directGrantEvent(view.index, d), view.lanes);
    const alsoVia = granting(view.usersById.get(d.accountId), d.resourceId, d.role).map((g) => `"${g.name}"`);
    const id = `direct-user-access:${email}/${site}/${d.role}`;
    out.push(
      makeFinding(
        "direct-user-access",
        `${email}/${site}/${d.role}`,
        "pulumi",
        `${email} holds ${d.role} on ${site} directly, outside every group: no lane's group grants it, so no lane reviews or removes it.` +
          (alsoVia.length ? ` Their group ${alsoVia.join(", ")} grants it too.` : ""),
        `Give ${email} this access through a group whose lane owns it (app access is code's lane: an access.AppAccess for a group they belong to), then revoke the role given directly in Atlassian admin (the user's product access); or list "${id}" in acceptedFindings with a reason.`,
        { ...cause, evidence: [...cause.evidence, `account:${d.accountId}`] },
      ),
    );
  }
  return out;
}

export type GrantingGroup = { id: string; name: string; lane: AccessLane };

/**
 * The user's groups holding a product role (`role`, or any) on a resource, with their lanes: the usage part's group
 * roles indexed by group once, and each group's lane decided once (an org of 20,000 people asks per person × product).
 */
export function groupGrants(view: SnapshotView, split?: Pick<Split, "scim" | "isc" | "pulumi">) {
  const byGroup = new Map<string, { resourceId: string; role: string }[]>();
  for (const r of view.snap.usage?.groupRoles ?? []) {
    const list = byGroup.get(r.groupId);
    if (list) list.push(r);
    else byGroup.set(r.groupId, [r]);
  }
  const known = new Map<string, GrantingGroup>();
  const describe = (id: string): GrantingGroup => {
    let g = known.get(id);
    if (!g) {
      const sg = view.groupsById.get(id);
      const name = sg?.name ?? id;
      g = { id, name, lane: split && sg ? laneOfGroup({ name, synced: sg.synced }, { split }) : "none" };
      known.set(id, g);
    }
    return g;
  };
  return (u: SnapUser | undefined, resourceId: string, role?: string): GrantingGroup[] =>
    (u?.groups ?? [])
      .filter((g) => byGroup.get(g)?.some((r) => r.resourceId === resourceId && (!role || r.role === role)))
      .map(describe)
      .sort((a, b) => a.name.localeCompare(b.name));
}

/** How the owner of one path takes the access away. */
export function removal(email: string, g: { name: string; lane: AccessLane }): string {
  switch (g.lane) {
    case "pulumi":
      return `remove ${email} from the members of "${g.name}" in code and run \`pulumi up\``;
    case "scim":
      return `remove ${email} from "${g.name}" in the identity provider (SCIM pushes the change)`;
    case "isc":
      return `revoke ${email}'s "${g.name}" entitlement in SailPoint ISC`;
    default:
      return `remove ${email} from "${g.name}" in Atlassian admin (no lane claims "${g.name}": claim it in the split)`;
  }
}

export interface UsageOptions {
  /** The time to judge inactivity at, epoch ms (the server's time); default: the snapshot's. */
  now?: number;
}

/**
 * Every account that has not used a product for `dormantAfterDays` (since its last activity, or since it joined the
 * org when it never used it) and still holds it, through the groups and direct roles that give it; none when the
 * setting is absent. An account that is not active, or whose access no read path explains, is not judged.
 */
export function dormantAccess(view: SnapshotView, split: Split, opts: UsageOptions = {}): Finding[] {
  const days = split.dormantAfterDays;
  if (!days || !view.snap.usage) return [];
  const now = opts.now ?? Date.parse(view.snap.takenAt);
  const direct = new Map<string, DirectGrant[]>();
  for (const d of view.snap.usage.directGrants) direct.set(d.accountId, [...(direct.get(d.accountId) ?? []), d]);
  const granting = groupGrants(view, split);
  const sites = new Map(view.snap.workspaces.map((w) => [w.id, `${w.host}/${w.product}`]));
  const out: Finding[] = [];
  for (const u of view.snap.users) {
    if (u.accountStatus && u.accountStatus !== "active") continue;
    for (const p of u.productAccess ?? []) {
      const site = sites.get(p.resourceId);
      const since = p.lastActive ?? u.addedToOrg;
      const idle = since ? now - Date.parse(since) : NaN;
      if (!site || !(idle >= days * DAY_MS)) continue;
      const groups = granting(u, p.resourceId);
      const roles = (direct.get(u.accountId) ?? []).filter((d) => d.resourceId === p.resourceId);
      if (!groups.length && !roles.length) continue;
      const email = u.email.toLowerCase();
      const id = `dormant-access:${email}/${site}`;
      const directly = roles.length ? [`directly (${roles.map((d) => d.role).join(", ")})`] : [];
      const paths = [...groups.map((g) => `through "${g.name}" (${g.lane} lane)`), ...directly];
      const lanes = new Set<AccessLane>([...groups.map((g) => g.lane), ...(roles.length ? ["pulumi" as const] : [])]);
      const steps = [
        ...groups.map((g) => removal(email, g)),
        ...(roles.length ? [`revoke the role given directly in Atlassian admin (the user's product access)`] : []),
      ];
      const n = Math.floor(idle / DAY_MS);
      const when = p.lastActive
        ? `has not used ${site} since ${since!.slice(0, 10)} (${n} days`
        : `has never used ${site} since joining the org on ${since!.slice(0, 10)} (${n} days`;
      const cause = causeFrom(
        newest([
          ...groups.map((g) => view.index.latest(`member:${g.id}/${u.accountId}`, MEMBER_ADDED)),
          ...roles.map((d) => directGrantEvent(view.index, d)),
        ]),
        view.lanes,
      );
      out.push(
        makeFinding(
          "dormant-access",
          `${email}/${site}`,
          lanes.size === 1 ? [...lanes][0] : "none",
          `${email} ${when}; dormantAfterDays is ${days}) but still holds it ${paths.join(" and ")}.`,
          `Take the access away where it is granted: ${steps.join("; ")}. If ${email} still needs it, list "${id}" in acceptedFindings with a reason and an until.`,
          { ...cause, evidence: [...cause.evidence, `account:${u.accountId}`] },
        ),
      );
    }
  }
  return out;
}

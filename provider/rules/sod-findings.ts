// The split's `sod-conflict` findings: a person the org lets hold both sides of a declared conflict (rules/sod.ts),
// with the evidence of the later of the grants that made it so. Pure, over the snapshot (its users' groups, the usage
// part's group and direct roles) and the admin holdings the split reads when a conflict names an admin role.
import { causeFrom, MEMBER_ADDED, ROLE_GRANTED, userRoleGrant, type AuditEntry } from "./attribution";
import { laneOfGroup, type AccessLane } from "./access-review";
import { makeFinding, type Finding } from "./findings";
import type { SnapshotView } from "./snapshot";
import type { Split } from "./split";
import { ORG_ADMIN, type AdminHolding } from "./admins";
import { describeHeld, describeSide, meets, sodBreaches, type Holding, type SodConflict, type SodSide } from "./sod";

/** A holding with what the finding needs: the group it comes through (its lane decides who fixes it) and its event. */
type OrgHolding = Holding & { group?: string; event?: AuditEntry };

const newer = (x: AuditEntry | undefined, y: AuditEntry | undefined) =>
  !x ? y : !y ? x : x.time > y.time || (x.time === y.time && x.id > y.id) ? x : y;

/** Everything the org gives people that some conflict's side names (only those: an org of 20,000 asks per side). */
export function orgHoldings(view: SnapshotView, conflicts: readonly SodConflict[], admins: AdminHolding[] = []) {
  const sides: SodSide[] = conflicts.flatMap((c) => [c.a, c.b]);
  const wanted = (h: Holding["held"]) => sides.some((s) => meets(s, h));
  const sites = new Map(view.snap.workspaces.map((w) => [w.id, w]));
  const out: OrgHolding[] = [];
  const rolesOf = new Map<string, { resourceId: string; role: string }[]>();
  for (const r of view.snap.usage?.groupRoles ?? []) rolesOf.set(r.groupId, [...(rolesOf.get(r.groupId) ?? []), r]);
  for (const u of view.snap.users) {
    const email = u.email.toLowerCase();
    for (const gid of u.groups) {
      const g = view.groupsById.get(gid);
      if (!g) continue;
      const added = view.index.latest(`member:${gid}/${u.accountId}`, MEMBER_ADDED);
      const member = { kind: "group" as const, group: g.name };
      if (wanted(member)) out.push({ email, held: member, group: g.name, event: added });
      for (const r of rolesOf.get(gid) ?? []) {
        const ws = sites.get(r.resourceId);
        if (!ws) continue;
        const held = { kind: "role" as const, site: ws.host, product: ws.product, role: r.role, via: g.name };
        if (!wanted(held)) continue;
        // The later of the two acts that give it: the person joining the group, the group getting the role.
        const granted = view.index.latest(`role:${gid}/${r.resourceId}/${r.role}`, ROLE_GRANTED);
        out.push({ email, held, group: g.name, event: newer(added, granted) });
      }
    }
  }
  for (const d of view.snap.usage?.directGrants ?? []) {
    const ws = sites.get(d.resourceId);
    if (!ws) continue;
    const held = { kind: "role" as const, site: ws.host, product: ws.product, role: d.role };
    if (wanted(held))
      out.push({
        email: view.emailOf(d.accountId).toLowerCase(),
        held,
        event: userRoleGrant(view.index, d.accountId, d.resourceId, d.role),
      });
  }
  for (const a of admins) {
    const held = {
      kind: "admin" as const,
      role: a.role === ORG_ADMIN ? "org-admin" : "site-admin",
      site: a.site,
    } as const;
    if (wanted(held))
      out.push({ email: a.email, held, event: userRoleGrant(view.index, a.accountId, a.resourceId, a.role) });
  }
  return out;
}

/** Whether a conflict names an admin role (the split then reads who holds them). */
export const namesAdminRole = (conflicts: readonly SodConflict[]): boolean =>
  conflicts.some((c) => "admin" in c.a || "admin" in c.b);

/** How the owner of one holding takes it away. */
function removal(email: string, h: OrgHolding, lane: AccessLane): string {
  if (h.held.kind === "admin")
    return `revoke ${email}'s ${describeHeld(h.held)} role (or drop it from the Admins resource)`;
  if (!h.group) return `revoke the role given to ${email} directly in Atlassian admin`;
  switch (lane) {
    case "pulumi":
      return `remove ${email} from "${h.group}" in code (its members) and run \`pulumi up\``;
    case "scim":
      return `remove ${email} from "${h.group}" in the identity provider`;
    case "isc":
      return `revoke ${email}'s "${h.group}" entitlement in SailPoint ISC`;
    default:
      return `remove ${email} from "${h.group}" in Atlassian admin`;
  }
}

/** What orgFindings passes on: the split's conflicts, and who holds the admin roles when one names them. */
export interface SodOptions {
  conflicts?: readonly SodConflict[];
  admins?: AdminHolding[];
}

/** One finding per conflict × person holding both sides; the cause is the later grant of the two sides. */
export function sodFindings(
  view: SnapshotView,
  split: Pick<Split, "scim" | "isc" | "pulumi">,
  conflicts: readonly SodConflict[],
  admins: AdminHolding[] = [],
): Finding[] {
  if (!conflicts.length) return [];
  const laneOf = (h: OrgHolding): AccessLane => {
    if (!h.group) return "pulumi";
    const g = view.groupsByName.get(h.group.toLowerCase());
    return g ? laneOfGroup({ name: g.name, synced: g.synced }, { split }) : "none";
  };
  const breaches = sodBreaches(conflicts, orgHoldings(view, conflicts, admins));
  return breaches.map((b) => {
    const all = [...b.a, ...b.b] as OrgHolding[];
    const later = all.reduce<OrgHolding | undefined>(
      (best, h) => (!best || (h.event && newer(best.event, h.event) === h.event) ? h : best),
      undefined,
    )!;
    const cause = causeFrom(later.event, view.lanes);
    const lane = laneOf(later);
    const how = (hs: Holding[]) => hs.map((h) => describeHeld(h.held)).join(", ");
    const id = `sod-conflict:${b.conflict.name}/${b.email}`;
    return makeFinding(
      "sod-conflict",
      `${b.conflict.name}/${b.email}`,
      lane,
      `${b.email} holds both sides of conflict "${b.conflict.name}" (${b.conflict.reason}): ${describeSide(b.conflict.a)} (${how(b.a)}) and ${describeSide(b.conflict.b)} (${how(b.b)}); the later grant is ${describeHeld(later.held)}.`,
      `Take away one side: ${removal(b.email, later, lane)} (the later grant), or the other side where it is granted; if ${b.email} must hold both for a while, list "${id}" in acceptedFindings with a reason and an until.`,
      cause,
    );
  });
}

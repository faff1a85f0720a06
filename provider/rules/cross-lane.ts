// Cross-lane writes, reported on the OwnershipSplit: one lane's credential changing another lane's object. Pure.
import { causeFrom, laneOfActor, MEMBER_EVENTS, ROLE_EVENTS } from "./attribution";
import { makeFinding, type Finding } from "./findings";
import { lanesFor, type Lane } from "./ownership";
import { claimsOf, type Split } from "./split";
import type { SnapshotView } from "./snapshot";

/** The lane owning a group: its own synced marker first, then the split's claims. */
export function laneOfGroup(split: Pick<Split, Lane>, g: { name: string; synced?: boolean }): Lane | undefined {
  if (g.synced) return "scim";
  const lanes = lanesFor(claimsOf(split), g.name);
  return lanes.length === 1 ? lanes[0] : undefined;
}

/** A lane's credential changing an object of another lane (membership, app access, groups), still in effect. */
export function crossLaneWrites(view: SnapshotView, split: Split): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const e of view.snap.events) {
    const actor = view.actor(e);
    const actorLane = laneOfActor(actor);
    if (!actorLane) continue;
    let subject: string | undefined;
    let objectLane: Lane | undefined;
    let what = "";
    const group = e.groupId
      ? (view.groupsById.get(e.groupId) ?? { id: e.groupId, name: e.groupName ?? e.groupId, synced: false })
      : undefined;
    if (MEMBER_EVENTS.includes(e.action) && group && e.accountId) {
      if (view.index.latest(`member:${group.id}/${e.accountId}`, MEMBER_EVENTS)?.id !== e.id) continue;
      objectLane = laneOfGroup(split, group);
      const email = view.emailOf(e.accountId, e.email).toLowerCase();
      const add = e.action === "user_added_to_group";
      subject = `${group.name}/${add ? "+" : "-"}${email}`;
      what = `${add ? "added" : "removed"} ${email} ${add ? "to" : "from"} group "${group.name}"`;
    } else if (ROLE_EVENTS.includes(e.action) && group && e.resourceId) {
      if (view.index.latest(`role:${group.id}/${e.resourceId}/${e.role ?? ""}`, ROLE_EVENTS)?.id !== e.id) continue;
      objectLane = "pulumi"; // app access is set by code only (SCIM never sets it; ISC grants groups, not roles)
      const site = view.siteLabel(e.resourceId, e.host, e.product);
      subject = `${group.name}@${site}/${e.role ?? "?"}`;
      what = `${e.action === "group_role_assigned" ? "granted" : "revoked"} ${e.role} on ${site} for "${group.name}"`;
    } else if ((e.action === "group_created" || e.action === "group_deleted") && group) {
      objectLane = laneOfGroup(split, group);
      subject = `${group.name}/${e.action === "group_created" ? "created" : "deleted"}`;
      what = `${e.action === "group_created" ? "created" : "deleted"} group "${group.name}"`;
      if (e.action === "group_deleted" && view.groupsByName.has(group.name.toLowerCase())) continue; // it is back
      if (e.action === "group_created" && !view.groupsById.has(group.id)) continue; // gone again
    }
    if (!subject || !objectLane || objectLane === actorLane) continue;
    const f = makeFinding(
      "cross-lane-write",
      subject,
      objectLane,
      `${actor}'s credential ${what}, which is the ${objectLane} lane's.`,
      `Undo it through the ${objectLane} lane (${objectLane === "pulumi" ? "`pulumi up` for code-owned objects" : objectLane === "isc" ? "an ISC access request or revoke" : "the identity provider"}), and narrow ${actor}'s credential to its own lane.`,
      causeFrom(e, view.lanes),
    );
    if (!seen.has(f.id)) {
      seen.add(f.id);
      out.push(f);
    }
  }
  return out;
}

// Cross-lane writes, reported on the OwnershipSplit: one lane's credential changing another lane's object. Pure.
import {
  byActor,
  causeFrom,
  GROUP_CREATED,
  GROUP_DELETED,
  laneOfActor,
  MEMBER_ADDED,
  MEMBER_EVENTS,
  ROLE_EVENTS,
  ROLE_GRANTED,
} from "./attribution";
import { groupDeletions } from "./causes";
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
      const add = MEMBER_ADDED.includes(e.action);
      subject = `${group.name}/${add ? "+" : "-"}${email}`;
      what = `${add ? "added" : "removed"} ${email} ${add ? "to" : "from"} group "${group.name}"`;
    } else if (ROLE_EVENTS.includes(e.action) && group && e.resourceId) {
      if (view.index.latest(`role:${group.id}/${e.resourceId}/${e.role ?? ""}`, ROLE_EVENTS)?.id !== e.id) continue;
      objectLane = "pulumi"; // app access is set by code only (SCIM never sets it; ISC grants groups, not roles)
      const site = view.siteLabel(e.resourceId, e.host, e.product);
      subject = `${group.name}@${site}/${e.role ?? "?"}`;
      what = `${ROLE_GRANTED.includes(e.action) ? "granted" : "revoked"} ${e.role} on ${site} for "${group.name}"`;
    } else if ((GROUP_CREATED.includes(e.action) || GROUP_DELETED.includes(e.action)) && group) {
      const created = GROUP_CREATED.includes(e.action);
      objectLane = laneOfGroup(split, group);
      subject = `${group.name}/${created ? "created" : "deleted"}`;
      what = `${created ? "created" : "deleted"} group "${group.name}"`;
      if (!created && view.groupsByName.has(group.name.toLowerCase())) continue; // it is back
      if (created && !view.groupsById.has(group.id)) continue; // gone again
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

/**
 * A lane's group deleted by an actor outside every lane (a person, an API key actorLanes does not map, Atlassian, an
 * actor the log does not identify), and not back: a `group-deleted` naming who did it, also when the group held no app
 * access (then causes.ts's `group-deleted` has no lost grant to report). A deletion by another lane's credential is a
 * cross-lane write; one that took grants with it is causes.ts's finding already.
 */
export function groupsDeletedOutsideLanes(view: SnapshotView, split: Split): Finding[] {
  const reported = new Set(groupDeletions(view).map((f) => f.subject.toLowerCase()));
  const out = new Map<string, Finding>();
  for (const e of GROUP_DELETED.flatMap((a) => view.index.all(`action:${a}`))) {
    const name = e.groupName ?? e.groupId;
    if (!name || !e.groupId || view.groupsById.has(e.groupId) || view.groupsByName.has(name.toLowerCase())) continue;
    if (reported.has(name.toLowerCase()) || out.has(name.toLowerCase())) continue; // newest first: the latest wins
    const lane = laneOfGroup(split, { name });
    const actor = view.actor(e);
    if (!lane || laneOfActor(actor)) continue;
    const cause = causeFrom(e, view.lanes);
    const fix =
      lane === "pulumi"
        ? `\`pulumi up --refresh\` re-creates it with the members and access code declares; ask ${byActor(actor)} why, and narrow who may delete code's groups.`
        : lane === "isc"
          ? `Re-create it through ISC (its entitlements re-add the members); ask ${byActor(actor)} why.`
          : `Push "${name}" again from the identity provider; ask ${byActor(actor)} why.`;
    out.set(
      name.toLowerCase(),
      makeFinding(
        "group-deleted",
        name,
        lane,
        `Group "${name}", the ${lane} lane's, was deleted by ${byActor(actor)}; it held no app access the audit window shows.`,
        fix,
        cause,
      ),
    );
  }
  return [...out.values()];
}

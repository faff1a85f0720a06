// App-access drift: why a declared grant is gone (reported on the AppAccess), grants changed by hand and grants lost
// with a deleted group (reported on the OwnershipSplit). Pure, over the org snapshot.
import { byActor, causeFrom, laneOfActor, ROLE_EVENTS, type AuditEntry } from "./attribution";
import { makeFinding, type Finding } from "./findings";
import type { SnapshotView } from "./snapshot";

/** Why a declared app access is gone: the revoke event, or its synced group deleted in the IdP. */
export function appAccessGoneCause(
  view: SnapshotView,
  a: { groupId: string; groupName: string; resourceId: string; role: string },
): Finding {
  const site = view.siteLabel(a.resourceId);
  const subject = `${a.groupName}@${site}/${a.role}`;
  const deleted = view.index.latest(`group:${a.groupId}`, ["group_deleted"]);
  if (deleted) {
    const cause = causeFrom(deleted, view.lanes);
    return makeFinding(
      "app-access-lost-with-group",
      subject,
      "pulumi",
      `Group "${a.groupName}" was deleted by ${byActor(cause.actor)}, and with it the ${a.role} access it granted on ${site}.`,
      cause.actor === "scim"
        ? `Re-creating a synced group does not restore access: once the IdP pushes "${a.groupName}" again, \`pulumi up\` re-grants it.`
        : `\`pulumi up\` re-creates the group (if code owns it) and re-grants the access.`,
      cause,
    );
  }
  const revoked = view.index.latest(`role:${a.groupId}/${a.resourceId}/${a.role}`, ["group_role_revoked"]);
  const cause = causeFrom(revoked, view.lanes);
  return makeFinding(
    "app-access-revoked-outside-code",
    subject,
    "pulumi",
    `The ${a.role} access of "${a.groupName}" on ${site} was revoked by ${byActor(cause.actor)}; code declares it.`,
    `\`pulumi up\` grants it again; to drop it, remove the AppAccess from code.`,
    cause,
  );
}

export interface OrgRuleOptions {
  /** Role assignments code declares (`groupId/resourceId/role`), when the caller knows them. */
  declaredAccess?: Set<string>;
}

/** Role assignments whose newest change came from outside code, and which still stand. */
export function appAccessOutsideCode(view: SnapshotView, opts: OrgRuleOptions): Finding[] {
  const out: Finding[] = [];
  const done = new Set<string>();
  for (const action of ROLE_EVENTS) {
    for (const e of view.index.all(`action:${action}`)) {
      if (!e.groupId || !e.resourceId || !e.role) continue;
      const key = `${e.groupId}/${e.resourceId}/${e.role}`;
      if (done.has(key)) continue;
      done.add(key);
      const latest = view.index.latest(`role:${key}`, ROLE_EVENTS);
      if (!latest) continue;
      const actor = view.actor(latest);
      // Code's own change is no drift; another lane's credential is reported as a cross-lane write.
      if (actor === "pulumi" || laneOfActor(actor)) continue;
      const granted = latest.action === "group_role_assigned";
      const live = view.hasRole(e.groupId, e.resourceId, e.role);
      if (live !== undefined && live !== granted) continue; // already undone
      if (granted && opts.declaredAccess?.has(key)) continue;
      if (!granted && !view.groupsById.has(e.groupId)) continue; // the group is gone: app-access-lost-with-group says why
      const groupName = view.groupsById.get(e.groupId)?.name ?? e.groupName ?? e.groupId;
      const site = view.siteLabel(e.resourceId, e.host, e.product);
      const cause = causeFrom(latest, view.lanes);
      out.push(
        makeFinding(
          granted ? "app-access-granted-outside-code" : "app-access-revoked-outside-code",
          `${groupName}@${site}/${e.role}`,
          "pulumi",
          `${byActor(actor)} ${granted ? "granted" : "revoked"} ${e.role} on ${site} ${granted ? "to" : "from"} "${groupName}" outside code; app access is code's lane.`,
          granted
            ? `Declare it as an access.AppAccess (then \`pulumi up\` owns it) or revoke it in Atlassian admin.`
            : `If code declares it, \`pulumi up\` grants it again; otherwise re-grant it in code as an access.AppAccess.`,
          cause,
        ),
      );
    }
  }
  return out;
}

/** App access a deleted group granted (its newest role event was a grant), while no group of that name has it back. */
export function accessLostWithGroups(view: SnapshotView): Finding[] {
  const out: Finding[] = [];
  for (const del of view.index.all("action:group_deleted")) {
    if (!del.groupId || view.groupsById.has(del.groupId)) continue;
    const name = del.groupName ?? del.groupId;
    const back = view.groupsByName.get(name.toLowerCase());
    const granted = new Map<string, AuditEntry>();
    for (const e of view.index.all(`group:${del.groupId}`)) {
      if (!ROLE_EVENTS.includes(e.action) || !e.resourceId || !e.role) continue;
      const key = `${e.resourceId}/${e.role}`;
      if (!granted.has(key)) granted.set(key, e); // newest first: the first seen is the latest
    }
    for (const e of granted.values()) {
      if (e.action !== "group_role_assigned") continue;
      if (back && view.hasRole(back.id, e.resourceId!, e.role!)) continue; // re-granted to the group pushed again
      const site = view.siteLabel(e.resourceId!, e.host, e.product);
      const cause = causeFrom(del, view.lanes);
      // Who made the grant decides who can restore it: code re-grants its own; a grant made by hand is not in code.
      const grantor = view.actor(e);
      const byCode = grantor === "pulumi";
      const fix = !byCode
        ? `This access was granted outside code (by ${byActor(grantor)}), so \`pulumi up\` will not restore it: declare it as an access.AppAccess, re-grant it by hand, or accept this finding if the loss is intended.`
        : cause.actor === "scim"
          ? `Re-creating a synced group does not restore access: ${back ? "run `pulumi up` to re-grant what code declares" : `once the IdP pushes "${name}" again, \`pulumi up\` re-grants what code declares`}.`
          : `\`pulumi up\` re-creates what code owns and re-grants the access it declares.`;
      out.push(
        makeFinding(
          "app-access-lost-with-group",
          `${name}@${site}/${e.role}`,
          "pulumi",
          `Group "${name}" was deleted by ${byActor(cause.actor)}, and with it the ${e.role} access it granted on ${site}${back ? "; the group is back but the access is not" : ""}.`,
          fix,
          { ...cause, evidence: [...cause.evidence, `event:${e.id}`] },
        ),
      );
    }
  }
  return out;
}

// App-access drift: why a declared grant is gone (reported on the AppAccess), and grants changed by hand (reported on
// the OwnershipSplit); grants lost with a deleted group are causes.ts's. Pure, over the org snapshot.
import { byActor, causeFrom, GROUP_DELETED, laneOfActor, ROLE_EVENTS, ROLE_GRANTED, ROLE_REVOKED } from "./attribution";
import { groupDeletions } from "./causes";
import { findingId, makeFinding, type Finding } from "./findings";
import type { SnapshotView } from "./snapshot";

/**
 * Why a declared app access is gone: its group's deletion (the whole `group-deleted` cause, as the OwnershipSplit
 * reports it, when the audit window shows the grant went with it), or the revoke event. The same finding as the
 * split's, so the preview prints it once, whichever resource sees it first.
 */
export function appAccessGoneCause(
  view: SnapshotView,
  a: { groupId: string; groupName: string; resourceId: string; role: string },
): Finding {
  const site = view.siteLabel(a.resourceId);
  const subject = `${a.groupName}@${site}/${a.role}`;
  const deleted = view.index.latest(`group:${a.groupId}`, GROUP_DELETED);
  if (deleted) {
    const lostId = findingId("app-access-lost-with-group", subject);
    const whole = groupDeletions(view).find((c) => c.consequences?.some((f) => f.id === lostId));
    if (whole) return whole;
    // The grant is older than the audit window: this loss is all that can be told.
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
  const revoked = view.index.latest(`role:${a.groupId}/${a.resourceId}/${a.role}`, ROLE_REVOKED);
  return revokedOutsideCode(a.groupName, site, a.role, causeFrom(revoked, view.lanes));
}

/** A grant revoked outside code: one wording for the AppAccess that lost it and the split, so it prints once. */
function revokedOutsideCode(
  groupName: string,
  site: string,
  role: string,
  cause: ReturnType<typeof causeFrom>,
): Finding {
  return makeFinding(
    "app-access-revoked-outside-code",
    `${groupName}@${site}/${role}`,
    "pulumi",
    `${byActor(cause.actor)} revoked ${role} on ${site} from "${groupName}" outside code; app access is code's lane.`,
    `If code declares it as an access.AppAccess, \`pulumi up\` grants it again (removing that AppAccess drops it); otherwise declare it, or accept the loss.`,
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
      const granted = ROLE_GRANTED.includes(latest.action);
      const live = view.hasRole(e.groupId, e.resourceId, e.role);
      if (live !== undefined && live !== granted) continue; // already undone
      if (granted && opts.declaredAccess?.has(key)) continue;
      if (!granted && !view.groupsById.has(e.groupId)) continue; // the group is gone: group-deleted says why
      const groupName = view.groupsById.get(e.groupId)?.name ?? e.groupName ?? e.groupId;
      const site = view.siteLabel(e.resourceId, e.host, e.product);
      const cause = causeFrom(latest, view.lanes);
      if (!granted) {
        out.push(revokedOutsideCode(groupName, site, e.role, cause));
        continue;
      }
      out.push(
        makeFinding(
          "app-access-granted-outside-code",
          `${groupName}@${site}/${e.role}`,
          "pulumi",
          `${byActor(actor)} granted ${e.role} on ${site} to "${groupName}" outside code; app access is code's lane.`,
          `Declare it as an access.AppAccess (then \`pulumi up\` owns it) or revoke it in Atlassian admin.`,
          cause,
        ),
      );
    }
  }
  return out;
}

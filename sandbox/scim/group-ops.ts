// SCIM group records and their org groups: create/link, membership sync, delete, and name-conflict resolution.
import type { Actor, Group, ScimGroup, ScimUser, Store } from "../store";
import { problem } from "../problems";
import { ORG_ERRORS } from "../org/errors";
import { SCIM_ERRORS } from "./errors";
import { addMember, createGroup, deleteGroup, findGroupByName, groupContext, removeMember } from "../org/ops";
import type { ScimGroupInput } from "./wire";
import { emittedAction } from "../org/audit-shapes";

export function findScimGroup(store: Store, id: string): ScimGroup | undefined {
  return store.world.scim.groups.find((g) => g.id === id);
}

export function getScimGroup(store: Store, id: string): ScimGroup {
  const g = findScimGroup(store, id);
  if (!g) throw problem(SCIM_ERRORS.notFound, `Group ${id} was not found in this directory.`);
  return g;
}

export function findScimGroupByName(store: Store, displayName: string): ScimGroup | undefined {
  const lower = displayName.toLowerCase();
  return store.world.scim.groups.find((g) => g.displayName.toLowerCase() === lower);
}

const findOrgGroup = (store: Store, id: string | undefined): Group | undefined =>
  id === undefined ? undefined : store.world.org.groups.find((g) => g.id === id);

function findScimUser(store: Store, id: string): ScimUser | undefined {
  return store.world.scim.users.find((u) => u.id === id);
}

/** Members must be users of this directory; `status` follows the spec: 400 on POST/PUT, 404 on PATCH. */
function assertMembersExist(store: Store, members: string[], status: 400 | 404): void {
  const missing = members.filter((id) => !findScimUser(store, id));
  if (missing.length) {
    const template = status === 400 ? SCIM_ERRORS.invalidValue : SCIM_ERRORS.memberNotFound;
    throw problem(template, `Members ${missing.join(", ")} are not users of this directory.`);
  }
}

/** Accounts of the given SCIM users; an unlinked SCIM user has none, so its memberships do not sync (domain.md behaviour 4). */
function linkedAccounts(store: Store, scimUserIds: string[]): string[] {
  return scimUserIds.map((id) => findScimUser(store, id)?.accountId).filter((a): a is string => a !== undefined);
}

/** Applies a SCIM membership diff to the linked org group as the SCIM actor. */
function syncOrgMembers(store: Store, actor: Actor, sg: ScimGroup, added: string[], removed: string[]): void {
  const g = findOrgGroup(store, sg.groupId);
  if (!g) return;
  for (const accountId of linkedAccounts(store, removed)) {
    if (g.members.includes(accountId)) removeMember(store, actor, g.id, accountId);
  }
  for (const accountId of linkedAccounts(store, added)) {
    if (!g.members.includes(accountId)) addMember(store, actor, g.id, accountId);
  }
}

export function createScimGroup(store: Store, actor: Actor, input: ScimGroupInput): ScimGroup {
  if (findScimGroupByName(store, input.displayName)) {
    throw problem(SCIM_ERRORS.uniqueness, "Resource [GROUP]: with displayName already exists.");
  }
  const members = [...new Set(input.members)];
  assertMembersExist(store, members, 400);
  const now = store.nowIso();
  const sg: ScimGroup = {
    id: store.newUuid(),
    displayName: input.displayName,
    members,
    created: now,
    lastModified: now,
  };
  if (input.externalId !== undefined) sg.externalId = input.externalId;
  const local = findGroupByName(store, input.displayName);
  const claimed = local && store.world.scim.groups.some((x) => x.groupId === local.id);
  if (!local) {
    sg.groupId = createGroup(store, actor, { name: input.displayName, synced: true }).id;
  } else if (local.builtIn) {
    // Spec narrative: a group named like a default or built-in group is accepted but never syncs to the org.
  } else if (local.externalSynced && !claimed) {
    sg.groupId = local.id;
  } else {
    sg.conflictWithGroupId = local.id;
    store.recordEvent(
      emittedAction("groupSyncConflict", actor),
      actor,
      [groupContext(local)],
      `Identity provider pushed group ${local.name}, which already exists in the organization; an admin must accept or reject the sync`,
    );
  }
  store.world.scim.groups.push(sg);
  syncOrgMembers(store, actor, sg, sg.members, []);
  return sg;
}

/** PUT and PATCH both end here: membership diff applied to the org group; renames refused (domain.md behaviour 6). */
export function updateScimGroup(
  store: Store,
  actor: Actor,
  sg: ScimGroup,
  input: ScimGroupInput,
  memberStatus: 400 | 404,
): ScimGroup {
  if (input.displayName !== sg.displayName) {
    throw problem(
      SCIM_ERRORS.mutability,
      `Group names cannot be changed: displayName "${sg.displayName}" is immutable. Create a new group, move members and access, then delete the old one.`,
    );
  }
  const members = [...new Set(input.members)];
  assertMembersExist(store, members, memberStatus);
  const added = members.filter((m) => !sg.members.includes(m));
  const removed = sg.members.filter((m) => !members.includes(m));
  sg.members = members;
  if (input.externalId === undefined) delete sg.externalId;
  else sg.externalId = input.externalId;
  sg.lastModified = store.nowIso();
  syncOrgMembers(store, actor, sg, added, removed);
  return sg;
}

/** Deletes the org group too, which drops the app access it granted (domain.md behaviour 7). */
export function deleteScimGroup(store: Store, actor: Actor, sg: ScimGroup): void {
  if (findOrgGroup(store, sg.groupId)) deleteGroup(store, actor, sg.groupId!);
  store.world.scim.groups = store.world.scim.groups.filter((g) => g.id !== sg.id);
}

/** After a SCIM user gets linked, the memberships pushed for it while unlinked reach the org groups. */
export function applyPendingMemberships(store: Store, actor: Actor, su: ScimUser): void {
  for (const sg of store.world.scim.groups) {
    if (sg.members.includes(su.id)) syncOrgMembers(store, actor, sg, [su.id], []);
  }
}

/**
 * An admin's answer to a name conflict (domain.md behaviour 8). Accept: the local group becomes the synced group and
 * its members are replaced by the SCIM members' accounts. Reject: the local group stays local and the SCIM group
 * stays unsynced (its conflict is cleared, so it is no longer reported).
 */
export function resolveGroupConflict(
  store: Store,
  scimGroupId: string,
  decision: "accept" | "reject",
  admin: Actor,
): ScimGroup {
  const sg = findScimGroup(store, scimGroupId);
  if (!sg) {
    throw problem(
      ORG_ERRORS.groupNotFound,
      `SCIM group ${scimGroupId} was not found in directory ${store.world.scim.directoryId}.`,
    );
  }
  if (decision !== "accept" && decision !== "reject") {
    throw problem(ORG_ERRORS.invalidInput, `decision must be "accept" or "reject", not "${String(decision)}".`);
  }
  if (!sg.conflictWithGroupId) {
    throw problem(
      ORG_ERRORS.noPendingConflict,
      `SCIM group ${sg.displayName} has no pending name conflict to resolve.`,
    );
  }
  let local = findOrgGroup(store, sg.conflictWithGroupId);
  delete sg.conflictWithGroupId;
  sg.lastModified = store.nowIso();
  if (decision === "reject") {
    const context = local ? [groupContext(local)] : [];
    store.recordEvent(
      emittedAction("groupSyncConflictRejected", admin),
      admin,
      context,
      `Rejected the identity provider's sync of group ${sg.displayName}`,
    );
    return sg;
  }
  if (!local) local = createGroup(store, admin, { name: sg.displayName, synced: true });
  const wanted = new Set(linkedAccounts(store, sg.members));
  // Membership moves while the group is still local, so each change is an ordinary event by the accepting admin.
  local.externalSynced = false;
  for (const accountId of [...local.members])
    if (!wanted.has(accountId)) removeMember(store, admin, local.id, accountId);
  for (const accountId of wanted) if (!local.members.includes(accountId)) addMember(store, admin, local.id, accountId);
  local.externalSynced = true;
  local.managedBy = "external";
  sg.groupId = local.id;
  store.recordEvent(
    emittedAction("groupSyncConflictAccepted", admin),
    admin,
    [groupContext(local)],
    `Accepted the identity provider's sync of group ${local.name}`,
  );
  return sg;
}

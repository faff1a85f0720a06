// Mutations of the Atlassian org shared by every API and actor, each recording the audit event that names its actor.
import type { Actor, Group, Store, User } from "../store";
import { problem } from "../problems";
import { ORG_ERRORS } from "./errors";
import { emittedAction, groupContext, roleAction, siteObject, userContext } from "./audit-shapes";
import { findById } from "./lookup";

export { groupContext, userContext } from "./audit-shapes";

export function findGroupByName(store: Store, name: string): Group | undefined {
  const lower = name.toLowerCase();
  return store.world.org.groups.find((g) => g.name.toLowerCase() === lower);
}

export function getGroup(store: Store, groupId: string): Group {
  const g = findById(store.world.org.groups, groupId, (x) => x.id);
  if (!g) throw problem(ORG_ERRORS.groupNotFound, `Group ${groupId} was not found.`);
  return g;
}

export function findUserByEmail(store: Store, email: string): User | undefined {
  const lower = email.toLowerCase();
  return store.world.org.users.find((u) => u.email.toLowerCase() === lower);
}

export function getUser(store: Store, accountId: string): User {
  const u = findById(store.world.org.users, accountId, (x) => x.accountId);
  if (!u) throw problem(ORG_ERRORS.userNotFound, `User ${accountId} was not found.`);
  return u;
}

export function createGroup(
  store: Store,
  actor: Actor,
  input: { name: string; description?: string | null; synced?: boolean },
): Group {
  if (findGroupByName(store, input.name)) {
    throw problem(ORG_ERRORS.groupNameTaken, "A group with this name already exists.");
  }
  const g: Group = {
    id: store.newUuid(),
    name: input.name,
    description: input.description ?? null,
    externalSynced: Boolean(input.synced),
    managedBy: input.synced ? "external" : "admins",
    members: [],
    createdAt: store.nowIso(),
  };
  store.world.org.groups.push(g);
  store.recordEvent(emittedAction("groupCreated", actor), actor, [groupContext(g)], `Created group ${g.name}`);
  return g;
}

/**
 * Refuses writes to IdP-synced groups unless the actor is the SCIM directory itself (domain.md behaviour 5). Either
 * marker makes a group read-only, as the API lists them (a group may carry managedBy "external" alone).
 */
function assertModifiable(g: Group, actor: Actor, what: string): void {
  if ((g.externalSynced || g.managedBy === "external") && actor.kind !== "scim") {
    throw problem(
      ORG_ERRORS.groupSynced,
      `Group ${g.name} is synced from an identity provider; ${what} must be done in the identity provider.`,
    );
  }
}

export function deleteGroup(store: Store, actor: Actor, groupId: string): void {
  const g = getGroup(store, groupId);
  assertModifiable(g, actor, "deleting it");
  if (g.builtIn) {
    throw problem(ORG_ERRORS.defaultGroup, `Group ${g.name} is a default access group and cannot be deleted.`);
  }
  // Deleting a group drops the app access it granted (domain.md behaviour 7); re-creating the name does not restore it.
  store.world.org.roles = store.world.org.roles.filter((r) => r.groupId !== g.id);
  store.world.org.groups = store.world.org.groups.filter((x) => x.id !== g.id);
  store.recordEvent(emittedAction("groupDeleted", actor), actor, [groupContext(g)], `Deleted group ${g.name}`);
}

export function addMember(store: Store, actor: Actor, groupId: string, accountId: string): void {
  const g = getGroup(store, groupId);
  assertModifiable(g, actor, "changing its members");
  const u = getUser(store, accountId);
  if (g.members.includes(u.accountId)) {
    throw problem(ORG_ERRORS.alreadyAMember, `User ${u.accountId} is already a member of group ${g.name}.`);
  }
  g.members.push(u.accountId);
  store.recordEvent(
    emittedAction("memberAdded", actor),
    actor,
    [groupContext(g), userContext(u)],
    `Added ${u.email} to ${g.name}`,
  );
}

export function removeMember(store: Store, actor: Actor, groupId: string, accountId: string): void {
  const g = getGroup(store, groupId);
  assertModifiable(g, actor, "changing its members");
  const u = getUser(store, accountId);
  if (!g.members.includes(u.accountId)) {
    throw problem(ORG_ERRORS.notAMember, `User ${u.accountId} is not a member of group ${g.name}.`);
  }
  g.members = g.members.filter((m) => m !== u.accountId);
  store.recordEvent(
    emittedAction("memberRemoved", actor),
    actor,
    [groupContext(g), userContext(u)],
    `Removed ${u.email} from ${g.name}`,
  );
}

/** Role assignments as reads see them now (eventual consistency applied). */
export function visibleRoles(store: Store, groupId?: string) {
  const now = store.nowMs();
  return store.world.org.roles.filter(
    (r) =>
      (groupId === undefined || r.groupId === groupId) &&
      r.visibleFrom <= now &&
      (r.hiddenFrom === undefined || r.hiddenFrom > now),
  );
}

export function assignRole(store: Store, actor: Actor, groupId: string, roleId: string, resourceId: string): void {
  const g = getGroup(store, groupId);
  const ws = store.world.org.workspaces.find((w) => w.id === resourceId);
  if (!ws) throw problem(ORG_ERRORS.resourceNotFound, `Resource ${resourceId} was not found in this organization.`);
  if (!ROLES_BY_PRODUCT[ws.product].includes(roleId)) {
    throw problem(
      ORG_ERRORS.invalidRoleForResource,
      `Invalid Role for Resource: ${roleId} cannot be assigned on ${ws.product}.`,
    );
  }
  const now = store.nowMs();
  const live = store.world.org.roles.find(
    (r) =>
      r.groupId === g.id &&
      r.resourceId === resourceId &&
      r.roleId === roleId &&
      (r.hiddenFrom === undefined || r.hiddenFrom > now),
  );
  if (live) {
    // The assign endpoint is an upsert; a revoked-but-still-visible assignment is revived.
    live.hiddenFrom = undefined;
    return;
  }
  store.world.org.roles.push({
    groupId: g.id,
    resourceId,
    roleId,
    visibleFrom: now + store.world.settings.roleConsistencyMs,
  });
  store.recordEvent(
    roleAction("group", true, roleId),
    actor,
    [groupContext(g)],
    `Granted ${roleId} on ${ws.host} (${ws.product}) to ${g.name}`,
    [siteObject(ws, { product: ws.product, role: roleId })],
  );
}

export function revokeRole(store: Store, actor: Actor, groupId: string, roleId: string, resourceId: string): void {
  const g = getGroup(store, groupId);
  const ws = store.world.org.workspaces.find((w) => w.id === resourceId);
  if (!ws) throw problem(ORG_ERRORS.resourceNotFound, `Resource ${resourceId} was not found in this organization.`);
  const now = store.nowMs();
  const live = store.world.org.roles.find(
    (r) =>
      r.groupId === g.id &&
      r.resourceId === resourceId &&
      r.roleId === roleId &&
      (r.hiddenFrom === undefined || r.hiddenFrom > now),
  );
  if (!live) return; // revoke of an absent role: 204 like the real service's idempotent revoke (sandbox choice)
  live.hiddenFrom = now + store.world.settings.roleConsistencyMs;
  store.recordEvent(
    roleAction("group", false, roleId),
    actor,
    [groupContext(g)],
    `Revoked ${roleId} on ${ws.host} (${ws.product}) from ${g.name}`,
    [siteObject(ws, { product: ws.product, role: roleId })],
  );
}

/** Which roles each product accepts (sandbox choice; Atlassian publishes no table, see atlassian-api.md §4.1). */
export const ROLES_BY_PRODUCT: Record<string, string[]> = {
  "jira-software": ["atlassian/user", "atlassian/admin", "atlassian/user-access-admin", "atlassian/basic"],
  confluence: [
    "atlassian/user",
    "atlassian/admin",
    "atlassian/guest",
    "atlassian/user-access-admin",
    "atlassian/basic",
  ],
  "jira-servicedesk": [
    "atlassian/user",
    "atlassian/admin",
    "atlassian/customer",
    "atlassian/user-access-admin",
    "atlassian/basic",
  ],
};

/** Creates an Atlassian account (hand invite, ISC connector, or SCIM provisioning). */
export function createUser(
  store: Store,
  actor: Actor,
  input: {
    email: string;
    name: string;
    managementSource: User["managementSource"];
    department?: string;
    jobTitle?: string;
  },
): User {
  if (findUserByEmail(store, input.email)) {
    throw problem(ORG_ERRORS.accountExists, `An account with email ${input.email} already exists.`);
  }
  const domain = input.email.split("@")[1]?.toLowerCase();
  const u: User = {
    accountId: store.newAccountId(),
    email: input.email,
    name: input.name,
    nickname: input.name.split(" ")[0] ?? input.name,
    accountStatus: "active",
    membershipStatus: "active",
    claimStatus: domain === VERIFIED_DOMAIN ? "managed" : "unmanaged",
    managementSource: input.managementSource,
    emailVerified: input.managementSource === "synced",
    addedToOrg: store.nowIso(),
    department: input.department,
    jobTitle: input.jobTitle,
    createdBy: actor.id,
  };
  store.world.org.users.push(u);
  store.recordEvent(
    emittedAction(input.managementSource === "synced" ? "accountProvisioned" : "accountInvited", actor),
    actor,
    [userContext(u)],
    `${input.managementSource === "synced" ? "Provisioned" : "Invited"} ${u.email}`,
  );
  return u;
}

/** The acme org's verified domain: accounts on it are managed (claimStatus "managed"). */
export const VERIFIED_DOMAIN = "acme.example";

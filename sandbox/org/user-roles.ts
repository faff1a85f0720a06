// Roles an account holds itself (product access granted to a person, site and org admin) and when it last used a
// product: the mutations, each recording the audit event that names its actor, like org/ops.ts.
//
// Sandbox choices: assigning a role the account already holds is a no-op (204, no event); revoking one it does not
// hold is a 204 too (like the group role endpoints); product roles follow ROLES_BY_PRODUCT; site admin needs the
// platform site ARI and org admin ignores any resource (the spec: "Any resource passed for org-admin shall be
// ignored"); an inactive account cannot be given a role (ADMIN-UAM-400-2).
import type { Actor, Store, User } from "../store";
import { problem } from "../problems";
import { ORG_ERRORS } from "./errors";
import { ROLES_BY_PRODUCT } from "./ops";
import { orgObject, roleAction, siteObject, userContext } from "./audit-shapes";
import { orgAri, resourceOf, userRoleTable } from "./access-index";

/** The resource a role is held on, checked: the org ARI for org admin, a platform site for site admin, else a product. */
export function roleResource(store: Store, roleId: string, resource: string | undefined): string {
  if (roleId === "atlassian/org-admin") return orgAri(store.world.org.id);
  if (!resource) throw problem(ORG_ERRORS.roleRequestInvalid, `resource is required for ${roleId}.`);
  const r = resourceOf(store, resource);
  if (!r) throw problem(ORG_ERRORS.roleTargetNotFound, `Resource ${resource} was not found in this organization.`);
  const valid =
    roleId === "atlassian/site-admin"
      ? r.kind === "site"
      : r.kind === "product" && ROLES_BY_PRODUCT[r.ws.product].includes(roleId);
  if (!valid) {
    const where = r.kind === "product" ? r.ws.product : r.kind === "site" ? "a site" : "the organization";
    throw problem(
      ORG_ERRORS.invalidRoleForResource,
      `Invalid Role for Resource: ${roleId} cannot be assigned on ${where}.`,
    );
  }
  return resource;
}

/** Where a person's role is held, as the event's container: the org, or the site (with the product, when one). */
function roleContainer(store: Store, resourceId: string, roleId: string) {
  const r = resourceOf(store, resourceId);
  if (r?.kind === "org") return orgObject(store);
  const ws =
    r?.kind === "product"
      ? r.ws
      : store.world.org.workspaces.find((w) => r?.kind === "site" && w.cloudId === r.cloudId);
  const product = r?.kind === "product" ? r.ws.product : "platform";
  return siteObject(ws ?? { cloudId: resourceId, host: resourceId, siteName: resourceId }, { product, role: roleId });
}

const where = (c: ReturnType<typeof roleContainer>) =>
  c.type === "orgs"
    ? "the organization"
    : `${String(c.attributes.name).replace("https://", "")} (${String((c.attributes as Record<string, unknown>).product)})`;

function targetUser(store: Store, accountId: string): User {
  const u = store.world.org.users.find((x) => x.accountId === accountId);
  if (!u) throw problem(ORG_ERRORS.roleTargetNotFound, `User ${accountId} was not found in this organization.`);
  return u;
}

const live = (store: Store, accountId: string, resourceId: string, roleId: string) => {
  const now = store.nowMs();
  return userRoleTable(store).find(
    (r) =>
      r.accountId === accountId &&
      r.resourceId === resourceId &&
      r.roleId === roleId &&
      (r.hiddenFrom === undefined || r.hiddenFrom > now),
  );
};

/** Gives `accountId` the role on `resource` directly; `resource` as roleResource checks it. */
export function assignUserRole(store: Store, actor: Actor, accountId: string, roleId: string, resource?: string): void {
  const u = targetUser(store, accountId);
  const resourceId = roleResource(store, roleId, resource);
  if (u.accountStatus !== "active") {
    throw problem(ORG_ERRORS.inactiveUser, `User ${u.accountId} is not active; reactivate the account first.`);
  }
  const held = live(store, u.accountId, resourceId, roleId);
  if (held) {
    held.hiddenFrom = undefined; // a revoked-but-still-visible assignment is revived
    return;
  }
  userRoleTable(store).push({
    accountId: u.accountId,
    resourceId,
    roleId,
    visibleFrom: store.nowMs() + store.world.settings.roleConsistencyMs,
  });
  const ctx = roleContainer(store, resourceId, roleId);
  store.recordEvent(
    roleAction("user", true, roleId),
    actor,
    [userContext(u)],
    `Granted ${roleId} on ${where(ctx)} to ${u.email}`,
    [ctx],
  );
}

export function revokeUserRole(store: Store, actor: Actor, accountId: string, roleId: string, resource?: string): void {
  const u = targetUser(store, accountId);
  const resourceId = roleResource(store, roleId, resource);
  const held = live(store, u.accountId, resourceId, roleId);
  if (!held) return;
  held.hiddenFrom = store.nowMs() + store.world.settings.roleConsistencyMs;
  const ctx = roleContainer(store, resourceId, roleId);
  store.recordEvent(
    roleAction("user", false, roleId),
    actor,
    [userContext(u)],
    `Revoked ${roleId} on ${where(ctx)} from ${u.email}`,
    [ctx],
  );
}

/** The account used the product instance at `at` (default: now on the sandbox clock); last active only moves forward. */
export function recordActivity(store: Store, accountId: string, resourceId: string, at = store.nowIso()): string {
  const r = resourceOf(store, resourceId);
  if (r?.kind !== "product") throw new Error(`activity: ${resourceId} is not a product instance of this org`);
  const table = (store.world.org.activity ??= []);
  const row = table.find((a) => a.accountId === accountId && a.resourceId === resourceId);
  if (!row) table.push({ accountId, resourceId, lastActive: at });
  else if (Date.parse(at) > Date.parse(row.lastActive)) row.lastActive = at;
  return (row ?? table[table.length - 1]).lastActive;
}

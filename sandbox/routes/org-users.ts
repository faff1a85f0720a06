// Org users: v2 users search and details, a user's role assignments, and the v1 user role endpoints (product access
// granted to a person, site admin, org admin). Mounted inside orgRoutes, after its key, org and directory checks.
//
// Sandbox choices: users search sorts by account id; `expand` adds groups, platformRoles, productAccess and
// counts.resources as sandbox/org/access-index.ts computes them (who holds what through any path); the role
// assignments of a user list one row per resource, `directoryId` null for platform resources (site, org), and
// `userDirectoryStatus` the account's membership status. v1 role changes answer 204.
import express, { type Router } from "express";
import type { SandboxHandle } from "../server";
import type { Group, Store, User } from "../store";
import { problem } from "../problems";
import { ORG_ERRORS } from "../org/errors";
import { getUser } from "../org/ops";
import { AccessIndex, resourceOf, resourceOwner, type HeldRole } from "../org/access-index";
import { assignUserRole, revokeUserRole } from "../org/user-roles";
import { decodeCursor, pageOf, parseLimit, searchQuery, strArray } from "./org-paging";
import { listing, listingKey, touch } from "./listing";

function userStatus(u: User) {
  if (u.accountStatus !== "active") return "deactivated";
  if (u.membershipStatus === "suspended") return "suspended";
  if (u.membershipStatus === "no_membership") return "not_invited";
  return "active";
}

/** A user in the spec's MultiDirectoryUser shape; `index` answers the expand options (built once per page). */
export function renderUser(
  store: Store,
  u: User,
  expand: string[] = [],
  memberOf?: Map<string, Group[]>,
  index?: AccessIndex,
) {
  const needs = (e: string) => expand.includes(e);
  const idx = () => (index ??= new AccessIndex(store));
  const groups = needs("groups") ? ((memberOf ?? idx().memberOf).get(u.accountId) ?? []) : [];
  return {
    accountId: u.accountId,
    accountType: "atlassian",
    accountStatus: u.accountStatus,
    membershipStatus: u.membershipStatus,
    status: userStatus(u),
    claimStatus: u.claimStatus,
    ...(u.managementSource ? { managementSource: u.managementSource } : {}),
    addedToOrg: u.addedToOrg,
    email: u.email,
    emailVerified: u.emailVerified,
    name: u.name,
    nickname: u.nickname,
    ...(u.jobTitle ? { jobTitle: u.jobTitle } : {}),
    ...(u.department ? { department: u.department } : {}),
    ...(needs("platformRoles") ? { platformRoles: idx().platformRoles(u.accountId) } : {}),
    ...(needs("counts.resources") ? { counts: { resources: idx().resourceCount(u.accountId) } } : {}),
    ...(needs("productAccess") ? { productAccess: idx().productAccess(u.accountId) } : {}),
    ...(needs("groups")
      ? {
          groups: groups.map((g) => ({
            id: `ari:cloud:identity::group/${g.id}`,
            name: g.name,
            description: g.description,
          })),
        }
      : {}),
    links: { self: u.accountId },
  };
}

function searchUsers(store: Store, q: Record<string, unknown>, index: () => AccessIndex): User[] {
  const emails = strArray(q.emails, "emails");
  if (emails && q.searchTerm !== undefined) {
    throw problem(ORG_ERRORS.invalidInput, "emails cannot be combined with searchTerm.");
  }
  const ids = strArray(q.accountIds, "accountIds");
  const groupIds = strArray(q.groupIds, "groupIds");
  const status = strArray(q.status, "status");
  const resourceIds = strArray(q.resourceIds, "resourceIds");
  const roleIds = strArray(q.roleIds, "roleIds");
  let users = [...store.world.org.users];
  if (emails) {
    const lower = emails.map((e) => e.toLowerCase());
    users = users.filter((u) => lower.includes(u.email.toLowerCase()));
  }
  if (ids) users = users.filter((u) => ids.includes(u.accountId));
  if (groupIds) {
    const members = new Set(store.world.org.groups.filter((g) => groupIds.includes(g.id)).flatMap((g) => g.members));
    users = users.filter((u) => members.has(u.accountId));
  }
  if (resourceIds || roleIds) {
    const holders = index().holders(resourceIds, roleIds);
    users = users.filter((u) => holders.has(u.accountId));
  }
  if (typeof q.searchTerm === "string") {
    const t = q.searchTerm.toLowerCase();
    users = users.filter((u) => u.email.toLowerCase().includes(t) || u.name.toLowerCase().includes(t));
  }
  if (typeof q.claimStatus === "string") users = users.filter((u) => u.claimStatus === q.claimStatus);
  if (status) users = users.filter((u) => status.includes(userStatus(u)));
  return users.sort((a, b) => a.accountId.localeCompare(b.accountId));
}

/** One row per resource of a user's role assignments, in the spec's MultiDirectoryUserRoleAssignment shape. */
function roleRows(store: Store, u: User, held: HeldRole[]) {
  const byResource = new Map<string, HeldRole[]>();
  for (const h of held) byResource.set(h.resourceId, [...(byResource.get(h.resourceId) ?? []), h]);
  return [...byResource.entries()].map(([resourceId, roles]) => ({
    resourceId,
    resourceOwner: resourceOwner(store, resourceId),
    directoryId: resourceOf(store, resourceId)?.kind === "product" ? store.world.org.directoryId : null,
    roles: roles.map((r) => r.roleId),
    userDirectoryStatus: u.membershipStatus,
    roleAssignments: roles.map((r) => ({ role: r.roleId, roleAssignmentMethods: [...r.methods].sort() })),
  }));
}

export function userRoutes(handle: SandboxHandle): Router {
  const r = express.Router({ mergeParams: true });
  const store = () => handle.store;
  const dir = "/v2/orgs/:orgId/directories/:directoryId";

  r.post(`${dir}/users/search`, (req, res) => {
    const { q, offset } = searchQuery(req.body ?? {});
    const limit = parseLimit(q.limit, 50, 100);
    const expand = strArray(q.expand, "expand") ?? [];
    const needsIndex = expand.some((e) => ["groups", "platformRoles", "productAccess", "counts.resources"].includes(e));
    // The users and the access index as the listing's first page found them: a later page renders its own users only.
    const found = listing(store(), listingKey("org users", q), offset === 0, () => {
      let index: AccessIndex | undefined;
      const idx = () => (index ??= new AccessIndex(store()));
      touch(store(), store().world.org.users.length);
      const users = searchUsers(store(), q, idx);
      return { users, index: needsIndex ? idx() : index };
    });
    const page = pageOf(found.users, q, offset, limit);
    touch(store(), page.data.length);
    res.json({
      ...page,
      data: page.data.map((u) => renderUser(store(), u, expand, undefined, found.index)),
    });
  });

  r.get(`${dir}/users/:userId`, (req, res) => {
    res.json({ data: renderUser(store(), getUser(store(), req.params.userId), ["groups"]) });
  });

  r.get(`${dir}/users/:accountId/role-assignments`, (req, res) => {
    const cursor = typeof req.query.cursor === "string" ? decodeCursor(req.query.cursor) : undefined;
    const q = cursor?.q ?? { ...req.query };
    const limit = parseLimit(q.limit, 20, 100);
    const u = getUser(store(), req.params.accountId);
    const resourceIds = strArray(q.resourceIds, "resourceIds");
    const roleIds = strArray(q.roleIds, "roleIds");
    const owners = strArray(q.resourceOwners, "resourceOwners");
    const held = new AccessIndex(store())
      .rolesOf(u.accountId)
      .filter((h) => (!resourceIds || resourceIds.includes(h.resourceId)) && (!roleIds || roleIds.includes(h.roleId)))
      .filter((h) => !owners || owners.includes(resourceOwner(store(), h.resourceId)));
    res.json(pageOf(roleRows(store(), u, held), q, cursor?.o ?? 0, limit));
  });

  // v1: product access and site admin for one person (`roles`), and the org-level role (`role-assignments`).
  for (const op of ["assign", "revoke"] as const) {
    const change = op === "assign" ? assignUserRole : revokeUserRole;
    r.post(`/v1/orgs/:orgId/users/:userId/roles/${op}`, (req, res) => {
      const { role, resource } = req.body ?? {};
      if (typeof role !== "string" || (resource !== undefined && typeof resource !== "string")) {
        throw problem(ORG_ERRORS.roleRequestInvalid, "role is required (a string); resource must be a string.");
      }
      change(store(), res.locals.actor, req.params.userId, role, resource);
      res.status(204).end();
    });
    r.post(`/v1/orgs/:orgId/users/:userId/role-assignments/${op}`, (req, res) => {
      const role = req.body?.role;
      if (role !== "atlassian/org-admin") {
        throw problem(
          ORG_ERRORS.roleRequestInvalid,
          `role must be "atlassian/org-admin"; got ${JSON.stringify(role)}.`,
        );
      }
      change(store(), res.locals.actor, req.params.userId, role);
      res.status(204).end();
    });
  }
  return r;
}

// Atlassian organization API v2 (and the few v1 org routes we need): directories, groups, memberships, roles,
// workspaces, invites; users (routes/org-users.ts) and app access settings (routes/app-access-settings.ts) mount here.
//
// Sandbox choices where the real service is undocumented (atlassian-api.md §10):
// - POST groups answers 201 with no body and no Location header, as the spec declares.
// - Membership add/remove on a synced group: 403 ADMIN-403-5. Removing a non-member: 404. Adding a member twice: 409.
// - Assigning a role the group already holds: 200 (upsert). Revoking an absent role: 204.
// - Role assignments become visible to reads `settings.roleConsistencyMs` after assign/revoke (default 0; Atlassian ~30 s).
// - `-` as directoryId is accepted on reads only.
import express, { type Request, type Response, type Router } from "express";
import type { SandboxHandle } from "../server";
import type { Group, Store } from "../store";
import { problem } from "../problems";
import { ORG_ERRORS } from "../org/errors";
import { orgKeyActor, scopeErrors } from "./org-auth";
import {
  addMember,
  assignRole,
  createGroup,
  createUser,
  deleteGroup,
  getGroup,
  removeMember,
  revokeRole,
  visibleRoles,
} from "../org/ops";
import { groupsByMember, rolesByGroup } from "../org/access-index";
import { decodeCursor, pageOf, parseLimit, searchQuery, strArray } from "./org-paging";
import { listing, listingKey, touch } from "./listing";
import { renderUser, userRoutes } from "./org-users";
import { appAccessSettingsRoutes } from "./app-access-settings";

// Other modules read these from here (the ISC connector renders org users and groups as the API does).
export { groupsByMember, renderUser, rolesByGroup };

export function renderGroup(store: Store, g: Group, expand: string[] = [], roles = rolesByGroup(store)) {
  const counts: { users?: number; resources?: number } = {};
  if (expand.includes("counts.users")) counts.users = g.members.length;
  if (expand.includes("counts.resources"))
    counts.resources = new Set((roles.get(g.id) ?? []).map((r) => r.resourceId)).size;
  return {
    id: g.id,
    name: g.name,
    ...(g.description !== null ? { description: g.description } : {}),
    directoryId: store.world.org.directoryId,
    externalSynced: g.externalSynced,
    managedBy: g.managedBy,
    managementAccess: { deletable: !g.externalSynced && !g.builtIn, modifiable: !g.externalSynced, readable: true },
    ...(Object.keys(counts).length ? { counts } : {}),
    links: { self: g.id },
  };
}

function searchGroups(store: Store, q: Record<string, unknown>): Group[] {
  const names = strArray(q.groupNames, "groupNames");
  const ids = strArray(q.groupIds, "groupIds");
  const accounts = strArray(q.accountIds, "accountIds");
  const resources = strArray(q.resourceIds, "resourceIds");
  const roles = strArray(q.roleIds, "roleIds");
  const term = q.searchTerm;
  if (names && (term !== undefined || ids)) {
    throw problem(ORG_ERRORS.invalidInput, "groupNames cannot be combined with searchTerm or groupIds.");
  }
  let groups = [...store.world.org.groups];
  if (names) {
    const lower = names.map((n) => n.toLowerCase());
    groups = groups.filter((g) => lower.includes(g.name.toLowerCase()));
  }
  if (ids) groups = groups.filter((g) => ids.includes(g.id));
  if (typeof term === "string") groups = groups.filter((g) => g.name.toLowerCase().includes(term.toLowerCase()));
  if (accounts) groups = groups.filter((g) => accounts.some((a) => g.members.includes(a)));
  if (resources || roles) {
    const byGroup = rolesByGroup(store);
    groups = groups.filter((g) =>
      (byGroup.get(g.id) ?? []).some(
        (r) => (!resources || resources.includes(r.resourceId)) && (!roles || roles.includes(r.roleId)),
      ),
    );
  }
  const sort = Array.isArray(q.sortBy) ? (q.sortBy[0] as { direction?: string } | undefined) : undefined;
  groups.sort((a, b) => a.name.localeCompare(b.name) * (sort?.direction === "desc" ? -1 : 1));
  return groups;
}

export function orgRoutes(handle: SandboxHandle): Router {
  const r = express.Router({ mergeParams: true });
  const store = () => handle.store;

  // Every org route: a valid org API key, the right org, and (where present) the org's directory.
  r.use("/:version/orgs/:orgId", (req: Request, res: Response, next) => {
    res.locals.actor = orgKeyActor(store(), req.headers.authorization, req);
    if (req.params.orgId !== store().world.org.id) {
      throw problem(ORG_ERRORS.orgNotFound, `Organization ${req.params.orgId} was not found.`);
    }
    next();
  });
  const dir = "/v2/orgs/:orgId/directories/:directoryId";
  r.use(dir, (req: Request, _res: Response, next) => {
    const d = req.params.directoryId;
    const readOnly = req.method === "GET" || req.path.endsWith("/search");
    if (d !== store().world.org.directoryId && !(d === "-" && readOnly)) {
      throw problem(ORG_ERRORS.directoryNotFound, `Directory ${d} was not found in this organization.`);
    }
    next();
  });

  r.use(userRoutes(handle));
  r.use(appAccessSettingsRoutes(handle));

  r.get("/v1/orgs/:orgId", (_req, res) => {
    const w = store().world;
    res.json({
      data: {
        id: w.org.id,
        type: "orgs",
        attributes: { name: w.org.name },
        relationships: {
          domains: { links: { related: `/admin/v1/orgs/${w.org.id}/domains` } },
          users: { links: { related: `/admin/v1/orgs/${w.org.id}/users` } },
        },
        links: { self: `/admin/v1/orgs/${w.org.id}` },
      },
    });
  });

  r.get("/v2/orgs/:orgId/directories", (_req, res) => {
    const w = store().world;
    res.json({ data: [{ directoryId: w.org.directoryId, name: w.org.directoryName }], links: {} });
  });

  r.post(`${dir}/groups/search`, (req, res) => {
    const { q, offset } = searchQuery(req.body ?? {});
    const limit = parseLimit(q.limit, 20, 100);
    const expand = strArray(q.expand, "expand") ?? [];
    const found = listing(store(), listingKey("org groups", q), offset === 0, () => {
      touch(store(), store().world.org.groups.length);
      return { groups: searchGroups(store(), q), roles: rolesByGroup(store()) };
    });
    const page = pageOf(found.groups, q, offset, limit);
    const roles = found.roles;
    touch(store(), page.data.length);
    res.json({ ...page, data: page.data.map((g) => renderGroup(store(), g, expand, roles)) });
  });

  r.post(`${dir}/groups`, (req, res) => {
    const { name, description } = req.body ?? {};
    if (typeof name !== "string" || name.trim() === "") throw problem(ORG_ERRORS.invalidInput, "name is required.");
    if (description !== undefined && typeof description !== "string") {
      throw problem(ORG_ERRORS.invalidInput, "description must be a string.");
    }
    createGroup(store(), res.locals.actor, { name, description });
    res.status(201).end();
  });

  r.get(`${dir}/groups/:groupId`, (req, res) => {
    res.json({
      data: renderGroup(store(), getGroup(store(), req.params.groupId), ["counts.users", "counts.resources"]),
    });
  });

  r.delete(`${dir}/groups/:groupId`, (req, res) => {
    deleteGroup(store(), res.locals.actor, req.params.groupId);
    res.status(204).end();
  });

  r.post(`${dir}/groups/:groupId/memberships`, (req, res) => {
    const accountId = req.body?.accountId;
    if (typeof accountId !== "string") throw problem(ORG_ERRORS.invalidInput, "accountId is required.");
    addMember(store(), res.locals.actor, req.params.groupId, accountId);
    res.status(204).end();
  });

  r.delete(`${dir}/groups/:groupId/memberships/:accountId`, (req, res) => {
    removeMember(store(), res.locals.actor, req.params.groupId, req.params.accountId);
    res.status(204).end();
  });

  r.get(`${dir}/groups/:groupId/role-assignments`, (req, res) => {
    const cursor = typeof req.query.cursor === "string" ? decodeCursor(req.query.cursor) : undefined;
    const q = cursor?.q ?? { ...req.query };
    const limit = parseLimit(q.limit, 20, 100);
    const g = getGroup(store(), req.params.groupId);
    const resourceIds = strArray(q.resourceIds, "resourceIds");
    const roleIds = strArray(q.roleIds, "roleIds");
    const byResource = new Map<string, string[]>();
    for (const ra of visibleRoles(store(), g.id)) {
      if (resourceIds && !resourceIds.includes(ra.resourceId)) continue;
      if (roleIds && !roleIds.includes(ra.roleId)) continue;
      byResource.set(ra.resourceId, [...(byResource.get(ra.resourceId) ?? []), ra.roleId]);
    }
    const rows = [...byResource.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([resourceId, roles]) => ({
        resourceId,
        resourceOwner: store().world.org.workspaces.find((w) => w.id === resourceId)?.product ?? "unknown",
        roles: roles.sort(),
      }));
    res.json(pageOf(rows, q, cursor?.o ?? 0, limit));
  });

  for (const op of ["assign", "revoke"] as const) {
    r.post(`${dir}/groups/:groupId/role-assignments/${op}`, (req, res) => {
      const { roleId, resourceId } = req.body ?? {};
      if (typeof roleId !== "string" || typeof resourceId !== "string") {
        throw problem(ORG_ERRORS.invalidInput, "roleId and resourceId are required.");
      }
      (op === "assign" ? assignRole : revokeRole)(store(), res.locals.actor, req.params.groupId, roleId, resourceId);
      if (op === "assign") res.status(200).end();
      else res.status(204).end();
    });
  }

  r.post("/v2/orgs/:orgId/workspaces", (req, res) => {
    const body = req.body ?? {};
    const { q, offset } =
      typeof body.cursor === "string"
        ? (({ q: c, o }) => ({ q: c, offset: o }))(decodeCursor(body.cursor))
        : { q: body, offset: 0 };
    const limit = parseLimit(q.limit, 20, 1000);
    const w = store().world;
    const rows = w.org.workspaces.map((ws) => ({
      id: ws.id,
      type: "workspace",
      attributes: {
        name: ws.siteName,
        typeKey: ws.product,
        type: ws.product,
        status: "online",
        hostUrl: ws.host,
        realm: "eu",
        regions: ["eu"],
        createdAt: ws.createdAt,
      },
      links: { self: `/admin/v2/orgs/${w.org.id}/workspaces/${encodeURIComponent(ws.id)}` },
    }));
    const page = pageOf(rows, q, offset, limit);
    res.json({
      ...page,
      meta: { pageSize: limit, startIndex: offset, endIndex: offset + page.data.length, total: rows.length },
    });
  });

  r.post("/v2/orgs/:orgId/users/invite", (req, res) => {
    const emails = strArray(req.body?.emails, "emails");
    if (!emails || emails.length === 0 || emails.length > 25) {
      throw problem(ORG_ERRORS.invalidInput, "emails must hold 1 to 25 addresses.");
    }
    const data = emails.map((email) => {
      const u = createUser(store(), res.locals.actor, {
        email,
        name: email.split("@")[0],
        managementSource: "invited",
      });
      for (const groupId of strArray(req.body?.additionalGroups, "additionalGroups") ?? [])
        addMember(store(), res.locals.actor, groupId, u.accountId);
      return { email, id: u.accountId, results: [] };
    });
    res.status(200).json({ data });
  });

  r.use(scopeErrors);
  return r;
}
